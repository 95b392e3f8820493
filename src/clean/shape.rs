//! Line shapes the cleaner reasons with: related-links headings (`ALSO READ`, `Related stories:`),
//! headline-shaped lines (short, no sentence-final punctuation, title or sentence case) and
//! table-like rows (`Shr 22 cts vs 19 cts`) that must stay in the article.

/// Heading phrases of related-links blocks, as normalised words (lowercase, punctuation removed).
const HEADINGS: &[&str] = &[
    "also read",
    "read also",
    "also see",
    "see also",
    "also watch",
    "related",
    "related stories",
    "related story",
    "related news",
    "related articles",
    "related article",
    "related links",
    "related content",
    "related coverage",
    "related topics",
    "related posts",
    "related reading",
    "related reports",
    "related videos",
    "read more",
    "read next",
    "more stories",
    "more news",
    "more on this",
    "more on this story",
    "more top stories",
    "top stories",
    "you may also like",
    "you might also like",
    "you may like",
    "you might like",
    "you may also be interested in",
    "recommended",
    "recommended stories",
    "recommended for you",
    "recommended reading",
    "don t miss",
    "do not miss",
    "must read",
    "must read stories",
    "trending",
    "trending now",
    "trending stories",
    "further reading",
    "in other news",
    "most read",
    "most popular",
    "editor s picks",
    "editors picks",
    "what to read next",
    "up next",
    "latest stories",
    "other stories",
];

/// The first words of [`HEADINGS`] and [`HEADING_OPENERS`], for a cheap first test.
const FIRST_WORDS: &[&str] = &[
    "also",
    "read",
    "see",
    "related",
    "more",
    "top",
    "you",
    "recommended",
    "don",
    "do",
    "must",
    "trending",
    "further",
    "in",
    "most",
    "editor",
    "editors",
    "what",
    "up",
    "latest",
    "other",
];

/// Phrases that open a heading followed by a short name (`More from Business`).
const HEADING_OPENERS: &[&str] = &[
    "more from",
    "more on",
    "more about",
    "also in",
    "latest from",
];

/// Words written lowercase inside title-case headlines.
const MINOR: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "by", "with",
    "from", "as", "into", "over", "vs", "via", "per", "off", "up", "out", "than", "is", "be",
    "its", "de", "du", "da", "del", "della", "des", "la", "le", "van", "von", "der", "den", "al",
    "el", "y",
];

/// A recognised related-links heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Heading<'a> {
    /// Headline text that follows the heading on the same line (`Also read: Markets rally`).
    pub inline: Option<&'a str>,
}

/// How a headline is capitalised; a related-links block keeps one style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Most words capitalised (`Walgreen February Sales Rise`).
    Title,
    /// Capitalised first word only, bar names (`Police launch hunt for suspect`).
    Sentence,
}

/// Lowercase alphanumeric words of a line, punctuation dropped, at most `max` of them (`None` if more).
fn words_lower(line: &str, max: usize) -> Option<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    for c in line.chars() {
        if c.is_alphanumeric() {
            cur.extend(c.to_lowercase());
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
            if out.len() > max {
                return None;
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    (out.len() <= max).then_some(out)
}

/// True for a line loosely shaped like a headline: 3–25 words, at most 160 bytes, no
/// sentence-final punctuation. Corpus statistics decide about these when the strict shape does not.
pub fn loose_headline(line: &str) -> bool {
    let end = line.trim_end_matches(['"', '\'', '\u{201d}', '\u{2019}', ')', ']']);
    line.len() <= 160
        && !end.ends_with(['.', '!', ';', ':', ','])
        && (3..=25).contains(&line.split_whitespace().count())
}

/// Recognises a related-links heading line, alone or followed by a headline after `:`/`-`/`|`.
pub fn heading(line: &str) -> Option<Heading<'_>> {
    let line = line.trim();
    if line.len() > 200 || line.is_empty() {
        return None;
    }
    // Cheap reject, without allocating: the first word must open some heading phrase.
    let first_len = line
        .bytes()
        .position(|b| !b.is_ascii_alphabetic())
        .unwrap_or(line.len());
    let first = &line[..first_len];
    if !FIRST_WORDS.iter().any(|w| w.eq_ignore_ascii_case(first)) {
        return None;
    }
    let (head, inline) = match line
        .find([':', '|', '\u{2013}', '\u{2014}'])
        .or_else(|| line.find(" - "))
    {
        Some(i) => {
            let rest = line[i..].trim_start_matches([':', '|', '-', ' ', '\u{2013}', '\u{2014}']);
            (&line[..i], (!rest.is_empty()).then_some(rest))
        }
        None => (line, None),
    };
    let words = words_lower(head, 7)?;
    let joined = words.join(" ");
    let known = HEADINGS.contains(&joined.as_str())
        || HEADING_OPENERS.iter().any(|o| {
            joined
                .strip_prefix(o)
                .is_some_and(|r| r.starts_with(' ') && words.len() <= 6)
        });
    if !known {
        return None;
    }
    match inline {
        Some(text) if headline_style(text).is_none() => None,
        _ => Some(Heading { inline }),
    }
}

/// The headline style of a line, or `None` when it is not shaped like a headline: 3–25 words,
/// at most 160 bytes, an uppercase (or digit, quote, bracket) start, no sentence-final
/// punctuation, not a table row (`vs`, mostly numbers, `--`) and not all capitals.
pub fn headline_style(line: &str) -> Option<Style> {
    let line = line.trim();
    if line.len() < 8 || line.len() > 160 {
        return None;
    }
    let end = line.trim_end_matches(['"', '\'', '\u{201d}', '\u{2019}', ')', ']']);
    let last = end.chars().next_back()?;
    if matches!(last, '.' | '!' | ';' | ':' | ',' | '-' | '>' | '=') {
        return None;
    }
    let first = line.chars().next()?;
    if first.is_lowercase() {
        return None;
    }
    if line.contains('<') || line.contains("...") || (line.starts_with('(') && line.ends_with(')'))
    {
        return None;
    }
    let (mut words, mut numeric, mut cap, mut low, mut upper_only) = (0, 0, 0, 0, true);
    let mut has_vs = false;
    for w in line.split_whitespace() {
        words += 1;
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        let Some(c) = w.chars().next() else { continue };
        if c.is_ascii_digit() || w.chars().filter(|c| c.is_ascii_digit()).count() * 2 > w.len() {
            numeric += 1;
            continue;
        }
        if w.eq_ignore_ascii_case("vs") {
            has_vs = true;
        }
        if w.chars().any(char::is_lowercase) {
            upper_only = false;
        }
        if !c.is_uppercase() && MINOR.iter().any(|m| m.eq_ignore_ascii_case(w)) {
            continue;
        }
        // `by-Election`, `al-Assad`: a capitalised part makes a capitalised word.
        if c.is_uppercase()
            || w.split('-')
                .skip(1)
                .any(|p| p.starts_with(char::is_uppercase))
        {
            cap += 1;
        } else {
            low += 1;
        }
    }
    if !(3..=25).contains(&words) || numeric * 2 > words || cap == 0 || (last == '?' && words > 16)
    {
        return None;
    }
    if upper_only {
        // All capitals: a shouted headline has several words, a table header few.
        return (words - numeric >= 5).then_some(Style::Title);
    }
    if cap >= 2 && low * 5 <= cap {
        Some(Style::Title)
    } else if (4..=18).contains(&words)
        && line.len() <= 130
        && low >= 2
        && numeric * 3 <= words
        && (!has_vs || cap >= 2)
    {
        Some(Style::Sentence)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_table() {
        let cases: &[(&str, Option<Option<&str>>)] = &[
            ("ALSO READ", Some(None)),
            ("Also Read:", Some(None)),
            ("Also read -", Some(None)),
            ("READ ALSO", Some(None)),
            ("Related", Some(None)),
            ("Related stories", Some(None)),
            ("Related News:", Some(None)),
            ("Read more", Some(None)),
            ("More from Business", Some(None)),
            ("More from the BBC", Some(None)),
            ("You may also like", Some(None)),
            ("See also", Some(None)),
            ("Don't miss", Some(None)),
            (
                "Also read: Markets rally as oil slips",
                Some(Some("Markets rally as oil slips")),
            ),
            ("Also read: the market rallied strongly today.", None),
            ("Related to this, the firm said it would sell.", None),
            ("Read more about the plan in the annual report.", None),
            ("Year", None),
            ("", None),
            ("(ALSO READ)", None),
        ];
        for (line, want) in cases {
            assert_eq!(heading(line).map(|h| h.inline), *want, "{line:?}");
        }
    }

    #[test]
    fn first_words_cover_every_heading() {
        for phrase in HEADINGS.iter().chain(HEADING_OPENERS) {
            let first = phrase.split(' ').next().unwrap_or_default();
            assert!(FIRST_WORDS.contains(&first), "{phrase}");
        }
    }

    #[test]
    fn headline_table() {
        use Style::*;
        let cases: &[(&str, Option<Style>)] = &[
            ("Walgreen February Sales Rise", Some(Title)),
            ("Rohm and Haas Co 3rd Qtr Shr 57 Cts vs 54 Cts", Some(Title)),
            (
                "Police launch hunt for husband of woman found in car",
                Some(Sentence),
            ),
            (
                "ZEE5 Originals 'Despatch' and 'Vikkatakavi' to screen at IFFI 2024",
                Some(Title),
            ),
            ("Is this the end of cheap oil?", Some(Sentence)),
            ("Shr 22 cts vs 19 cts", None),
            ("Net loss 186,000", None),
            ("ARGENTINA nil 39,130", None),
            ("NINE MTHS", None),
            ("Year", None),
            ("Nine mths", None),
            ("The company said sales rose 12 pct in the quarter.", None),
            ("\"We will act,\" he said.", None),
            ("Sales 2,291,925 vs 4,235,914", None),
            ("Quotes included -", None),
            (
                "NOTE: Full name is Electronic Tele-Communications Inc <ETCIA.O>",
                None,
            ),
            ("bank of england announces creation of stock", None),
            ("May 9/7 D May unch", None),
            ("Rio de Janeiro Dockers Strike", Some(Title)),
            ("Liberals Hold Truro in U.K. by-Election", Some(Title)),
            (
                "It said revenue passenger miles increased to 16.5 mln from 12.7 mln, and available seat miles rose to 39.1 mln from 27.5 mln",
                None,
            ),
            ("(Mouduline International Inc)", None),
        ];
        for (line, want) in cases {
            assert_eq!(headline_style(line), *want, "{line:?}");
        }
    }
}
