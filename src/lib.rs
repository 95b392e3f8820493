//! newsdex: turn an archive of news-article text files into a searchable index.
//!
//! The modules follow the data flow: corpus folder → [`crawl`] → [`decode`] → [`header`] →
//! [`clean`] ([`parse`] ties those three together) → [`ner`] → [`dups`] → [`index`] →
//! [`output`]; [`cli`] and [`commands`] are the command line around them; [`serve`] is the web
//! front-end beside them. [`query`] checks what users ask for, and [`variants`] knows how names
//! are spelt (the index finds them with it). [`read`] turns each kind of file (text, web page,
//! WARC record) into a parsed article, with [`html`] for web pages.

pub mod article;
pub mod clean;
pub mod cli;
pub mod commands;
pub mod crawl;
pub mod decode;
pub mod dups;
pub mod error;
pub mod header;
pub mod html;
pub mod index;
pub mod ner;
pub mod output;
pub mod parse;
pub mod query;
pub mod read;
pub mod serve;
pub mod variants;
