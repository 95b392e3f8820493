//! The work behind `newsdex ner train|cv|tag|eval`, apart from the argument glue in
//! `commands/ner.rs` so tests can call it directly.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;

use super::conll::{Document, read_conll};
use super::gazetteer::{Gazetteer, derive_shipped};
use super::model::Model;
use super::score::Scorer;
use super::train::{TrainOptions, train};
use super::{NerError, Tagger};

/// What training reads: the CoNLL folder, the gazetteer source folder, the unlabeled text's
/// folders and more labelled files.
#[derive(Debug, Clone)]
pub struct Sources<'a> {
    /// Folder with `eng.train` (and optionally `eng.testa`).
    pub data: &'a Path,
    /// Folder with `places.tsv`, `first_names.tsv` and `demonyms.tsv`.
    pub gazetteer: &'a Path,
    /// Folders of unlabeled news text for the word clusters.
    pub unlabeled: Vec<&'a Path>,
    /// More labelled CoNLL-2003 files to train on (`--also`).
    pub also: &'a [PathBuf],
}

/// Rebuilds the model: writes the shipped gazetteer files next to `out`, then trains on
/// `data/eng.train` and the `also` files (logging `data/eng.testa` scores per epoch when it is
/// present and not trained on) and writes `out`.
pub fn train_model(
    src: &Sources,
    out: &Path,
    opts: TrainOptions,
    log: &mut dyn Write,
) -> anyhow::Result<()> {
    let out_dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => Path::new(".").to_path_buf(),
    };
    std::fs::create_dir_all(&out_dir)
        .with_context(|| format!("{}: cannot create the output folder", out_dir.display()))?;
    check_unlabeled(&src.unlabeled)?;
    derive_shipped(src.gazetteer, &out_dir)?;
    let gaz = Gazetteer::load_dir(&out_dir)?;
    let mut train_docs = read_conll(&src.data.join("eng.train"))?;
    train_docs.extend(read_also(src.also)?);
    let t0 = Instant::now();
    let extra: Vec<Vec<&str>> = train_docs
        .iter()
        .flat_map(|d| &d.sentences)
        .map(|s| s.words.iter().map(String::as_str).collect())
        .collect();
    let clusters = super::clusters::build(&src.unlabeled, &extra);
    writeln!(
        log,
        "{} word clusters in {:.1}s",
        clusters.len(),
        t0.elapsed().as_secs_f64()
    )?;
    let dev_path = src.data.join("eng.testa");
    let dev_docs: Option<Vec<Document>> = if dev_path.exists() && !trained_on(&dev_path, src.also) {
        Some(read_conll(&dev_path)?)
    } else {
        None
    };
    let t0 = Instant::now();
    let model = train(&train_docs, dev_docs.as_deref(), &gaz, &clusters, opts, log)?;
    let bytes = model.to_bytes();
    std::fs::write(out, &bytes).map_err(|source| NerError::Write {
        path: out.to_path_buf(),
        source,
    })?;
    writeln!(
        log,
        "wrote {} ({} features, {} bytes) in {:.1}s",
        out.display(),
        model.weights.len(),
        bytes.len(),
        t0.elapsed().as_secs_f64()
    )?;
    Ok(())
}

/// Cross-validates the training recipe on `data/eng.train` with `folds` contiguous folds
/// ([`super::cv`]) and prints the report. The gazetteer is built in memory from its source
/// folder; nothing is written.
pub fn cross_validate(
    src: &Sources,
    folds: usize,
    opts: TrainOptions,
    predictions: Option<&Path>,
    log: &mut dyn Write,
) -> anyhow::Result<()> {
    check_unlabeled(&src.unlabeled)?;
    let gaz = Gazetteer::from_source_dir(src.gazetteer)?;
    let docs = read_conll(&src.data.join("eng.train"))?;
    let extra = read_also(src.also)?;
    let text = super::clusters::Unlabeled::read(&src.unlabeled);
    writeln!(
        log,
        "{} training documents in {folds} contiguous folds (+{} trained on in every fold); \
         {} unlabeled files; {} epochs",
        docs.len(),
        extra.len(),
        text.files(),
        opts.epochs
    )?;
    let t0 = Instant::now();
    let report = super::cv::cross_validate(&docs, &extra, &gaz, &text, folds, opts, log)?;
    write!(log, "{}", report.render())?;
    writeln!(log, "in {:.1}s", t0.elapsed().as_secs_f64())?;
    if let Some(path) = predictions {
        let mut out = Vec::new();
        for (doc, pred) in docs.iter().zip(&report.predictions) {
            write_tagged(doc, pred, &mut out)?;
        }
        std::fs::write(path, out).map_err(|source| NerError::Write {
            path: path.to_path_buf(),
            source,
        })?;
    }
    Ok(())
}

/// The documents of the `--also` files, in order.
fn read_also(also: &[PathBuf]) -> anyhow::Result<Vec<Document>> {
    let mut docs = Vec::new();
    for path in also {
        docs.extend(read_conll(path)?);
    }
    Ok(docs)
}

/// Whether `path` is one of the `also` files (compared as canonical paths).
fn trained_on(path: &Path, also: &[PathBuf]) -> bool {
    let canon = |p: &Path| std::fs::canonicalize(p).ok();
    let Some(path) = canon(path) else {
        return false;
    };
    also.iter().any(|a| canon(a).as_ref() == Some(&path))
}

fn check_unlabeled(unlabeled: &[&Path]) -> anyhow::Result<()> {
    for dir in unlabeled {
        anyhow::ensure!(
            dir.is_dir(),
            "{}: not a folder; pass --unlabeled DIR with the news text for the word clusters",
            dir.display()
        );
    }
    Ok(())
}

/// Loads a model file written by `newsdex ner train`, with the gazetteer files beside it.
pub fn load_tagger(model: &Path) -> anyhow::Result<Tagger> {
    let bytes = std::fs::read(model).map_err(|source| NerError::Read {
        path: model.to_path_buf(),
        source,
    })?;
    let dir = model.parent().unwrap_or(Path::new("."));
    Ok(Tagger::new(
        Model::from_bytes(&bytes).with_context(|| model.display().to_string())?,
        Gazetteer::load_dir(dir)?,
    ))
}

/// Tags a CoNLL file: `token<TAB>gold<TAB>predicted` per token (IOB2), a blank line between
/// sentences.
pub fn tag_conll(tagger: &Tagger, path: &Path, out: &mut dyn Write) -> anyhow::Result<()> {
    let docs = read_conll(path)?;
    for doc in &docs {
        let sents: Vec<Vec<&str>> = doc
            .sentences
            .iter()
            .map(|s| s.words.iter().map(String::as_str).collect())
            .collect();
        write_tagged(doc, &tagger.tag(&sents), out)?;
    }
    Ok(())
}

/// Writes a document as `token<TAB>gold<TAB>predicted` lines, a blank line after each sentence.
fn write_tagged(doc: &Document, pred: &[Vec<&str>], out: &mut dyn Write) -> std::io::Result<()> {
    for (s, p) in doc.sentences.iter().zip(pred) {
        for ((w, g), t) in s.words.iter().zip(&s.tags).zip(p) {
            writeln!(out, "{w}\t{g}\t{t}")?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// Scores the tagger on a CoNLL file and prints the P/R/F1 table and the tagging speed.
pub fn eval_conll(tagger: &Tagger, path: &Path, out: &mut dyn Write) -> anyhow::Result<()> {
    let docs = read_conll(path)?;
    let mut scorer = Scorer::default();
    let mut tokens = 0usize;
    let t0 = Instant::now();
    let cpu0 = thread_cpu_seconds();
    let mut all = Vec::with_capacity(docs.len());
    for doc in &docs {
        let sents: Vec<Vec<&str>> = doc
            .sentences
            .iter()
            .map(|s| s.words.iter().map(String::as_str).collect())
            .collect();
        tokens += sents.iter().map(Vec::len).sum::<usize>();
        all.push(tagger.tag(&sents));
    }
    let secs = t0.elapsed().as_secs_f64();
    let cpu = cpu0.and_then(|c0| Some(thread_cpu_seconds()? - c0));
    for (doc, pred) in docs.iter().zip(&all) {
        for (s, p) in doc.sentences.iter().zip(pred) {
            scorer.add(&s.tags, p);
        }
    }
    write!(out, "{}", scorer.table())?;
    writeln!(
        out,
        "{tokens} tokens in {:.3}s: {:.0} tokens/s (one thread){}",
        secs,
        tokens as f64 / secs.max(1e-9),
        cpu_rate(tokens, cpu)
    )?;
    Ok(())
}

/// The body paragraphs of a corpus file, approximately: the non-empty lines after the header
/// line (`07 January,2009 09:47 AM IST | place | source`), or all lines when none is found.
pub fn approximate_body(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.matches(" | ").count() >= 1 && l.contains(" IST"))
        .map_or(0, |i| i + 1);
    lines[start..]
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

/// Measures [`super::Extractor::extract`] end to end on every `.txt` file under `corpus`
/// (bodies from [`approximate_body`]), on one thread; prints files, tokens, time and tokens/s.
pub fn bench_corpus(
    extractor: &super::Extractor,
    corpus: &Path,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let mut files = Vec::new();
    for e in walkdir::WalkDir::new(corpus).sort_by_file_name() {
        let e = e.with_context(|| format!("{}: cannot walk", corpus.display()))?;
        if e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "txt") {
            files.push(e.into_path());
        }
    }
    let mut docs = Vec::with_capacity(files.len());
    let (mut tokens, mut bytes) = (0usize, 0usize);
    for p in &files {
        let raw = std::fs::read(p).map_err(|source| NerError::Read {
            path: p.clone(),
            source,
        })?;
        let body = approximate_body(&String::from_utf8_lossy(&raw));
        tokens += body
            .iter()
            .map(|l| super::tokenize::tokenize(l).len())
            .sum::<usize>();
        bytes += body.iter().map(String::len).sum::<usize>();
        docs.push(body);
    }
    let t0 = Instant::now();
    let cpu0 = thread_cpu_seconds();
    let mut entities = 0usize;
    for d in &docs {
        let e = extractor.extract(d);
        entities += e.people.len() + e.places.len() + e.organisations.len();
    }
    let secs = t0.elapsed().as_secs_f64();
    let cpu = cpu0.and_then(|c0| Some(thread_cpu_seconds()? - c0));
    writeln!(
        out,
        "{} files, {tokens} tokens, {:.1} MB of body text, {entities} entities in {secs:.3}s: \
         {:.0} tokens/s, {:.1} MB/s (one thread){}",
        docs.len(),
        bytes as f64 / 1e6,
        tokens as f64 / secs.max(1e-9),
        bytes as f64 / 1e6 / secs.max(1e-9),
        cpu_rate(tokens, cpu)
    )?;
    Ok(())
}

/// `; N tokens per CPU-second` when the thread's CPU time is known: the speed other
/// processes on a busy machine do not disturb.
fn cpu_rate(tokens: usize, cpu: Option<f64>) -> String {
    match cpu {
        Some(c) if c > 0.0 => format!("; {:.0} tokens per CPU-second", tokens as f64 / c),
        _ => String::new(),
    }
}

/// The calling thread's user and system CPU time in seconds, where the platform tells it
/// (`/proc/thread-self/stat` on Linux, fields 14 and 15, in 1/100 s).
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let ticks: Vec<f64> = stat
        .rsplit(')')
        .next()?
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|t| t.parse().ok())
        .collect();
    match ticks[..] {
        [user, sys] => Some((user + sys) / 100.0),
        _ => None,
    }
}
