//! Finding copies, the stage after extraction that feeds the index: articles that are the same
//! story (syndicated by another outlet, re-issued, re-wrapped, shortened, with a paragraph or a
//! footer added or dropped) form a group, whose first article (earliest date, ties by path)
//! names it: every article's `cluster` is the id of its group's first article.
//!
//! Copies are judged on the clean body, without the corpus line statistics, so that an
//! article's signature depends on its file alone and an update needs no re-parsing of unchanged
//! files: [`shingle`] turns the body into word shingles and numbers, [`sketch`] into a small
//! signature stored with the document, and [`group`] assigns groups from the signatures of
//! the whole index.

pub mod group;
pub mod shingle;
pub mod sketch;

pub use group::{Params, group};
pub use sketch::Sketch;

use std::sync::atomic::{AtomicU64, Ordering};

use crate::clean::BodyLines;

/// CPU time spent in [`sketch_body`] by all threads, in nanoseconds (with `NEWSDEX_TIMING`).
static SIGNING_NANOS: AtomicU64 = AtomicU64::new(0);

/// Seconds spent computing signatures so far in this process, summed over threads.
pub fn signing_seconds() -> f64 {
    SIGNING_NANOS.load(Ordering::Relaxed) as f64 / 1e9
}

/// The calling thread's CPU time in nanoseconds (not wall time: the machine may be shared), or
/// 0 unless `NEWSDEX_TIMING` is set (the clock costs a system call).
fn thread_cpu_nanos() -> u64 {
    static TIMING: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if !*TIMING.get_or_init(|| std::env::var_os("NEWSDEX_TIMING").is_some()) {
        return 0;
    }
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; the call only writes it.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) } == 0;
    if ok {
        (ts.tv_sec as u64).saturating_mul(1_000_000_000) + ts.tv_nsec as u64
    } else {
        0
    }
}

/// Words per shingle.
pub const SHINGLE_WORDS: usize = 4;

/// The signature of a body as the cleaner splits it, its noise removed without corpus
/// statistics.
pub fn sketch_body(body: &BodyLines) -> Sketch {
    let start = thread_cpu_nanos();
    let lines = body.as_strs();
    let noise = crate::clean::noise_mask_in_blocks(&lines, &body.after_blank, None);
    let kept = lines
        .iter()
        .zip(noise)
        .filter(|(_, noise)| !noise)
        .map(|(l, _)| *l);
    let sketch = Sketch::of(&shingle::features(kept, SHINGLE_WORDS));
    SIGNING_NANOS.fetch_add(thread_cpu_nanos().saturating_sub(start), Ordering::Relaxed);
    sketch
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: [&str; 4] = [
        "The central bank raised its main lending rate by half a point on Thursday, its third increase this year, saying prices were rising faster than it had expected in the spring.",
        "The governor told a news conference that the bank would act again if wages kept climbing, but that it expected inflation to ease once the harvest reached the markets in the autumn.",
        "Bankers said the move had been widely expected after figures last week showed consumer prices up sharply in the year to June, the steepest rise since the end of the last recession.",
        "Shares fell on the stock exchange after the announcement, with property companies and builders losing most, while the currency rose against the dollar in late trading in the capital.",
    ];

    /// A file: a header line, then paragraphs (hard-wrapped at `wrap` columns when given,
    /// blank lines between them).
    fn file(header: &str, paragraphs: &[&str], wrap: Option<usize>) -> String {
        let mut out = format!("{header}\n");
        for p in paragraphs {
            match wrap {
                None => out.push_str(p),
                Some(w) => {
                    let mut line = 0;
                    for (i, word) in p.split(' ').enumerate() {
                        if i > 0 && line + 1 + word.len() > w {
                            out.push('\n');
                            line = 0;
                        } else if i > 0 {
                            out.push(' ');
                            line += 1;
                        }
                        out.push_str(word);
                        line += word.len();
                    }
                    out.push('\n');
                }
            }
            out.push('\n');
        }
        out
    }

    fn sketch(text: &str) -> Sketch {
        sketch_body(&crate::parse::split(text).body)
    }

    #[test]
    fn copies_and_not_copies() {
        let h1 = "12 June,1987 09:00 AM IST | Frankfurt | Reuters";
        let h2 = "13 June,1987 11:30 AM IST | Bonn | AFP";
        let original = file(h1, &STORY, None);
        let extra = "Economists polled by the agency had forecast the increase, and several said they now expected one more before the end of the year.";
        let follow = [
            "The central bank left its main lending rate unchanged on Thursday, a month after its last increase, and said it would wait for the autumn figures before deciding again.",
            "Traders had bet on another rise, and the currency fell against the dollar after the decision was published, erasing most of the gains it had made since the start of the month.",
            STORY[1],
        ];
        let template = |figures: [&str; 6]| {
            let [a, b, c, d, e, f] = figures;
            file(
                h1,
                &[
                    &format!("Shr profit {a} cts vs profit {b} cts"),
                    &format!("Net profit {c} vs profit {d}"),
                    &format!("Revs {e} mln vs {f} mln"),
                ],
                None,
            )
        };
        let report = template(["12", "10", "1,115,000", "929,000", "83.0", "71.9"]);
        let cases: [(&str, String, String, bool); 7] = [
            (
                "same story, other header",
                original.clone(),
                file(h2, &STORY, None),
                true,
            ),
            (
                "shortened copy",
                original.clone(),
                file(h2, &STORY[..2], None),
                true,
            ),
            (
                "paragraph added",
                original.clone(),
                file(h2, &[STORY[0], STORY[1], extra, STORY[2], STORY[3]], None),
                true,
            ),
            (
                "re-wrapped at 66 columns",
                original.clone(),
                file(h2, &STORY, Some(66)),
                true,
            ),
            (
                "template report, other figures",
                report.clone(),
                template(["41", "37", "2,466,006", "2,091,688", "608.1", "580.7"]),
                false,
            ),
            (
                "template report, same figures",
                report.clone(),
                report.clone(),
                true,
            ),
            (
                "follow-up repeating one paragraph",
                original.clone(),
                file(h2, &follow, None),
                false,
            ),
        ];
        let params = Params::default();
        for (name, a, b, want) in cases {
            let got = params.copies(&sketch(&a), &sketch(&b)).is_some();
            assert_eq!(
                got,
                want,
                "{name}: {:?}",
                sketch(&a).compare(&sketch(&b), 3)
            );
        }
    }
}
