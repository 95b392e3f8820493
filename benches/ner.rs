//! Micro-benchmarks of the entity extractor on fixed invented news text: end-to-end
//! extraction (tokenise, split, tag, normalise) and tagging alone, reported in tokens/s.
//! Run with `cargo bench --bench ner`.

use divan::counter::ItemsCount;
use newsdex::ner::{Extractor, tokenize};

fn main() {
    divan::main();
}

/// A few paragraphs of invented news text, in the style of the corpus.
const TEXT: &str = "\
The US has reiterated that the November 26 Mumbai attacks originated from Pakistan, but wants \
New Delhi and Islamabad to work together to bring those responsible to justice.
\"We have talked about the origins of the attack,\" State Department spokesman John Miller \
said on Tuesday in Washington, adding that Secretary of State Maria Lopez would visit the region.
Shares of Northwind Traders Ltd rose 4.5 percent to 312 rupees on the Bombay Stock Exchange \
after the company said its quarterly profit doubled, while the benchmark index fell 0.8 percent.
The Reserve Bank of India (RBI) kept its key lending rate unchanged at 6.5 percent, Governor \
Arun Mehta told reporters in Mumbai, citing inflation that remains above the central bank's target.
Police in Pune arrested three men on Sunday and seized weapons and ammunition, a senior officer \
said, adding that the suspects had links with a group based in Kashmir.
The European Union and the United Nations called for calm after clashes near the border, and \
officials in Brussels said talks would resume in Geneva next month.";

fn paragraphs() -> Vec<String> {
    TEXT.lines().map(String::from).collect()
}

fn tokens() -> usize {
    TEXT.lines().map(|l| tokenize::tokenize(l).len()).sum()
}

/// Tokenise, split, tag and normalise the article.
#[divan::bench]
fn extract(b: divan::Bencher) {
    let ex = Extractor::shared();
    let paragraphs = paragraphs();
    b.counter(ItemsCount::new(tokens()))
        .bench(|| ex.extract(divan::black_box(&paragraphs)));
}

/// Tag the already tokenised article (both passes).
#[divan::bench]
fn tag(b: divan::Bencher) {
    let tagger = Extractor::shared().tagger();
    let sentences: Vec<Vec<&str>> = TEXT.lines().flat_map(tokenize::sentences).collect();
    let (words, bounds) = newsdex::ner::flatten(&sentences);
    b.counter(ItemsCount::new(words.len()))
        .bench(|| tagger.tag_flat(words.clone(), divan::black_box(bounds.clone())));
}

/// Load the embedded model and gazetteers.
#[divan::bench(sample_count = 10)]
fn load() -> newsdex::ner::Tagger {
    newsdex::ner::Tagger::embedded().unwrap_or_else(|e| panic!("{e}"))
}
