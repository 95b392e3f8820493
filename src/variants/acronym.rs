//! Acronyms an article introduces: `Lashkar-e-Taiba (LeT)`, or the other way round, `the LeT
//! (Lashkar-e-Taiba)`. A definition counts only when the long form is one of the article's
//! names (so the tagger saw a name there) of at least two words, and the acronym's letters
//! spell it: each word gives its first letter and maybe more letters from further in
//! (`London Interbank Offered Rate` → `LIBOR`), and small words may give none (`of`, `and`,
//! linkers such as `e` and `ud`: `Securities and Exchange Commission` → `SEC`, `Jamaat-ud-Dawa`
//! → `JuD` or `JD`).

use crate::ner::normalize::is_acronym;

/// Longest text between parentheses looked at.
const MAX_INNER: usize = 80;
/// Most words a long form may have.
const MAX_WORDS: usize = 12;

/// An acronym and the name it stands for in one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition<'a> {
    /// The acronym as written (`LeT`).
    pub acronym: String,
    /// The long form: one of the names given to [`definitions`].
    pub long: &'a str,
}

/// The acronym definitions in an article's paragraphs whose long form is one of `names`.
pub fn definitions<'a>(paragraphs: &[String], names: &[&'a str]) -> Vec<Definition<'a>> {
    let mut out: Vec<Definition<'a>> = Vec::new();
    for p in paragraphs {
        let mut from = 0;
        while let Some(open) = p[from..].find('(').map(|i| from + i) {
            let Some(close) = p[open..].find(')').map(|i| open + i) else {
                break;
            };
            from = open + 1;
            let inner = p[open + 1..close].trim();
            if inner.is_empty() || inner.len() > MAX_INNER {
                continue;
            }
            let before = p[..open].trim_end();
            let found = if is_acronym(inner) {
                // `Long Form (ACR)`: the longest name the text before ends with.
                names
                    .iter()
                    .filter(|n| ends_with_word(before, n) && expands(inner, n))
                    .max_by_key(|n| n.len())
                    .map(|n| (inner.to_string(), *n))
            } else {
                // `ACR (Long Form)`.
                let word = before
                    .rsplit(char::is_whitespace)
                    .next()
                    .unwrap_or("")
                    .trim_matches(|c: char| !c.is_alphanumeric());
                names
                    .iter()
                    .find(|n| **n == inner && is_acronym(word) && expands(word, n))
                    .map(|n| (word.to_string(), *n))
            };
            if let Some((acronym, long)) = found
                && !out.iter().any(|d| d.acronym == acronym && d.long == long)
            {
                out.push(Definition { acronym, long });
            }
        }
    }
    out
}

/// Whether `text` ends with `name` and `name` starts a word there.
fn ends_with_word(text: &str, name: &str) -> bool {
    text.ends_with(name)
        && text[..text.len() - name.len()]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
}

/// Small words an acronym may leave out: function words of English and of the languages
/// names in English news come from, and the linkers of transliterated names.
fn is_small(word: &str) -> bool {
    const SMALL: &[&str] = &[
        "of", "and", "the", "for", "in", "on", "at", "to", "de", "du", "des", "del", "della", "la",
        "le", "les", "et", "y", "da", "do", "dos", "der", "den", "van", "von", "&",
    ];
    let w = word.to_ascii_lowercase();
    if SMALL.contains(&w.as_str()) {
        return true;
    }
    let b = w.as_bytes();
    let vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u');
    match b {
        [v] => vowel(*v),
        [v, c] => vowel(*v) && matches!(c, b'l' | b'd' | b't' | b's' | b'r' | b'n' | b'z'),
        _ => false,
    }
}

/// Whether the letters of `acronym` spell `long` (see the module documentation).
pub fn expands(acronym: &str, long: &str) -> bool {
    let letters: Vec<char> = acronym
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    let words: Vec<Vec<char>> = long
        .split(|c: char| c.is_whitespace() || c == '-' || c == '/')
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&')
                .chars()
                .flat_map(char::to_lowercase)
                .collect::<Vec<char>>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    if letters.len() < 2 || words.len() < 2 || words.len() > MAX_WORDS {
        return false;
    }
    spell(&letters, &words)
}

/// Whether `letters` spell `words` from their first word on.
fn spell(letters: &[char], words: &[Vec<char>]) -> bool {
    let Some((word, rest)) = words.split_first() else {
        return letters.is_empty();
    };
    let text: String = word.iter().collect();
    if is_small(&text) && spell(letters, rest) {
        return true;
    }
    let Some((&first, more)) = letters.split_first() else {
        return false;
    };
    if word[0] != first {
        return false;
    }
    // This word gives its first letter, then 0, 1, 2… more letters found further in it.
    let mut at = 1;
    for taken in 0..=more.len() {
        if spell(&more[taken..], rest) {
            return true;
        }
        let Some(next) = more.get(taken) else { break };
        match word[at..].iter().position(|c| c == next) {
            Some(i) => at += i + 1,
            None => break,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_spell_their_long_forms() {
        let cases = [
            ("LeT", "Lashkar-e-Taiba", true),
            ("JuD", "Jamaat-ud-Dawa", true),
            ("JD", "Jamaat-ud-Dawa", true),
            ("SEC", "Securities and Exchange Commission", true),
            ("LIBOR", "London Interbank Offered Rate", true),
            (
                "OPEC",
                "Organization of Petroleum Exporting Countries",
                true,
            ),
            ("TTP", "Tehrik-e-Taliban Pakistan", true),
            ("HuJI", "Harkat-ul-Jihad-al-Islami", true),
            ("U.N.", "United Nations", true),
            // Letters in the wrong order, missing words, or a one-word long form.
            ("TeL", "Lashkar-e-Taiba", false),
            ("LT", "Lashkar-e-Taiba Pakistan", false),
            ("ICI", "International Business", false),
            ("XRX", "Xerox", false),
            ("EC", "European Community Commission", false),
        ];
        for (acr, long, want) in cases {
            assert_eq!(expands(acr, long), want, "{acr} / {long}");
        }
    }

    #[test]
    fn definitions_need_a_name_before_or_inside_the_parentheses() {
        let paras = vec![
            "He said the Jamaat-ud-Dawa (JuD) and the Lashkar-e-Taiba (LeT) were one.".to_string(),
            "Later the LeT (Lashkar-e-Taiba) denied it; the army (Pakistan) did not.".to_string(),
            "Prices (in dollars) fell. The World Bank (WB) agreed (WB).".to_string(),
            "An unclosed (parenthesis".to_string(),
        ];
        let names = ["Jamaat-ud-Dawa", "Lashkar-e-Taiba", "Pakistan", "Bank"];
        let got: Vec<(String, &str)> = definitions(&paras, &names)
            .into_iter()
            .map(|d| (d.acronym, d.long))
            .collect();
        assert_eq!(
            got,
            vec![
                ("JuD".to_string(), "Jamaat-ud-Dawa"),
                ("LeT".to_string(), "Lashkar-e-Taiba"),
            ]
        );
    }
}
