//! k-fold cross-validation over CoNLL-2003 training documents (`newsdex ner cv`): the honest
//! measure of how the tagger does on text it was not trained or tuned on. The documents are
//! cut into `k` contiguous blocks in file order (the file is in date order, so a held-out
//! block is news of other days, with other names, as the unseen test portion is); each block
//! is tagged by a model trained from scratch on the others, word clusters included (built from
//! the unlabeled text and the training blocks' words only). Scores are exact-span P/R/F1 per
//! type, pooled over all held-out documents, per fold, and on the entities whose text the
//! training blocks never have as an entity (the names a tagger has to generalise to).

use std::collections::HashSet;
use std::io::Write;

use super::Tagger;
use super::clusters::{Unlabeled, build_from};
use super::conll::{Document, Sentence, Span, spans};
use super::gazetteer::Gazetteer;
use super::score::{Counts, OVERALL_TYPES, Scorer, TYPES};
use super::train::{TrainOptions, train};

/// The fold of document `i` of `n` with `k` contiguous folds.
pub fn fold_of(i: usize, n: usize, k: usize) -> usize {
    (i * k / n.max(1)).min(k.saturating_sub(1))
}

/// What cross-validation measured.
#[derive(Debug, Clone, Default)]
pub struct CvReport {
    /// Each fold's scores on its held-out documents.
    pub folds: Vec<Scorer>,
    /// All held-out documents together (each document scored once).
    pub pooled: Scorer,
    /// PER, LOC and ORG spans (micro) whose text no training block has as an entity: gold
    /// spans for recall, predicted spans for precision.
    pub unseen: Counts,
    /// The held-out documents' predicted tags, in document order.
    pub predictions: Vec<Vec<Vec<&'static str>>>,
}

impl CvReport {
    /// Renders the report: the pooled table, the folds' mean and standard
    /// deviation of overall F1, and the unseen-entity scores.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let f1s: Vec<f64> = self
            .folds
            .iter()
            .map(|s| s.overall().prf().2 * 100.0)
            .collect();
        out.push_str(&format!("pooled over {} folds:\n", self.folds.len()));
        out.push_str(&self.pooled.table());
        let n = f1s.len().max(1) as f64;
        let mean = f1s.iter().sum::<f64>() / n;
        let sd = (f1s.iter().map(|f| (f - mean).powi(2)).sum::<f64>() / n).sqrt();
        out.push_str(&format!(
            "overall F1 per fold: mean {mean:.2}, sd {sd:.2}\n"
        ));
        let (p, r, f) = self.unseen.prf();
        out.push_str(&format!(
            "unseen entities (PER/LOC/ORG text not an entity in the training folds): \
             P {:.2} R {:.2} F1 {:.2} ({} gold)\n",
            p * 100.0,
            r * 100.0,
            f * 100.0,
            self.unseen.tp + self.unseen.fn_
        ));
        out
    }
}

/// One line of F1 per type.
pub fn summary(s: &Scorer) -> String {
    let mut out = format!("overall {:.2}", s.overall().prf().2 * 100.0);
    for k in TYPES {
        let f = s.counts(k).unwrap_or_default().prf().2;
        out.push_str(&format!(" {k} {:.2}", f * 100.0));
    }
    out
}

/// The entity texts (`type` + words) of documents' gold tags.
fn entity_texts(docs: &[&Document]) -> HashSet<String> {
    let mut out = HashSet::new();
    for d in docs {
        for s in &d.sentences {
            for sp in spans(&s.tags) {
                out.insert(s.words[sp.start..sp.end].join(" "));
            }
        }
    }
    out
}

/// Cross-validates: `k` folds of contiguous documents, each tagged by a model trained on the
/// others and on `also` (never held out) with `opts`. Logs one line per fold as it ends.
pub fn cross_validate(
    docs: &[Document],
    also: &[Document],
    gaz: &Gazetteer,
    text: &Unlabeled,
    k: usize,
    opts: TrainOptions,
    log: &mut dyn Write,
) -> std::io::Result<CvReport> {
    let k = k.clamp(2, docs.len().max(2));
    let mut report = CvReport::default();
    for fold in 0..k {
        let held: Vec<Document> = docs
            .iter()
            .enumerate()
            .filter(|(i, _)| fold_of(*i, docs.len(), k) == fold)
            .map(|(_, d)| d.clone())
            .collect();
        let training: Vec<Document> = docs
            .iter()
            .enumerate()
            .filter(|(i, _)| fold_of(*i, docs.len(), k) != fold)
            .map(|(_, d)| d.clone())
            .chain(also.iter().cloned())
            .collect();
        let extra: Vec<Vec<&str>> = training
            .iter()
            .flat_map(|d| &d.sentences)
            .map(|s| s.words.iter().map(String::as_str).collect())
            .collect();
        let clusters = build_from(text, &extra);
        let model = train(&training, None, gaz, &clusters, opts, &mut std::io::sink())?;
        let tagger = Tagger::new(model, gaz.clone());
        let seen = entity_texts(&training.iter().collect::<Vec<_>>());
        let mut scorer = Scorer::default();
        for d in &held {
            let pred = tag_document(&tagger, d);
            for (s, p) in d.sentences.iter().zip(&pred) {
                scorer.add(&s.tags, p);
                count_unseen(s, p, &seen, &mut report.unseen);
            }
            report.predictions.push(pred);
        }
        writeln!(
            log,
            "fold {}/{k}: {} documents held out, {}",
            fold + 1,
            held.len(),
            summary(&scorer)
        )?;
        log.flush()?;
        report.folds.push(scorer);
    }
    for s in &report.folds {
        report.pooled.merge(s);
    }
    Ok(report)
}

/// One IOB2 tag per token of each sentence of a document.
fn tag_document(tagger: &Tagger, d: &Document) -> Vec<Vec<&'static str>> {
    let sents: Vec<Vec<&str>> = d
        .sentences
        .iter()
        .map(|s| s.words.iter().map(String::as_str).collect())
        .collect();
    tagger.tag(&sents)
}

/// Adds a sentence's exact-span counts of PER/LOC/ORG spans whose text is not in `seen` to `c`.
fn count_unseen(s: &Sentence, pred: &[&str], seen: &HashSet<String>, c: &mut Counts) {
    let keep = |sp: &Span| {
        OVERALL_TYPES.contains(&sp.kind.as_str())
            && !seen.contains(&s.words[sp.start..sp.end].join(" "))
    };
    let gold: HashSet<Span> = spans(&s.tags).into_iter().filter(keep).collect();
    let pred: HashSet<Span> = spans(pred).into_iter().filter(keep).collect();
    c.tp += gold.intersection(&pred).count();
    c.fp += pred.difference(&gold).count();
    c.fn_ += gold.difference(&pred).count();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_are_contiguous_and_cover_everything() {
        // (documents, folds, fold of each document)
        let cases: [(usize, usize, &[usize]); 3] = [
            (5, 2, &[0, 0, 0, 1, 1]),
            (6, 3, &[0, 0, 1, 1, 2, 2]),
            (7, 3, &[0, 0, 0, 1, 1, 2, 2]),
        ];
        for (n, k, want) in cases {
            let got: Vec<usize> = (0..n).map(|i| fold_of(i, n, k)).collect();
            assert_eq!(got, want, "{n} documents, {k} folds");
        }
    }
}
