//! The shape of one line on its own, measured without reference to any language or site:
//! length, word count, capitalisation, share of common function words (a small multilingual
//! list), digits, punctuation, sentence endings, separators of menus and breadcrumbs, bullets,
//! dates, addresses and copyright marks.

use std::sync::OnceLock;

use super::page::{Word, WordState, word_key};
use crate::ner::hash::IdSet;

/// Frequent function words of the languages news pages are mostly written in (English, German,
/// French, Spanish, Italian, Dutch, Portuguese, Polish): their density tells running text from
/// menus and lists of names in any of them.
const STOP_WORDS: &str = "the a an and or of to in on for with at by from is are was were be been \
    has have had it its this that as not but he she they we you i his her their our your \
    der die das und oder im am auf für mit von zu zum zur ist sind war waren wird werden hat \
    haben ein eine einen einem einer nicht auch sich es er sie wir ihr den dem des bei nach aus \
    über wie als dass noch nur le la les et ou de du des un une en dans sur pour par avec est \
    sont était il elle ils nous vous que qui ne pas au aux ce cette el los las y o del con por \
    para son fue una se su al lo como más il gli e di da per che è non si uno het een van op \
    met voor zijn niet dat die os um uma em no na do da dos das não w z na do nie się jest to że";

/// The stop-word keys, built once.
fn stop_words() -> &'static IdSet<u32> {
    static SET: OnceLock<IdSet<u32>> = OnceLock::new();
    SET.get_or_init(|| STOP_WORDS.split_whitespace().map(word_key).collect())
}

/// Characters that close a sentence's last word (quotes, brackets), skipped before looking at
/// its final punctuation.
const CLOSERS: &[char] = &[
    '"', '\'', '\u{bb}', '\u{ab}', '\u{201d}', '\u{201c}', '\u{2019}', ')', ']',
];

/// The measured shape of a line.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Shape {
    /// Characters.
    pub chars: u32,
    /// Whitespace-separated tokens.
    pub tokens: u32,
    /// Share of words with a letter that start upper-case.
    pub capitalised: f32,
    /// Share of tokens that are common function words.
    pub stop: f32,
    /// Share of characters that are digits.
    pub digits: f32,
    /// Share of characters that are letters.
    pub letters: f32,
    /// Share of characters that are neither letters, digits nor spaces.
    pub punct: f32,
    /// Ends with `.`, `!`, `?` or `…` (closing quotes and brackets aside).
    pub sentence_end: bool,
    /// Ends with `:`.
    pub colon_end: bool,
    /// Sentence breaks inside: `.`, `!` or `?`, a space, then an upper-case letter.
    pub breaks: u32,
    /// Commas.
    pub commas: u32,
    /// Menu and breadcrumb separators between spaces (`|`, `·`, `•`, `/`, `»`, `›`, `>`).
    pub separators: u32,
    /// Starts with a bullet (`-`, `•`, `*`, `·`, `–`) or a number (`1.`, `2)`) and a space.
    pub bullet: bool,
    /// Holds `©` or the word copyright.
    pub copyright: bool,
    /// Holds a date (`19.10.19`, `2019-10-19`) or a time (`18:56`).
    pub date: bool,
    /// Holds an address: `@`, `http`, `www.` or `.com`.
    pub address: bool,
    /// Letters, all upper-case.
    pub shouted: bool,
    /// Starts with a lower-case letter.
    pub lower_start: bool,
    /// Starts with a quotation mark.
    pub quote_start: bool,
}

impl Shape {
    /// Measures a line (trimmed, spaces collapsed).
    pub fn of(line: &str) -> Shape {
        Shape::of_with(line, |_| {})
    }

    /// Measures a line, passing each of its words to `on_word` on the way (one scan).
    pub fn of_with(line: &str, mut on_word: impl FnMut(Word)) -> Shape {
        let mut s = Shape::default();
        let (mut digits, mut letters, mut punct, mut lower) = (0u32, 0u32, 0u32, 0u32);
        let (mut words, mut cap, mut stop) = (0u32, 0u32, 0u32);
        let stops = stop_words();
        let mut word = WordState::default();
        let mut on_word = |w: Word| {
            if w.has_letter {
                words += 1;
                cap += u32::from(w.capitalised);
            }
            stop += u32::from(stops.contains(&w.key));
            on_word(w);
        };
        // The two characters before `c`: `p2 p1 c`.
        let (mut p2, mut p1) = (' ', ' ');
        for c in line.chars() {
            s.chars += 1;
            let alphanumeric = if c.is_alphabetic() {
                letters += 1;
                lower += u32::from(c.is_lowercase());
                true
            } else if c.is_numeric() {
                digits += 1;
                true
            } else {
                if c.is_whitespace() {
                    s.tokens += u32::from(!p1.is_whitespace() && s.chars > 1);
                } else {
                    punct += 1;
                    s.commas += u32::from(c == ',');
                }
                false
            };
            word.push(c, alphanumeric, &mut on_word);
            if c == ' ' && p2 == ' ' && SEPARATORS.contains(&p1) {
                s.separators += 1;
            }
            if c.is_uppercase() && p1 == ' ' && matches!(p2, '.' | '!' | '?') {
                s.breaks += 1;
            }
            (p2, p1) = (p1, c);
        }
        word.finish(&mut on_word);
        s.tokens += u32::from(s.chars > 0 && !p1.is_whitespace());
        let chars = s.chars.max(1) as f32;
        s.digits = digits as f32 / chars;
        s.letters = letters as f32 / chars;
        s.punct = punct as f32 / chars;
        s.capitalised = cap as f32 / words.max(1) as f32;
        s.stop = stop as f32 / s.tokens.max(1) as f32;
        let end = line.trim_end_matches(CLOSERS);
        s.sentence_end = end.ends_with(['.', '!', '?', '\u{2026}']);
        s.colon_end = line.ends_with(':');
        s.bullet = bullet(line);
        s.copyright = line.contains('\u{a9}') || contains_ignore_case(line, "copyright");
        s.date = has_date(line.as_bytes());
        s.address = line.contains('@')
            || contains_ignore_case(line, "http")
            || contains_ignore_case(line, "www.")
            || contains_ignore_case(line, ".com");
        s.shouted = letters > 3 && lower == 0;
        let first = line.chars().next().unwrap_or(' ');
        s.lower_start = first.is_lowercase();
        s.quote_start = matches!(
            first,
            '"' | '\'' | '\u{ab}' | '\u{bb}' | '\u{201e}' | '\u{201c}' | '\u{201a}' | '\u{2018}'
        );
        s
    }

    /// A line of running text: at least 80 characters and a sentence ending.
    pub fn prose(&self) -> bool {
        self.chars >= 80 && self.sentence_end
    }
}

/// Separators of menus and breadcrumbs, counted when they stand between spaces.
const SEPARATORS: &[char] = &['|', '\u{b7}', '\u{2022}', '/', '\u{bb}', '\u{203a}', '>'];

/// True when the line starts with a bullet or a list number and a space.
fn bullet(line: &str) -> bool {
    let mut chars = line.chars();
    match chars.next() {
        Some('-' | '\u{2022}' | '*' | '\u{b7}' | '\u{2013}') => chars.next() == Some(' '),
        Some(c) if c.is_ascii_digit() => {
            let rest = line.trim_start_matches(|c: char| c.is_ascii_digit());
            rest.starts_with(". ") || rest.starts_with(") ")
        }
        _ => false,
    }
}

/// ASCII case-insensitive substring test.
fn contains_ignore_case(hay: &str, needle: &str) -> bool {
    hay.as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// True when the bytes hold `d[./-]d[./-]d` with digit runs of 1–4, or a time `d:dd`.
fn has_date(b: &[u8]) -> bool {
    let digits_at = |i: usize| b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    let mut i = 0;
    while i < b.len() {
        let n = digits_at(i);
        if n == 0 {
            i += 1;
            continue;
        }
        let j = i + n;
        if n <= 2 && b.get(j) == Some(&b':') && digits_at(j + 1) == 2 {
            return true;
        }
        if n <= 4 && matches!(b.get(j), Some(b'.' | b'/' | b'-')) {
            let m = digits_at(j + 1);
            let k = j + 1 + m;
            if (1..=2).contains(&m)
                && matches!(b.get(k), Some(b'.' | b'/' | b'-'))
                && (2..=4).contains(&digits_at(k + 1))
            {
                return true;
            }
        }
        i = j;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_table() {
        let s = Shape::of("Der Kanzler sagte, er werde am Montag reisen. Dann kam es anders.");
        assert!(s.sentence_end && !s.colon_end && s.breaks == 1 && s.commas == 1);
        assert!(s.stop > 0.2, "{s:?}");
        assert!(s.capitalised < 0.5);
        let menu = Shape::of("Home | News | Sport | Kultur");
        assert_eq!(menu.separators, 3);
        assert!(!menu.sentence_end && menu.capitalised == 1.0 && menu.stop == 0.0);
        assert!(Shape::of("\u{a9} 2019 Example Media").copyright);
        assert!(Shape::of("ALL RIGHTS RESERVED").shouted);
        assert!(Shape::of("\u{ab}Storming the Sazerac\u{bb}").quote_start);
        assert!(Shape::of("«Er kam.»").sentence_end);
        assert!(Shape::of("Fragen: ").colon_end || Shape::of("Fragen:").colon_end);
        assert_eq!(Shape::of("").chars, 0);
    }

    #[test]
    fn small_shapes_table() {
        let cases: &[(&str, bool, bool, bool)] = &[
            // line, bullet, date, address
            ("- item", true, false, false),
            ("12. Platz", true, false, false),
            ("2019 war gut", false, false, false),
            ("19.10.19, 18:56", false, true, false),
            ("am 2019-10-19", false, true, false),
            ("Version 1.2.3", false, false, false),
            ("um 9:05 Uhr", false, true, false),
            ("mail@example.org", false, false, true),
            ("Visit WWW.EXAMPLE.ORG", false, false, true),
            ("a/b", false, false, false),
        ];
        for &(line, b, d, a) in cases {
            let s = Shape::of(line);
            assert_eq!((s.bullet, s.date, s.address), (b, d, a), "{line:?}");
        }
    }
}
