//! Exact-span scoring, as `shared/tools/eval_ner.py score` does it: a predicted span counts only
//! when start, end and type match a gold span; precision, recall and F1 per type, and an
//! overall micro-average over PER, LOC and ORG (MISC is reported but not in the overall).

use std::collections::HashSet;

use super::conll::{Span, spans};

/// The types reported, in table order.
pub const TYPES: [&str; 4] = ["PER", "LOC", "ORG", "MISC"];
/// The types that make up the overall micro-average.
pub const OVERALL_TYPES: [&str; 3] = ["PER", "LOC", "ORG"];

/// True positive, false positive and false negative counts for one type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Predicted spans that match a gold span.
    pub tp: usize,
    /// Predicted spans that match none.
    pub fp: usize,
    /// Gold spans not predicted.
    pub fn_: usize,
}

impl Counts {
    /// Precision, recall and F1 as fractions in `[0, 1]`.
    pub fn prf(&self) -> (f64, f64, f64) {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let p = ratio(self.tp, self.tp + self.fp);
        let r = ratio(self.tp, self.tp + self.fn_);
        let f = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        (p, r, f)
    }
}

/// Accumulates span counts per type over sentences.
#[derive(Debug, Clone, Default)]
pub struct Scorer {
    counts: [Counts; 4],
}

impl Scorer {
    /// Adds one sentence's gold and predicted tags (IOB1 or IOB2).
    pub fn add<S: AsRef<str>, T: AsRef<str>>(&mut self, gold: &[S], pred: &[T]) {
        let gold: HashSet<Span> = spans(gold).into_iter().collect();
        let pred: HashSet<Span> = spans(pred).into_iter().collect();
        for s in &pred {
            if let Some(i) = type_index(&s.kind) {
                if gold.contains(s) {
                    self.counts[i].tp += 1;
                } else {
                    self.counts[i].fp += 1;
                }
            }
        }
        for s in gold.difference(&pred) {
            if let Some(i) = type_index(&s.kind) {
                self.counts[i].fn_ += 1;
            }
        }
    }

    /// Adds another scorer's counts to this one's.
    pub fn merge(&mut self, other: &Scorer) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            a.tp += b.tp;
            a.fp += b.fp;
            a.fn_ += b.fn_;
        }
    }

    /// The counts of one type (`PER`, `LOC`, `ORG`, `MISC`), or `None` for another name.
    pub fn counts(&self, kind: &str) -> Option<Counts> {
        type_index(kind).map(|i| self.counts[i])
    }

    /// The micro-averaged counts over PER, LOC and ORG.
    pub fn overall(&self) -> Counts {
        let mut c = Counts::default();
        for k in OVERALL_TYPES {
            let x = self.counts(k).unwrap_or_default();
            c.tp += x.tp;
            c.fp += x.fp;
            c.fn_ += x.fn_;
        }
        c
    }

    /// Renders the table: one row per type and `overall`, P/R/F1 in percent.
    pub fn table(&self) -> String {
        let mut out = format!(
            "{:8} {:>6} {:>6} {:>6}   {:>5} {:>5} {:>5}\n",
            "type", "P", "R", "F1", "gold", "pred", "tp"
        );
        let rows = TYPES
            .iter()
            .map(|k| (*k, self.counts(k).unwrap_or_default()))
            .chain([("overall", self.overall())]);
        for (name, c) in rows {
            let (p, r, f) = c.prf();
            out.push_str(&format!(
                "{:8} {:6.2} {:6.2} {:6.2}   {:5} {:5} {:5}\n",
                name,
                p * 100.0,
                r * 100.0,
                f * 100.0,
                c.tp + c.fn_,
                c.tp + c.fp,
                c.tp
            ));
        }
        out
    }
}

fn type_index(kind: &str) -> Option<usize> {
    TYPES.iter().position(|t| *t == kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scoring_table() {
        // (gold, pred, tp, fp, fn) for PER
        let cases = [
            ("B-PER I-PER O", "B-PER I-PER O", 1, 0, 0),
            ("B-PER I-PER O", "B-PER O O", 0, 1, 1),
            ("I-PER I-PER O", "B-PER I-PER O", 1, 0, 0), // IOB1 gold vs IOB2 pred
            ("O O", "B-PER B-PER", 0, 2, 0),
            ("B-PER O", "B-LOC O", 0, 0, 1),
        ];
        for (gold, pred, tp, fp, fn_) in cases {
            let g: Vec<&str> = gold.split(' ').collect();
            let p: Vec<&str> = pred.split(' ').collect();
            let mut s = Scorer::default();
            s.add(&g, &p);
            assert_eq!(
                s.counts("PER").unwrap(),
                Counts { tp, fp, fn_ },
                "{gold} / {pred}"
            );
        }
    }

    #[test]
    fn prf_and_table() {
        let c = Counts {
            tp: 3,
            fp: 1,
            fn_: 1,
        };
        let (p, r, f) = c.prf();
        assert!((p - 0.75).abs() < 1e-9 && (r - 0.75).abs() < 1e-9 && (f - 0.75).abs() < 1e-9);
        assert_eq!(Counts::default().prf(), (0.0, 0.0, 0.0));
        let mut s = Scorer::default();
        s.add(&["B-MISC", "B-ORG"], &["B-MISC", "O"]);
        let t = s.table();
        assert!(t.contains("MISC     100.00 100.00 100.00"), "{t}");
        assert!(
            t.contains("overall    0.00   0.00   0.00       1     0     0"),
            "{t}"
        );
    }
}
