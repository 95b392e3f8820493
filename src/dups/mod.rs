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

use crate::clean::BodyLines;

/// Words per shingle.
pub const SHINGLE_WORDS: usize = 4;

/// The signature of a body as the cleaner splits it, its noise removed without corpus
/// statistics.
pub fn sketch_body(body: &BodyLines) -> Sketch {
    let lines = body.as_strs();
    let noise = crate::clean::noise_mask_in_blocks(&lines, &body.after_blank, None);
    let kept = lines
        .iter()
        .zip(noise)
        .filter(|(_, noise)| !noise)
        .map(|(l, _)| *l);
    Sketch::of(&shingle::features(kept, SHINGLE_WORDS))
}
