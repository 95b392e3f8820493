//! CoNLL-2003 reading and tag schemes: documents of sentences of `(word, tag)`, IOB1 → IOB2
//! conversion, and tags → exact spans. Only the word and the last (NER) column are read: the
//! POS and chunk columns are ignored on purpose, real articles have none.

use std::path::Path;

use super::NerError;

/// One sentence of a CoNLL file: words and their gold tags (IOB2 after [`read_conll`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentence {
    /// The tokens, as written in the file.
    pub words: Vec<String>,
    /// The gold NER tags, one per token, converted to IOB2.
    pub tags: Vec<String>,
}

/// A document: the sentences between two `-DOCSTART-` lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// The sentences, in file order.
    pub sentences: Vec<Sentence>,
}

/// An entity span over a sentence's tokens: `[start, end)` and its type (`PER`, `LOC`, …).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// First token index.
    pub start: usize,
    /// One past the last token index.
    pub end: usize,
    /// Entity type without prefix.
    pub kind: String,
}

/// Reads a CoNLL-2003 file into documents, converting its NER tags to IOB2.
pub fn read_conll(path: &Path) -> Result<Vec<Document>, NerError> {
    let text = std::fs::read_to_string(path).map_err(|source| NerError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse_conll(&text).map_err(|(line, reason)| NerError::Format {
        path: path.to_path_buf(),
        line,
        reason,
    })
}

/// Parses CoNLL-2003 text; on error returns the 1-based line number and the reason.
pub fn parse_conll(text: &str) -> Result<Vec<Document>, (usize, String)> {
    let mut docs: Vec<Document> = Vec::new();
    let mut doc = Document::default();
    let mut sent = Sentence::default();
    let flush_sent = |doc: &mut Document, sent: &mut Sentence| {
        if !sent.words.is_empty() {
            sent.tags = iob1_to_iob2(&sent.tags);
            doc.sentences.push(std::mem::take(sent));
        }
    };
    for (n, line) in text.lines().enumerate() {
        let mut parts = line.split_whitespace();
        let Some(word) = parts.next() else {
            flush_sent(&mut doc, &mut sent);
            continue;
        };
        if word == "-DOCSTART-" {
            flush_sent(&mut doc, &mut sent);
            if !doc.sentences.is_empty() {
                docs.push(std::mem::take(&mut doc));
            }
            continue;
        }
        let tag = parts.last().unwrap_or("");
        if !valid_tag(tag) {
            return Err((
                n + 1,
                format!("expected `word POS chunk TAG` with TAG like O or I-PER, got {line:?}"),
            ));
        }
        sent.words.push(word.to_string());
        sent.tags.push(tag.to_string());
    }
    flush_sent(&mut doc, &mut sent);
    if !doc.sentences.is_empty() {
        docs.push(doc);
    }
    Ok(docs)
}

/// True for `O` and `B-X`/`I-X` with a non-empty type.
fn valid_tag(tag: &str) -> bool {
    tag == "O" || ((tag.starts_with("B-") || tag.starts_with("I-")) && tag.len() > 2)
}

/// Converts IOB1 (or IOB2) tags to IOB2: every entity starts with `B-`.
pub fn iob1_to_iob2(tags: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(tags.len());
    let mut prev = "O".to_string();
    for tag in tags {
        let new = if let Some(kind) = tag.strip_prefix("I-") {
            let continues = prev.len() > 2 && &prev[2..] == kind;
            if continues {
                tag.clone()
            } else {
                format!("B-{kind}")
            }
        } else {
            tag.clone()
        };
        prev = new.clone();
        out.push(new);
    }
    out
}

/// Extracts exact spans from IOB1/IOB2 tags (an `I-X` after `O` or another type starts one).
pub fn spans<S: AsRef<str>>(tags: &[S]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, &str)> = None;
    for (i, tag) in tags.iter().enumerate() {
        let tag = tag.as_ref();
        let (prefix, kind) = match tag.split_once('-') {
            Some((p, k)) if p == "B" || p == "I" => (p, k),
            _ => ("O", ""),
        };
        let continues = prefix == "I" && cur.is_some_and(|(_, k)| k == kind);
        if !continues {
            if let Some((start, k)) = cur.take() {
                out.push(Span {
                    start,
                    end: i,
                    kind: k.to_string(),
                });
            }
            if prefix != "O" {
                cur = Some((i, kind));
            }
        }
    }
    if let Some((start, k)) = cur {
        out.push(Span {
            start,
            end: tags.len(),
            kind: k.to_string(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn iob1_to_iob2_table() {
        let cases = [
            ("I-PER I-PER O", "B-PER I-PER O"),
            ("I-LOC I-LOC B-LOC", "B-LOC I-LOC B-LOC"),
            ("I-ORG I-LOC", "B-ORG B-LOC"),
            ("O I-MISC O I-MISC", "O B-MISC O B-MISC"),
            ("B-PER I-PER", "B-PER I-PER"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(iob1_to_iob2(&v(input)), v(want), "{input}");
        }
    }

    #[test]
    fn spans_table() {
        let sp = |s, e, k: &str| Span {
            start: s,
            end: e,
            kind: k.into(),
        };
        let cases = [
            ("I-PER I-PER O", vec![sp(0, 2, "PER")]),
            ("I-LOC B-LOC", vec![sp(0, 1, "LOC"), sp(1, 2, "LOC")]),
            ("O I-ORG I-LOC", vec![sp(1, 2, "ORG"), sp(2, 3, "LOC")]),
            ("B-PER I-PER B-PER", vec![sp(0, 2, "PER"), sp(2, 3, "PER")]),
            ("O O", vec![]),
        ];
        for (tags, want) in cases {
            assert_eq!(spans(&v(tags)), want, "{tags}");
        }
    }

    #[test]
    fn parse_docs_and_errors() {
        let text = "-DOCSTART- -X- O O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O\n\n\
                    -DOCSTART- -X- O O\n\nPeter NNP I-NP I-PER\n";
        let docs = parse_conll(text).unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].sentences[0].tags, v("B-ORG O"));
        assert_eq!(docs[1].sentences[0].words, v("Peter"));
        assert_eq!(parse_conll("EU NNP I-NP X-ORG\n").unwrap_err().0, 1);
    }
}
