//! newsdex: turn an archive of news-article text files into a searchable index.
//!
//! The modules follow the data flow: corpus folder → [`crawl`] → [`decode`] → [`header`] →
//! [`clean`] ([`parse`] ties those three together) → [`ner`] → [`index`] → [`output`].

pub mod article;
pub mod clean;
pub mod decode;
pub mod header;
pub mod ner;
pub mod parse;
