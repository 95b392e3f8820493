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

/// The seed article's body (`corpus-dev/2009/01/000_88a2c8552096e24a.txt` without its header
/// line and its `ALSO READ` block).
const SEED: &str = include_str!("fixtures/ner/seed_article.txt");

#[test]
fn seed_article_entities() {
    let paragraphs: Vec<String> = SEED
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(String::from)
        .collect();
    let e = newsdex::ner::Extractor::shared().extract(&paragraphs);
    eprintln!("{e:#?}");
    assert_eq!(
        e.people,
        vec!["Condoleezza Rice", "Richard Boucher", "Sean McCormack"]
    );
    for p in [
        "United States",
        "Pakistan",
        "India",
        "Mumbai",
        "New Delhi",
        "Islamabad",
    ] {
        assert!(
            e.places.iter().any(|x| x == p),
            "{p} missing from {:?}",
            e.places
        );
    }
    for o in ["Jamaat-ud-Dawa", "Lashkar-e-Taiba"] {
        assert!(
            e.organisations.iter().any(|x| x == o),
            "{o} missing from {:?}",
            e.organisations
        );
    }
}

/// Prints the tags of `$NER_TEXT` (debugging aid).
#[test]
#[ignore]
fn show_tags() {
    let text = std::env::var("NER_TEXT").unwrap_or_default();
    let sents = newsdex::ner::tokenize::sentences(&text);
    let tags = newsdex::ner::Extractor::shared().tagger().tag(&sents);
    for (s, t) in sents.iter().zip(&tags) {
        for (w, t) in s.iter().zip(t) {
            println!("{w}\t{t}");
        }
    }
}
