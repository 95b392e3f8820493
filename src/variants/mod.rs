//! Spelling variants of names, before they meet the index: the transliteration key that gives
//! `Jamaat-ud-Dawa`, `Jamat ud Dawah` and `Jamaat-ud-Daawa` one spelling ([`key`]), a
//! transliteration-aware edit distance for the variants the key leaves apart (`Lashkar-e-Toiba`
//! and `Lashkar-e-Taiba`, [`distance`]), and acronyms introduced as `Long Form (ACR)` in an
//! article's text ([`acronym`]). Pure functions over strings; the index's `spelling` and
//! `aliases` modules use them at index and query time.

pub mod acronym;
pub mod distance;
pub mod key;

pub use distance::{allowed, distance};
pub use key::{key, skeleton};
