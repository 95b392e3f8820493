//! Integration tests of the named-entity extractor.

use std::path::Path;

/// Rebuilds the model into `$NER_OUT` (default `target/ner-dev/ner.bin`); run with
/// `cargo test --release --test ner -- --ignored train_dev --nocapture`.
#[test]
#[ignore]
fn train_dev() {
    let out = std::env::var("NER_OUT").unwrap_or_else(|_| "/tmp/ner-dev/ner.bin".into());
    let epochs: usize = std::env::var("NER_EPOCHS")
        .ok()
        .and_then(|e| e.parse().ok())
        .unwrap_or(12);
    let opts = newsdex::ner::train::TrainOptions {
        epochs,
        ..Default::default()
    };
    newsdex::ner::run::train_model(
        Path::new("/work/shared/data/ner/conll2003"),
        Path::new("/work/shared/data/gazetteer"),
        &[
            Path::new("/work/shared/data/raw/reuters21578"),
            Path::new("/work/shared/data/raw/bbc"),
        ],
        Path::new(&out),
        opts,
        &mut std::io::stdout(),
    )
    .unwrap();
    let tagger = newsdex::ner::run::load_tagger(Path::new(&out)).unwrap();
    newsdex::ner::run::eval_conll(
        &tagger,
        Path::new("/work/shared/data/ner/conll2003/eng.testa"),
        &mut std::io::stdout(),
    )
    .unwrap();
}

/// Writes `token gold pred` for testa to `/tmp/ner-dev/testa.tsv` with the dev model.
#[test]
#[ignore]
fn tag_dev() {
    let tagger = newsdex::ner::run::load_tagger(Path::new("/tmp/ner-dev/ner.bin")).unwrap();
    let mut f = std::fs::File::create("/tmp/ner-dev/testa.tsv").unwrap();
    newsdex::ner::run::tag_conll(
        &tagger,
        Path::new("/work/shared/data/ner/conll2003/eng.testa"),
        &mut f,
    )
    .unwrap();
}
