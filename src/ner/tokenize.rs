//! Raw text → sentences of tokens, split the way CoNLL-2003 is: punctuation, quotes and
//! brackets apart, possessive `'s` and `n't` apart, but abbreviations (`U.S.`, `Mr.`, `J.`),
//! hyphenated words (`Jamaat-ud-Dawa`), numbers (`1,000.5`) and inner apostrophes (`O'Brien`)
//! kept whole. Tokens are slices of the input, so no text is copied.

/// Characters split off the front of a word.
const LEADING: &[char] = &['"', '\'', '(', '[', '{', '<', '“', '‘', '«', '`'];
/// Characters split off the end of a word (periods are handled apart).
const TRAILING: &[char] = &[
    '"', '\'', ')', ']', '}', '>', ',', ';', ':', '!', '?', '”', '’', '»', '…',
];
/// Words that keep their final period (lower-cased, without the period).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "col", "lt", "capt", "sgt", "maj",
    "adm", "cmdr", "gov", "sen", "rep", "rev", "hon", "pres", "supt", "insp", "corp", "inc", "ltd",
    "co", "bros", "no", "nos", "vs", "jan", "feb", "mar", "apr", "aug", "sep", "sept", "oct",
    "nov", "dec", "mt", "ft", "ave", "blvd", "dept", "univ", "assn", "est", "approx", "etc",
    "calif", "conn", "fla", "ill", "mass", "mich", "minn", "penn", "tenn", "tex", "wash", "wis",
    "ariz", "ark", "colo", "del", "ga", "ind", "kan", "ky", "la", "md", "miss", "mo", "mont",
    "neb", "nev", "okla", "ore", "pa", "va", "vt", "wyo",
];

/// Splits text into sentences of tokens.
pub fn sentences(text: &str) -> Vec<Vec<&str>> {
    let mut words = Vec::new();
    let mut bounds = Vec::new();
    sentences_into(text, &mut words, &mut bounds);
    bounds.iter().map(|&(b, e)| words[b..e].to_vec()).collect()
}

/// Splits text into sentences, appending its tokens to `words` and each sentence's
/// `[begin, end)` in `words` to `bounds`.
pub fn sentences_into<'a>(
    text: &'a str,
    words: &mut Vec<&'a str>,
    bounds: &mut Vec<(usize, usize)>,
) {
    let start = words.len();
    for chunk in text.split_ascii_whitespace() {
        if chunk.is_ascii() {
            split_chunk(chunk, words);
        } else {
            for chunk in chunk.split_whitespace() {
                split_chunk(chunk, words);
            }
        }
    }
    let mut b = start;
    let mut i = start;
    while i < words.len() {
        let t = words[i];
        i += 1;
        if matches!(t, "." | "?" | "!") {
            // Closing quotes and brackets stay with the sentence they end.
            while i < words.len() && is_closer(words[i]) {
                i += 1;
            }
            if words.get(i).is_none_or(|n| starts_sentence(n)) {
                bounds.push((b, i));
                b = i;
            }
        }
    }
    if b < words.len() {
        bounds.push((b, words.len()));
    }
}

fn is_closer(t: &str) -> bool {
    matches!(t, "\"" | "'" | "”" | "’" | ")" | "]" | "»")
}

fn starts_sentence(t: &str) -> bool {
    t.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || LEADING.contains(&c))
}

/// Splits text into tokens (slices of `text`).
pub fn tokenize(text: &str) -> Vec<&str> {
    let mut out = Vec::with_capacity(text.len() / 5);
    for chunk in text.split_whitespace() {
        split_chunk(chunk, &mut out);
    }
    out
}

fn split_chunk<'a>(mut w: &'a str, out: &mut Vec<&'a str>) {
    // Most chunks are plain words or numbers: nothing to split.
    if w.bytes().all(|b| b.is_ascii_alphanumeric()) {
        out.push(w);
        return;
    }
    // Leading punctuation, one token each.
    while let Some(c) = w.chars().next() {
        if LEADING.contains(&c) && w.len() > c.len_utf8() || w == "\"" {
            out.push(&w[..c.len_utf8()]);
            w = &w[c.len_utf8()..];
        } else {
            break;
        }
    }
    if w.is_empty() {
        return;
    }
    // Trailing punctuation, collected in reverse (a chunk has at most a few).
    let mut tail: [&'a str; 8] = [""; 8];
    let mut n_tail = 0;
    while let Some(c) = w.chars().next_back() {
        let cut = w.len() - c.len_utf8();
        if cut == 0 {
            break;
        }
        if c == '.' {
            if n_tail == tail.len() {
                break;
            }
            if w.ends_with("...") && w.len() > 3 {
                tail[n_tail] = &w[w.len() - 3..];
                n_tail += 1;
                w = &w[..w.len() - 3];
                continue;
            }
            if keeps_period(w) {
                break;
            }
            tail[n_tail] = &w[cut..];
            n_tail += 1;
            w = &w[..cut];
        } else if n_tail < tail.len()
            && (((c == '\'' || c == '’') && ends_possessive_plural(&w[..cut]))
                || (TRAILING.contains(&c) && c != '\'' && c != '’'))
        {
            tail[n_tail] = &w[cut..];
            n_tail += 1;
            w = &w[..cut];
        } else {
            break;
        }
    }
    // Possessive 's and n't.
    if let Some(pos) = clitic_start(w) {
        out.push(&w[..pos]);
        out.push(&w[pos..]);
    } else {
        split_dashes(w, out);
    }
    out.extend(tail[..n_tail].iter().rev());
}

/// `--` and long dashes inside a chunk become tokens of their own.
fn split_dashes<'a>(w: &'a str, out: &mut Vec<&'a str>) {
    if !w.bytes().any(|b| b == b'-' || b >= 0x80) {
        out.push(w);
        return;
    }
    let mut rest = w;
    while let Some(pos) = rest.find(['—', '–']).or_else(|| rest.find("--")) {
        let dash_len = if rest[pos..].starts_with("--") {
            2
        } else {
            rest[pos..].chars().next().map_or(1, char::len_utf8)
        };
        if pos > 0 {
            out.push(&rest[..pos]);
        }
        out.push(&rest[pos..pos + dash_len]);
        rest = &rest[pos + dash_len..];
    }
    if !rest.is_empty() {
        out.push(rest);
    }
}

/// `U.S.`, `J.`, `Mr.`, `Corp.` keep their period; `end.` does not.
fn keeps_period(w: &str) -> bool {
    let stem = &w[..w.len() - 1];
    if stem.is_empty()
        || !stem
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-')
    {
        return false;
    }
    if stem.contains('.') {
        return stem.chars().filter(|c| c.is_alphabetic()).count() <= 6;
    }
    let mut chars = stem.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return c.is_uppercase();
    }
    ABBREVIATIONS.contains(&stem.to_ascii_lowercase().as_str())
}

/// `countries'` → split the apostrophe (plural possessive); `O'` is not.
fn ends_possessive_plural(stem: &str) -> bool {
    stem.len() > 2 && (stem.ends_with('s') || stem.ends_with('S'))
}

/// Byte offset of a trailing `'s` or `n't` clitic, if the word has one.
fn clitic_start(w: &str) -> Option<usize> {
    for suffix in ["'s", "’s", "'S", "’S"] {
        if w.len() > suffix.len() && w.ends_with(suffix) {
            return Some(w.len() - suffix.len());
        }
    }
    for suffix in ["n't", "n’t"] {
        if w.len() > suffix.len() + 1 && w.ends_with(suffix) {
            return Some(w.len() - suffix.len());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenize_table() {
        let cases = [
            ("Pakistan's crackdown", "Pakistan|'s|crackdown"),
            ("the U.S. said.", "the|U.S.|said|."),
            ("in the U.S.", "in|the|U.S."),
            (
                "Lashkar-e-Taiba (LeT), showed",
                "Lashkar-e-Taiba|(|LeT|)|,|showed",
            ),
            ("\"Well, we've talked", "\"|Well|,|we've|talked"),
            ("soil.\"", "soil|.|\""),
            ("Mr. Smith doesn't", "Mr.|Smith|does|n't"),
            ("the countries' ministries", "the|countries|'|ministries"),
            (
                "O'Brien paid $1,000.50 today",
                "O'Brien|paid|$1,000.50|today",
            ),
            ("India’s conclusion", "India|’s|conclusion"),
            ("J. Smith -- no", "J.|Smith|--|no"),
            ("wait...", "wait|..."),
            // Reuters' ticker brackets.
            ("<BTR Realty Inc>, which", "<|BTR|Realty|Inc|>|,|which"),
            ("", ""),
        ];
        for (text, want) in cases {
            let got = tokenize(text).join("|");
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn sentences_table() {
        let cases = [
            ("He said. She left.", vec!["He said .", "She left ."]),
            (
                "It was \"clear.\" Then",
                vec!["It was \" clear . \"", "Then"],
            ),
            ("in the U.S. In exchange", vec!["in the U.S. In exchange"]),
            ("3.5 percent. ok", vec!["3.5 percent . ok"]),
        ];
        for (text, want) in cases {
            let got: Vec<String> = sentences(text).iter().map(|s| s.join(" ")).collect();
            assert_eq!(got, want, "{text:?}");
        }
    }
}
