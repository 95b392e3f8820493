//! Entity clean-up rules between the tagger and the index, for mistakes a statistical tagger
//! trained on 1996 news makes on other archives and that the shape of a name settles:
//! - firm names shaped `A B, C D and Co Inc` or `X & Co` are one organisation, however the
//!   tagger cut them ([`firm_names`], on the labels); so are the pieces of a name that runs
//!   up to a legal form (`Philadelphia/LOC Electric Co/ORG`), initials and the firm after them
//!   (`E.F. Hutton Group`), and two organisations joined by `and` when the second starts with a
//!   word news writes in lower case (`Standard and Poor's Corp`) ([`firm_joins`]);
//! - a title inside a name starts the person after it (`State Department Spokesman Sean
//!   McCormack`, [`title_splits`]); a first name tagged alone takes the surname after it
//!   ([`surnames_after_first_names`]); an acronym the tagger left out whose letters spell an
//!   organisation of the same document is that organisation ([`document_acronyms`]); a word
//!   the tagger left out that the same document names as a person (a surname) or an
//!   organisation is that name ([`document_names`]);
//! - a stock ticker in Reuters' brackets (`Boeing Co <BA>`) names no one, and no name runs
//!   through a bracket ([`ticker_brackets`], on the labels);
//! - a party-and-state tag (`R-Minn`, `D-Calif.`) names no one ([`party_state_tag`]);
//! - a name ending with an organisation word (`Dean Witter Reynolds Inc`, `Salomon Brothers`,
//!   `Herstatt Bank`) is an organisation, and one made only of such words (`Co`, `Co Inc`)
//!   is a fragment ([`org_suffix`]);
//! - a person is not one common word (`Moreover`, `Reform`, a month), nor initials alone
//!   (`J.`), nor a piece of an organisation the same article names (`Harris Upham` beside
//!   `Smith Barney, Harris Upham and Co Inc`) ([`lone_word_not_a_person`], [`fragment_of`]);
//! - nor is an organisation one common word (`Trade`), and a firm's first word alone names the
//!   one firm of the article it starts (`Ford` beside `Ford Motor Co`, [`long_form_of`]);
//! - a name keeps its possessive (`Moody's Investors Service`, [`join_name`]).
//!
//! Each rule is a function with its own tests; [`super::normalize::normalise`] and
//! [`super::Extractor::extract`] call them.

use std::collections::HashMap;

use super::model::LABELS;
use super::normalize::is_capitalised_word as capitalised;

/// Words that end a firm's name after `and`/`&` (`Goldman, Sachs and Co`, `Alex. Brown and
/// Sons`), lower-cased.
const FIRM_TAILS: &[&str] = &["co", "cos", "company", "sons", "partners", "associates"];

/// Legal-form words that may follow a firm's name (`… and Co Inc`), lower-cased, without a
/// final `.`.
const LEGAL_FORMS: &[&str] = &[
    "inc", "co", "cos", "corp", "ltd", "plc", "llc", "lp", "l.p", "sa", "ag", "nv", "bv", "gmbh",
    "spa", "cie",
];

/// Last words that make a name an organisation rather than a person, lower-cased, without a
/// final `.`: legal forms and the words firms, banks, parties and public bodies end with.
const ORG_SUFFIXES: &[&str] = &[
    "inc",
    "co",
    "cos",
    "corp",
    "corporation",
    "company",
    "companies",
    "ltd",
    "plc",
    "llc",
    "lp",
    "sa",
    "ag",
    "nv",
    "bv",
    "gmbh",
    "spa",
    "cie",
    "bank",
    "banks",
    "bancorp",
    "brothers",
    "bros",
    "partners",
    "associates",
    "securities",
    "holdings",
    "industries",
    "group",
    "party",
    "ministry",
    "council",
    "agency",
    "commission",
    "committee",
    "federation",
    "association",
    "institute",
    "university",
    "foundation",
    "trust",
    "airlines",
    "airways",
    "motors",
    "petroleum",
    "oil",
    "gas",
    "chemicals",
    "electronics",
    "software",
    "systems",
    "pharmaceuticals",
    "technologies",
    "communications",
    "insurance",
    "savings",
];

/// Month and weekday names: capitalised always, a person never.
const CALENDAR: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Month abbreviations as news text writes them (`Dec`, `Sept.`), lower-cased, without a final
/// `.`; `May` and `Mar` are also names, and are left to [`CALENDAR`] or out.
const MONTH_ABBREVIATIONS: &[&str] = &[
    "jan", "feb", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

/// Cuts a date word off the end of a name of two words or more, with the lower-case words
/// before it: `World Bank in March`, `New York Dec`, `Senate Wednesday` become `World Bank`,
/// `New York`, `Senate`. No organisation or place is named after a month or weekday often
/// enough to keep them (a club such as Sheffield Wednesday is the rare loss). The tagger runs
/// names on through `in` and `on` when a capitalised word follows.
pub fn calendar_tails(words: &[&str], labels: &mut [u8]) {
    cut_tails(words, labels, |b, e| calendar_end(words, b, e));
}

/// Where the name `[b, e)` ends without its date-word tail ([`calendar_tails`]).
fn calendar_end(words: &[&str], b: usize, mut end: usize) -> usize {
    while end - b > 1
        && (is_in(words[end - 1], CALENDAR) || is_in(words[end - 1], MONTH_ABBREVIATIONS))
    {
        end -= 1;
        while end - b > 1 && !capitalised(words[end - 1]) {
            end -= 1;
        }
    }
    end
}

/// Shortens each name `[b, e)` to `[b, end(b, e))` (never below one word), then repairs the
/// labels if any changed.
fn cut_tails(words: &[&str], labels: &mut [u8], end: impl Fn(usize, usize) -> usize) {
    debug_assert_eq!(words.len(), labels.len());
    let mut changed = false;
    for (b, e, _) in super::spans(labels) {
        let cut = end(b, e).max(b + 1);
        if cut < e {
            labels[cut..e].fill(0);
            changed = true;
        }
    }
    if changed {
        repair_iob(labels);
    }
}

/// Words that join the parts of a name (`Bank for International Settlements`, `Procter and
/// Gamble`) but never end one.
const CONNECTORS: &[&str] = &[
    ",", "&", "and", "or", "of", "for", "in", "on", "at", "to", "by", "with", "from", "the",
];

/// Cuts the joining words a name ends with (`World Bank for money`: the tagger took `for` as
/// the start of `Bank for …`), so that the name ends on a word of its own.
pub fn connector_tails(words: &[&str], labels: &mut [u8]) {
    cut_tails(words, labels, |b, e| connector_end(words, b, e));
}

/// Where the name `[b, e)` ends without its joining-word tail ([`connector_tails`]).
fn connector_end(words: &[&str], b: usize, mut end: usize) -> usize {
    while end - b > 1 && CONNECTORS.contains(&words[end - 1]) {
        end -= 1;
    }
    end
}

/// Whether token `i` stands between two names rather than inside one: `at`, or `v`/`vs` for
/// "versus" (`SEATTLE AT BOSTON`, `Ajax v. Feyenoord`), between two words. A capital `V` or `VS`
/// counts only between all-capitals words and without a `.`, since `V.` is also an initial
/// (`Yurij V. Ponomarev`); a letter in brackets (`Buducnost ( V )`) is part of the name.
fn between_names(words: &[&str], i: usize) -> bool {
    let word = |w: &str| w.chars().next().is_some_and(char::is_alphabetic);
    let caps = |w: &str| word(w) && !w.chars().any(char::is_lowercase);
    let (before, w, after) = (words[i - 1], words[i], words[i + 1]);
    if !word(before) || !word(after) {
        return false;
    }
    match w {
        "at" | "AT" | "v" | "v." | "vs" | "vs." => true,
        "V" | "VS" => caps(before) && caps(after),
        _ => false,
    }
}

/// Splits a name into two names of the same kind at a word that stands [`between_names`]: the
/// tagger reads results tables' lines as one long name.
pub fn fixture_splits(words: &[&str], labels: &mut [u8]) {
    let mut changed = false;
    for (b, e, _) in super::spans(labels) {
        for i in (b + 1..e.saturating_sub(1)).filter(|&i| between_names(words, i)) {
            labels[i] = 0;
            changed = true;
        }
    }
    if changed {
        repair_iob(labels);
    }
}

/// Whether a word may be part of a person's name after a title: capitalised letters (and `-`,
/// `'`), no title, and no word that heads an organisation's or a place's name.
fn person_word(w: &str) -> bool {
    use super::normalize::{ORG_HEADS, PLACE_HEADS, in_words, is_title, lower_is};
    capitalised(w)
        && w.chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
        && !is_title(w)
        && !lower_is(w, ORG_HEADS)
        && !is_in(w, ORG_SUFFIXES)
        && !in_words(PLACE_HEADS, w)
}

/// Splits a name the tagger ran on over a title into the person it names: `State Department
/// Spokesman Sean McCormack` becomes the organisation `State Department` and the person `Sean
/// McCormack`; `US Secretary of State Condoleezza Rice` becomes the person alone (a part before
/// the title that holds a title itself, and does not end with an organisation's word, is an
/// office, not a name). The title is a capitalised word (`is_title`) inside a name that is not
/// a person's; the person is the two or three [`person_word`]s right after it, the first a
/// first name (`first_name(i)` for the sentence's token `i`), whatever the tagger made of them:
/// the name may end with the person (`Spokesman Sean McCormack` inside it), or with the title,
/// the person left out or cut (`House Speaker/ORG Jim Wright/PER`, `U.S. Commerce
/// Secretary/ORG Malcolm Baldrige/LOC`). News styles that capitalise titles make these runs;
/// the 1996 text the tagger learnt from writes most titles in lower case.
pub fn title_splits(words: &[&str], labels: &mut [u8], first_name: &dyn Fn(usize) -> bool) {
    use super::normalize::{ORG_HEADS, is_title, lower_is};
    let mut changed = false;
    let mut done = 0;
    for (b, e, kind) in super::spans(labels) {
        if kind == B_PER || b < done {
            continue;
        }
        // The person after title `q`: the run of person words from `q + 1`, if it is two or
        // three long and starts with a first name.
        let person = |q: usize| -> Option<usize> {
            if !capitalised(words[q]) || !is_title(words[q]) {
                return None;
            }
            let p = q + 1;
            let end = (p..words.len())
                .find(|&i| !person_word(words[i]) || is_in(words[i], CALENDAR))
                .unwrap_or(words.len());
            ((2..=3).contains(&(end - p)) && end >= e && first_name(p)).then_some(end)
        };
        let Some((q, end)) = (b..e).find_map(|q| person(q).map(|end| (q, end))) else {
            continue;
        };
        // The part before the title is a name of its own when it ends with an organisation's
        // word (`State Department`) or holds no title (`Acme Corp`); else it is an office.
        let before = &words[b..q];
        let office = before.last().is_some_and(|w| !lower_is(w, ORG_HEADS))
            && before.iter().any(|w| is_title(w));
        if office {
            labels[b..q].fill(0);
        }
        labels[q] = 0;
        labels[q + 1] = B_PER;
        labels[q + 2..end].fill(B_PER + 1);
        done = end;
        changed = true;
    }
    if changed {
        repair_iob(labels);
    }
}

/// Extends a person named by a first name alone over the capitalised word after it that the
/// tagger left out: `Condoleezza/PER Rice` → `Condoleezza Rice`. Surnames that are also common
/// words (`Rice`, `Young`, `Black`) are the ones a tagger trained on commodity news drops. The
/// word must be a [`person_word`] and no month or weekday (`Sean Tuesday`).
pub fn surnames_after_first_names(
    words: &[&str],
    labels: &mut [u8],
    first_name: &dyn Fn(usize) -> bool,
) {
    for (b, e, kind) in super::spans(labels) {
        if kind == B_PER
            && e == b + 1
            && first_name(b)
            && labels.get(e) == Some(&0)
            && person_word(words[e])
            && words[e].chars().any(char::is_lowercase)
            && !is_in(words[e], CALENDAR)
            && !is_in(words[e], MONTH_ABBREVIATIONS)
        {
            labels[e] = B_PER + 1;
        }
    }
}

/// Tags as an organisation an untagged acronym (`JuD`, `CFTC`) whose capitals are the
/// initials of an organisation the tagger found in the same document (`Jamat-ud-Dawa`,
/// `Commodity Futures Trading Commission`): an acronym the tagger never saw is often left
/// out, while the article names its long form. `bounds` are the sentences' token ranges.
pub fn document_acronyms(words: &[&str], bounds: &[(usize, usize)], labels: &mut [u8]) {
    use super::normalize::{initials, is_acronym};
    let untagged = |(w, l): (&&str, &u8)| *l == 0 && is_acronym(w) && !w.contains('-');
    // Most documents have no such acronym: their names' initials are not worked out.
    if !words.iter().zip(labels.iter()).any(untagged) {
        return;
    }
    let mut long_forms: Vec<String> = Vec::new();
    for &(b, e) in bounds {
        for (s, t, kind) in super::spans(&labels[b..e]) {
            // Hyphenated parts count as words: `Jamat-ud-Dawa` → `JD`.
            let parts = words[b + s..b + t].iter().flat_map(|w| w.split('-'));
            if kind == B_ORG
                && let Some(i) = initials(parts)
            {
                long_forms.push(i);
            }
        }
    }
    for (w, l) in words.iter().zip(labels.iter_mut()) {
        if untagged((w, l)) {
            let capitals: String = w.chars().filter(char::is_ascii_uppercase).collect();
            if long_forms.contains(&capitals) {
                *l = B_ORG;
            }
        }
    }
}

/// Tags an untagged word as the same document names it elsewhere: a person when it is a
/// person's surname there (the last word of a person of two words or more) or a one-word
/// person, an organisation when it is a one-word organisation, and no other name of the
/// document disagrees (a one-word place or other name counts against it). A tagger judges each
/// mention by its sentence, and misses a name the article has made plain where the sentence
/// says little: a surname that is also a common word (`Condoleezza Rice ... Rice said`), a club
/// in a line of results. Places and other names are not spread: on corpus-dev that spread one
/// wrong place (`Traffic`, `Health`) over its article. The word must be capitalised with
/// lower-case letters (no acronym, no capitalised heading), no month or weekday, stand alone
/// (no untagged capitalised word beside it: `Rice University`), and for a person be a
/// [`person_word`].
pub fn document_names(words: &[&str], labels: &mut [u8]) {
    // Each word the document names, with the kinds (bits by label index) it is named as.
    let mut named: HashMap<&str, u16> = HashMap::new();
    for (b, e, kind) in super::spans(labels) {
        let word = if e == b + 1 {
            words[b]
        } else if kind == B_PER {
            words[e - 1]
        } else {
            continue;
        };
        *named.entry(word).or_default() |= 1 << kind;
    }
    if named.is_empty() {
        return;
    }
    let loose = |i: usize| labels[i] == 0 && capitalised(words[i]);
    let hits: Vec<(usize, u8)> = (0..words.len())
        .filter(|&i| {
            loose(i)
                && !(i > 0 && loose(i - 1))
                && !(i + 1 < words.len() && loose(i + 1))
                && words[i].chars().any(char::is_lowercase)
                && !is_in(words[i], CALENDAR)
                && !is_in(words[i], MONTH_ABBREVIATIONS)
        })
        .filter_map(|i| match *named.get(words[i])? {
            k if k == 1 << B_PER && person_word(words[i]) => Some((i, B_PER)),
            k if k == 1 << B_ORG => Some((i, B_ORG)),
            _ => None,
        })
        .collect();
    for (i, l) in hits {
        labels[i] = l;
    }
}

/// Joins the pieces of one firm's name that the tagger cut in two, in one sentence's labels:
/// - a name right before an organisation that ends with a legal form (`Inc`, `Corp`, `AG`):
///   `Philadelphia/LOC Electric Co/ORG`, `Siemens/ORG A.G./ORG`, `Banque/MISC Paribas SA/ORG`;
///   not after an adjective with a hyphen (`U.S.-backed`, `Dallas-based`);
/// - initials right before an organisation: `E.F./ORG Hutton Group/ORG` (two letters at least:
///   `A. Wells` in a cricket score is a person's initial; not a place's, `U.S./LOC Senate/ORG`);
/// - an organisation, `and` or `&`, and an organisation whose first word news text writes in
///   lower case (`case(i)`, the word clusters' capitalisation class of the sentence's token
///   `i`: 1 mostly lower case, 2 mixed, 3 mostly capitalised, 0 unknown) and which ends as a
///   firm or body does (a legal form, a possessive, an organisation word): `Standard/ORG and
///   Poor's Corp/ORG`, `Equitable Savings/ORG and Loan Association/ORG`;
/// - one word (labelled or not: the tagger leaves out a sentence's first word), `and`, and
///   a word that is not mostly capitalised with a possessive after it:
///   the possessive is the firm's (`Standard/ORG and Poor/ORG 's`, `Standard/ORG and Poor 's
///   Corp/ORG`, `Procter and Gamble's`), where after a name it would be one of two firms'
///   (`Ford and Chrysler's`).
pub fn firm_joins(words: &[&str], labels: &mut [u8], case: &dyn Fn(usize) -> u16) {
    // Every join ends with an organisation: most sentences have none.
    if !labels.contains(&B_ORG) {
        return;
    }
    let join = |labels: &mut [u8], b: usize, e: usize| {
        labels[b] = B_ORG;
        labels[b + 1..e].fill(I_ORG);
    };
    // Names run up to a legal form, back to front so that a run of several pieces is one.
    let spans = super::spans(labels);
    // What may not start a firm's name: an adjective with a hyphen, or no name at all (a
    // lone `and` the tagger labelled).
    let no_start = |(b, e, _): (usize, usize, u8)| {
        let adjective = words[e - 1]
            .rsplit_once('-')
            .is_some_and(|(_, tail)| tail.starts_with(|c: char| c.is_lowercase()));
        adjective || !words[b..e].iter().any(|w| capitalised(w))
    };
    // No name runs through a bracket (`LBI Finance (HK) Ltd`, see [`ticker_brackets`]).
    let bracket = |(b, e, _): (usize, usize, u8)| {
        words[b..e]
            .iter()
            .any(|w| matches!(*w, "(" | ")" | "<" | ">" | "[" | "]"))
    };
    let mut i = spans.len();
    while i > 0 {
        i -= 1;
        let (_, e, kind) = spans[i];
        if kind != B_ORG || !is_legal_form(words[e - 1]) || bracket(spans[i]) {
            continue;
        }
        let mut first = i;
        while first > 0
            && spans[first - 1].1 == spans[first].0
            && !no_start(spans[first - 1])
            && !bracket(spans[first - 1])
        {
            first -= 1;
        }
        if first < i {
            join(labels, spans[first].0, e);
        }
        i = first;
    }
    // Initials before an organisation; `and` before a lower-case word.
    let initials = |w: &str| {
        let letters = w.split('.').filter(|p| !p.is_empty());
        w.ends_with('.')
            && letters.clone().count() >= 2
            && letters
                .into_iter()
                .all(|p| p.chars().count() == 1 && p.chars().all(|c| c.is_ascii_uppercase()))
    };
    // `Standard and Poor's Corp said`: the tagger often leaves out the first word at the
    // start of a sentence. A capitalised word that is not mostly lower case, `and`, and a
    // word with a possessive that starts an organisation are one.
    for (nb, ne, nk) in super::spans(labels) {
        if nk == B_ORG
            && nb >= 2
            && labels[nb - 2] == 0
            && matches!(words[nb - 1], "and" | "&")
            && capitalised(words[nb - 2])
            && !matches!(case(nb - 2), 1)
            && matches!(case(nb), 1 | 2)
            && words.get(nb + 1).is_some_and(|w| is_possessive(w))
        {
            join(labels, nb - 2, ne.max(nb + 2));
        }
    }
    let spans = super::spans(labels);
    let mut joins: Vec<(usize, usize)> = Vec::new();
    for pair in spans.windows(2) {
        let ((b, e, kind), (nb, ne, nk)) = (pair[0], pair[1]);
        if nk != B_ORG {
            continue;
        }
        let last = words[ne - 1];
        let anded = e + 1 == nb && kind == B_ORG && matches!(words[e], "and" | "&");
        let end = if e == nb {
            (kind != B_LOC && words[b..e].iter().all(|w| initials(w))).then_some(ne)
        } else if anded
            && case(nb) == 1
            && (is_legal_form(last) || is_org_word(last) || is_possessive(last))
        {
            Some(ne)
        } else if anded
            && e - b == 1
            && matches!(case(nb), 1 | 2)
            && words.get(nb + 1).is_some_and(|w| is_possessive(w))
        {
            // The possessive ends the name (`Poor 's`) or is inside it (`Poor 's Corp`).
            Some(ne.max(nb + 2))
        } else {
            None
        };
        let Some(end) = end else {
            continue;
        };
        match joins.last_mut() {
            Some(j) if j.1 > b => j.1 = end,
            _ => joins.push((b, end)),
        }
    }
    for (b, e) in joins {
        join(labels, b, e);
    }
}

/// Relabels as an organisation a name of two words or more tagged a person that ends with an
/// organisation word ([`org_suffix`]: `Louis Dreyfus Corp`, `Sui Northern Gas`). Normalisation
/// does the same for the index; done on the labels, `ner tag` and `ner cv` score it too.
pub fn person_suffixes(words: &[&str], labels: &mut [u8]) {
    for (b, e, kind) in super::spans(labels) {
        if kind == B_PER && e - b >= 2 && org_suffix(&words[b..e]) == Suffix::Ends {
            labels[b] = B_ORG;
            labels[b + 1..e].fill(I_ORG);
        }
    }
}

/// The sentence rules, in order: [`ticker_brackets`], [`firm_names`], [`fixture_splits`],
/// [`title_splits`], [`surnames_after_first_names`], [`person_suffixes`], [`calendar_tails`],
/// [`connector_tails`]. `first_name(i)`: whether the sentence's token `i` is a first name.
pub fn sentence_rules(
    words: &[&str],
    labels: &mut [u8],
    first_name: &dyn Fn(usize) -> bool,
    case: &dyn Fn(usize) -> u16,
) {
    ticker_brackets(words, labels);
    firm_names(words, labels);
    firm_joins(words, labels, case);
    fixture_splits(words, labels);
    title_splits(words, labels, first_name);
    surnames_after_first_names(words, labels, first_name);
    person_suffixes(words, labels);
    // Both tails in one pass over the names: [`calendar_tails`], then [`connector_tails`].
    cut_tails(words, labels, |b, e| {
        connector_end(words, b, calendar_end(words, b, e))
    });
}

/// Whether a word ends organisations' names ([`ORG_SUFFIXES`]: `Co`, `Corp`, `Bank`, `Group`…).
pub(crate) fn is_org_word(word: &str) -> bool {
    is_in(word, ORG_SUFFIXES)
}

/// Whether `word`, lower-cased and without final punctuation (`Inc.`, `Ltd>`), is in `list`.
fn is_in(word: &str, list: &[&str]) -> bool {
    let w = word.trim_end_matches(|c: char| c.is_ascii_punctuation() && c != '&');
    list.iter().any(|x| x.eq_ignore_ascii_case(w))
}

/// Label indices used here.
const B_ORG: u8 = 5;
const I_ORG: u8 = 6;
const B_LOC: u8 = 3;
const B_PER: u8 = 1;

/// Relabels firm names shaped `A B, C D and Co Inc` (or with `&`, and tails `Sons`,
/// `Partners`, `Associates`) as one organisation in one sentence's labels. The name runs back
/// from `and Co` over capitalised words, and over up to two more comma-separated runs that the
/// tagger had already tagged as a person or organisation (so `In New York, Kidder and Co` and
/// `Yesterday, Kidder and Co` do not swallow their first words); forward over legal forms
/// (`Inc`, `Ltd`).
pub fn firm_names(words: &[&str], labels: &mut [u8]) {
    let mut i = 1;
    while i + 1 < words.len() {
        let joined = matches!(words[i], "and" | "&") && is_in(words[i + 1], FIRM_TAILS);
        if !joined || !capitalised(words[i - 1]) {
            i += 1;
            continue;
        }
        let run_start = |end: usize| -> usize {
            let mut s = end;
            while s > 0 && capitalised(words[s - 1]) && words[s - 1] != "," {
                s -= 1;
            }
            s
        };
        let mut start = run_start(i);
        // A sentence's first word is capitalised anyway: `The`, `A` are not part of the name.
        if start + 1 < i && is_in(words[start], &["the", "a", "an"]) {
            start += 1;
        }
        let place = labels[start..i]
            .iter()
            .any(|&l| l == B_LOC || l == B_LOC + 1);
        let own_start = start;
        for _ in 0..2 {
            if start < 2 || words[start - 1] != "," {
                break;
            }
            let s = run_start(start - 1);
            let tagged = labels[s..start - 1]
                .iter()
                .any(|&l| matches!(l, 1 | 2 | 5 | 6));
            if s == start - 1 || !tagged {
                break;
            }
            start = s;
        }
        // A place alone before `and Co` is no partner (`in New York and Co`); a place after
        // a comma and a tagged name is one (`Goldman, Sachs and Co` with `Sachs` a place).
        if place && start == own_start {
            i += 2;
            continue;
        }
        let mut end = i + 2;
        while end < words.len() && is_in(words[end], LEGAL_FORMS) && capitalised(words[end]) {
            end += 1;
        }
        labels[start] = B_ORG;
        labels[start + 1..end].fill(I_ORG);
        // A token after the name cannot continue it.
        if let Some(l) = labels.get_mut(end)
            && LABELS[*l as usize].starts_with("I-")
        {
            *l -= 1;
        }
        i = end;
    }
}

/// Longest `<…>` group looked for after a `<`, in tokens.
const BRACKET_SPAN: usize = 8;

/// Whether a token is shaped like a stock ticker: letters, digits, `.`, `-`, `/` and no
/// lower-case letter (`BA`, `SCHN.PA`, `BRK-A`).
fn ticker_shaped(w: &str) -> bool {
    w.chars().any(|c| c.is_ascii_uppercase())
        && w.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '/'))
}

/// Reuters' angle brackets (`Boeing Co <BA>`, `<Airbus Industrie>`): a bracket is never part
/// of a name, and a ticker alone in brackets is a stock symbol rather than a name (the
/// company is named beside it). A name the tagger ran through a bracket is cut there.
pub fn ticker_brackets(words: &[&str], labels: &mut [u8]) {
    let mut changed = false;
    for i in 0..words.len() {
        if words[i] != "<" {
            continue;
        }
        let Some(len) = words[i + 1..]
            .iter()
            .take(BRACKET_SPAN)
            .position(|w| *w == ">")
        else {
            continue;
        };
        let close = i + 1 + len;
        labels[i] = 0;
        labels[close] = 0;
        if len == 1 && ticker_shaped(words[i + 1]) {
            labels[i + 1] = 0;
        }
        changed = true;
    }
    if changed {
        repair_iob(labels);
    }
}

/// Makes labels valid IOB2 again after some were cleared: an `I-X` that follows no `X`
/// starts its own name.
fn repair_iob(labels: &mut [u8]) {
    let mut prev = 0u8;
    for l in labels.iter_mut() {
        if LABELS[*l as usize].starts_with("I-") && prev.div_ceil(2) != l.div_ceil(2) {
            *l -= 1;
        }
        prev = *l;
    }
}

/// Whether a name is a US party-and-state tag: `R-Minn`, `D-Calif.`, `D-R.I.`, `D- Texas`,
/// `I-Vt`: a party letter, a hyphen, and what `is_state` takes for a state's name or
/// abbreviation (given without its final `.`).
pub fn party_state_tag(name: &str, is_state: impl Fn(&str) -> bool) -> bool {
    let Some(rest) = ["R-", "D-", "I-"].iter().find_map(|p| name.strip_prefix(p)) else {
        return false;
    };
    let state = rest.trim_start().trim_end_matches('.');
    capitalised(state) && is_state(state)
}

/// What an organisation word at the end of a name says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suffix {
    /// The name does not end with one.
    None,
    /// The name ends with one after other words: an organisation.
    Ends,
    /// The name is made only of such words (`Co`, `Co Inc`): a fragment, not a name.
    Only,
}

/// Whether the name's tokens end with an organisation word ([`ORG_SUFFIXES`]).
pub fn org_suffix(tokens: &[&str]) -> Suffix {
    let Some(last) = tokens.last() else {
        return Suffix::None;
    };
    if !is_in(last, ORG_SUFFIXES) || !capitalised(last) {
        return Suffix::None;
    }
    if tokens
        .iter()
        .all(|t| is_in(t, ORG_SUFFIXES) || is_in(t, &["and", "&"]))
    {
        Suffix::Only
    } else {
        Suffix::Ends
    }
}

/// Whether a one-word name cannot be a person: a month or weekday, initials alone (`J.`,
/// `R.L.`), or a word news text writes mostly in lower case (`moreover`, `reform`:
/// `lower_case_word`, from the word clusters' capitalisation class).
pub fn lone_word_not_a_person(word: &str, lower_case_word: bool) -> bool {
    let initials = word.ends_with('.')
        && word
            .split('.')
            .filter(|p| !p.is_empty())
            .all(|p| p.chars().count() == 1);
    initials || is_in(word, CALENDAR) || lower_case_word
}

/// Whether `name` is a whole-word part of a longer name in `others` (`Harris Upham` in
/// `Smith Barney, Harris Upham and Co Inc`, `Barney` in `Smith Barney`).
pub fn fragment_of<'o>(name: &str, others: impl IntoIterator<Item = &'o str>) -> bool {
    let words: Vec<&str> = name.split(' ').collect();
    others.into_iter().any(|o| {
        let ow: Vec<&str> = o.split(' ').map(|w| w.trim_end_matches(',')).collect();
        ow.len() > words.len() && ow.windows(words.len()).any(|w| w == words.as_slice())
    })
}

/// Whether a token is the possessive the tokenizer splits off (`'s`, `’s`).
pub(crate) fn is_possessive(token: &str) -> bool {
    matches!(token, "'s" | "’s" | "'S" | "’S")
}

/// Whether a word is a legal form (`Inc`, `Corp.`, `A.G.`, `S.p.A.`), dots aside.
fn is_legal_form(word: &str) -> bool {
    let w = word.trim_end_matches(|c: char| c.is_ascii_punctuation() && c != '.');
    if w.contains('.') {
        is_in(&w.replace('.', ""), LEGAL_FORMS)
    } else {
        is_in(w, LEGAL_FORMS)
    }
}

/// Whether a name's last word is a legal form or says it is a company (`Inc`, `Corp`, `Co`,
/// `Ltd`, `Company`…): a firm's name, whose first word alone names the firm.
pub fn legal_form_end(name: &str) -> bool {
    name.rsplit(' ')
        .next()
        .is_some_and(|w| is_legal_form(w) || is_in(w, &["company", "corporation"]))
}

/// The one longer name in `others` whose first word is `word` (its possessive aside: `Moody`
/// in `Moody's Investors Service Inc`), if there is exactly one such name.
pub fn long_form_of<'o>(word: &str, others: impl IntoIterator<Item = &'o str>) -> Option<&'o str> {
    let first = |o: &'o str| -> Option<&'o str> {
        let (w, _) = o.split_once(' ')?;
        Some(w.strip_suffix("'s").or(w.strip_suffix("’s")).unwrap_or(w))
    };
    let mut found: Option<&'o str> = None;
    for o in others {
        if first(o) == Some(word) && found != Some(o) {
            if found.is_some() {
                return None;
            }
            found = Some(o);
        }
    }
    found
}

/// Joins a name's tokens with spaces, but none before a comma (`Smith Barney, Harris Upham`)
/// nor before the possessive the tokenizer split off (`Moody's Investors Service`).
pub fn join_name(tokens: &[&str]) -> String {
    let mut out = String::new();
    for t in tokens {
        if !out.is_empty() && *t != "," && !is_possessive(t) {
            out.push(' ');
        }
        out.push_str(t);
    }
    // One apostrophe, so that `Moody’s` and `Moody's` are one name.
    if out.contains('’') {
        out = out.replace('’', "'");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::model::label_index;

    /// Runs a rule on `word/TAG` pairs (IOB2, `O` when no tag) and returns the tags.
    fn apply(rule: impl Fn(&[&str], &mut [u8]), text: &str) -> String {
        let pairs: Vec<(&str, &str)> = text
            .split(' ')
            .map(|p| p.split_once('/').unwrap_or((p, "O")))
            .collect();
        let words: Vec<&str> = pairs.iter().map(|p| p.0).collect();
        let mut labels: Vec<u8> = pairs.iter().map(|p| label_index(p.1) as u8).collect();
        rule(&words, &mut labels);
        words
            .iter()
            .zip(&labels)
            .map(|(w, &l)| format!("{w}/{}", LABELS[l as usize]))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Checks a rule on a table of (`word/TAG` input, expected output).
    fn check(rule: impl Fn(&[&str], &mut [u8]), cases: &[(&str, &str)]) {
        for (text, want) in cases {
            assert_eq!(apply(&rule, text), *want, "{text}");
        }
    }

    /// A rule that asks whether a sentence's token is a first name.
    type FirstNameRule = fn(&[&str], &mut [u8], &dyn Fn(usize) -> bool);

    /// A rule that asks for first names, run with `Sean`, `Condoleezza`, `Edward` and `Tom`
    /// known.
    fn with_first_names(rule: FirstNameRule) -> impl Fn(&[&str], &mut [u8]) {
        move |words, labels| {
            let first = |i: usize| ["Sean", "Condoleezza", "Edward", "Tom"].contains(&words[i]);
            rule(words, labels, &first);
        }
    }

    #[test]
    fn firm_names_table() {
        let cases = [
            // The tagger's cut of a comma-joined partnership: one organisation.
            (
                "by Smith/B-ORG Barney/I-ORG , Harris/B-PER Upham/I-PER and Co/B-ORG Inc/I-ORG said",
                "by/O Smith/B-ORG Barney/I-ORG ,/I-ORG Harris/I-ORG Upham/I-ORG and/I-ORG \
                 Co/I-ORG Inc/I-ORG said/O",
            ),
            (
                "Goldman/B-ORG , Sachs/B-ORG and/I-ORG Co/I-ORG ,",
                "Goldman/B-ORG ,/I-ORG Sachs/I-ORG and/I-ORG Co/I-ORG ,/O",
            ),
            (
                "Alex Brown/B-PER and Sons Inc.",
                "Alex/B-ORG Brown/I-ORG and/I-ORG Sons/I-ORG Inc./I-ORG",
            ),
            // An untagged capitalised word before the comma is not part of the name.
            (
                "Yesterday , Kidder/B-PER and Co said",
                "Yesterday/O ,/O Kidder/B-ORG and/I-ORG Co/I-ORG said/O",
            ),
            // A place after a comma and a tagged name is a partner's name.
            (
                "Goldman/B-ORG , Sachs/B-LOC and Co/B-LOC ,",
                "Goldman/B-ORG ,/I-ORG Sachs/I-ORG and/I-ORG Co/I-ORG ,/O",
            ),
            // A place alone is not a firm's partner.
            (
                "in New/B-LOC York/I-LOC and Co",
                "in/O New/B-LOC York/I-LOC and/O Co/O",
            ),
            // Not the shape: lower-case before `and`, or no tail word after it.
            ("profits and Co", "profits/O and/O Co/O"),
            ("The Smith and Co", "The/O Smith/B-ORG and/I-ORG Co/I-ORG"),
            (
                "Smith/B-PER and Jones/B-PER",
                "Smith/B-PER and/O Jones/B-PER",
            ),
        ];
        check(firm_names, &cases);
    }

    #[test]
    fn calendar_tails_table() {
        let cases = [
            (
                "by the World/B-ORG Bank/I-ORG in/I-ORG March/I-ORG .",
                "by/O the/O World/B-ORG Bank/I-ORG in/O March/O ./O",
            ),
            (
                "New/B-ORG York/I-ORG Dec/I-ORG",
                "New/B-ORG York/I-ORG Dec/O",
            ),
            (
                "the Senate/B-ORG Wednesday/I-ORG said",
                "the/O Senate/B-ORG Wednesday/O said/O",
            ),
            (
                "Bob/B-PER Dole/I-PER on/I-PER Sept./I-PER 4/O",
                "Bob/B-PER Dole/I-PER on/O Sept./O 4/O",
            ),
            // A date word alone is left to the other rules; `May` is also a name.
            ("on Monday/B-ORG ,", "on/O Monday/B-ORG ,/O"),
            ("Fiona/B-PER May/I-PER", "Fiona/B-PER May/I-PER"),
            // Only at the end of a name.
            (
                "Tuesday/B-ORG Morning/I-ORG Club/I-ORG",
                "Tuesday/B-ORG Morning/I-ORG Club/I-ORG",
            ),
        ];
        check(calendar_tails, &cases);
    }

    #[test]
    fn fixture_splits_table() {
        let cases = [
            (
                "SEATTLE/B-ORG AT/I-ORG BOSTON/I-ORG",
                "SEATTLE/B-ORG AT/O BOSTON/B-ORG",
            ),
            (
                "Ajax/B-ORG v/I-ORG Feyenoord/I-ORG 2-1",
                "Ajax/B-ORG v/O Feyenoord/B-ORG 2-1/O",
            ),
            // At a name's edge it is left to the other rules; elsewhere names keep their words.
            ("Bank/B-ORG at/I-ORG", "Bank/B-ORG at/I-ORG"),
            (
                "Buducnost/B-ORG (/I-ORG V/I-ORG )/I-ORG",
                "Buducnost/B-ORG (/I-ORG V/I-ORG )/I-ORG",
            ),
            // An initial is not "versus".
            (
                "Yurij/B-PER V./I-PER Ponomarev/I-PER",
                "Yurij/B-PER V./I-PER Ponomarev/I-PER",
            ),
            (
                "Peter/B-PER V/I-PER Ueberroth/I-PER",
                "Peter/B-PER V/I-PER Ueberroth/I-PER",
            ),
            ("AJAX/B-ORG V/I-ORG PSV/I-ORG", "AJAX/B-ORG V/O PSV/B-ORG"),
            (
                "Bank/B-ORG of/I-ORG England/I-ORG",
                "Bank/B-ORG of/I-ORG England/I-ORG",
            ),
        ];
        check(fixture_splits, &cases);
    }

    #[test]
    fn title_splits_table() {
        let cases = [
            (
                "State/B-ORG Department/I-ORG Spokesman/I-ORG Sean/I-ORG McCormack/I-ORG said",
                "State/B-ORG Department/I-ORG Spokesman/O Sean/B-PER McCormack/I-PER said/O",
            ),
            // The part before the title is an office: the person alone.
            (
                "US/B-ORG Secretary/I-ORG of/I-ORG State/I-ORG Condoleezza/I-ORG Rice/I-ORG",
                "US/O Secretary/O of/O State/O Condoleezza/B-PER Rice/I-PER",
            ),
            (
                "Coach/B-MISC Tom/I-MISC Van/I-MISC Kirk/I-MISC",
                "Coach/O Tom/B-PER Van/I-PER Kirk/I-PER",
            ),
            // The name ends with the title; the person after it left out, or cut.
            (
                "House/B-ORG Speaker/I-ORG Sean Wright/B-PER predicted",
                "House/B-ORG Speaker/O Sean/B-PER Wright/I-PER predicted/O",
            ),
            (
                "Senate/B-ORG Democratic/I-ORG Leader/I-ORG Tom Byrd/B-ORG of West/B-LOC",
                "Senate/B-ORG Democratic/I-ORG Leader/O Tom/B-PER Byrd/I-PER of/O West/B-LOC",
            ),
            (
                "Trade/B-ORG Representative/I-ORG Tom/I-ORG Yeutter took",
                "Trade/B-ORG Representative/O Tom/B-PER Yeutter/I-PER took/O",
            ),
            // Not a first name after the title, a place's or an organisation's word in the
            // rest, a lower-case title, or already a person: left alone.
            (
                "Foreign/B-ORG Ministry/I-ORG Spokesman/I-ORG Shen/I-ORG Guofang/I-ORG",
                "Foreign/B-ORG Ministry/I-ORG Spokesman/I-ORG Shen/I-ORG Guofang/I-ORG",
            ),
            (
                "Prince/B-LOC Edward/I-LOC Island/I-LOC",
                "Prince/B-LOC Edward/I-LOC Island/I-LOC",
            ),
            (
                "King/B-ORG Tom/I-ORG Bank/I-ORG",
                "King/B-ORG Tom/I-ORG Bank/I-ORG",
            ),
            (
                "Acme/B-ORG spokesman/I-ORG Sean/I-ORG Penn/I-ORG",
                "Acme/B-ORG spokesman/I-ORG Sean/I-ORG Penn/I-ORG",
            ),
            (
                "President/B-PER Sean/I-PER Penn/I-PER",
                "President/B-PER Sean/I-PER Penn/I-PER",
            ),
            // More than three person words, or a date after one, is no person's name.
            (
                "Acme/B-ORG President/I-ORG Tom Van Der Berg",
                "Acme/B-ORG President/I-ORG Tom/O Van/O Der/O Berg/O",
            ),
            (
                "Acme/B-ORG President/I-ORG Tom Tuesday",
                "Acme/B-ORG President/I-ORG Tom/O Tuesday/O",
            ),
        ];
        check(with_first_names(title_splits), &cases);
    }

    #[test]
    fn surnames_after_first_names_table() {
        let cases = [
            (
                "said Condoleezza/B-PER Rice spoke",
                "said/O Condoleezza/B-PER Rice/I-PER spoke/O",
            ),
            // Not after a first name alone, nor a date, title, organisation word or
            // lower-case word, nor a word another name starts with.
            ("Bush/B-PER Rice said", "Bush/B-PER Rice/O said/O"),
            ("Sean/B-PER Tuesday said", "Sean/B-PER Tuesday/O said/O"),
            ("Sean/B-PER Spokesman", "Sean/B-PER Spokesman/O"),
            ("Sean/B-PER Bank", "Sean/B-PER Bank/O"),
            ("Sean/B-PER rice", "Sean/B-PER rice/O"),
            ("Sean/B-PER NATO", "Sean/B-PER NATO/O"),
            ("Sean/B-PER Paris/B-LOC", "Sean/B-PER Paris/B-LOC"),
        ];
        check(with_first_names(surnames_after_first_names), &cases);
    }

    #[test]
    fn document_names_table() {
        let cases = [
            // A surname, a one-word person or organisation named elsewhere, before or after.
            (
                "Condoleezza/B-PER Rice/I-PER spoke . Rice said",
                "Condoleezza/B-PER Rice/I-PER spoke/O ./O Rice/B-PER said/O",
            ),
            (
                "Rice said . Condoleezza/B-PER Rice/I-PER spoke",
                "Rice/B-PER said/O ./O Condoleezza/B-PER Rice/I-PER spoke/O",
            ),
            (
                "Rice/B-PER spoke . Rice said",
                "Rice/B-PER spoke/O ./O Rice/B-PER said/O",
            ),
            (
                "Barnsley/B-ORG 2 Leeds/B-ORG 1 . Barnsley 3",
                "Barnsley/B-ORG 2/O Leeds/B-ORG 1/O ./O Barnsley/B-ORG 3/O",
            ),
            // Not a place or other name, nor a word named as two kinds, nor the surname of
            // a name that is not a person's.
            (
                "Health/B-LOC . Health said",
                "Health/B-LOC ./O Health/O said/O",
            ),
            (
                "German/B-MISC . German said",
                "German/B-MISC ./O German/O said/O",
            ),
            (
                "Rice/B-PER . Rice/B-LOC . Rice said",
                "Rice/B-PER ./O Rice/B-LOC ./O Rice/O said/O",
            ),
            (
                "Condoleezza/B-ORG Rice/I-ORG . Rice said",
                "Condoleezza/B-ORG Rice/I-ORG ./O Rice/O said/O",
            ),
            // Not beside another capitalised word, in lower case, an acronym or capitals,
            // already tagged, a month, or (for a person) a title.
            (
                "Condoleezza/B-PER Rice/I-PER . Rice University",
                "Condoleezza/B-PER Rice/I-PER ./O Rice/O University/O",
            ),
            (
                "Condoleezza/B-PER Rice/I-PER . rice prices",
                "Condoleezza/B-PER Rice/I-PER ./O rice/O prices/O",
            ),
            ("NATO/B-ORG . NATO said", "NATO/B-ORG ./O NATO/O said/O"),
            (
                "John/B-PER MARTIN/I-PER . MARTIN said",
                "John/B-PER MARTIN/I-PER ./O MARTIN/O said/O",
            ),
            (
                "Condoleezza/B-PER Rice/I-PER . Rice/B-ORG Council/I-ORG",
                "Condoleezza/B-PER Rice/I-PER ./O Rice/B-ORG Council/I-ORG",
            ),
            (
                "Tuesday/B-ORG . Tuesday said",
                "Tuesday/B-ORG ./O Tuesday/O said/O",
            ),
            (
                "Governor/B-PER . Governor said",
                "Governor/B-PER ./O Governor/O said/O",
            ),
        ];
        check(document_names, &cases);
    }

    #[test]
    fn document_acronyms_table() {
        fn acronyms(words: &[&str], labels: &mut [u8]) {
            // Sentences end at `.`.
            let mut bounds = Vec::new();
            let mut b = 0;
            for (i, w) in words.iter().enumerate() {
                if *w == "." {
                    bounds.push((b, i + 1));
                    b = i + 1;
                }
            }
            bounds.push((b, words.len()));
            document_acronyms(words, &bounds, labels);
        }
        let cases = [
            (
                "the Jamat-ud-Dawa/B-ORG . the JuD offices .",
                "the/O Jamat-ud-Dawa/B-ORG ./O the/O JuD/B-ORG offices/O ./O",
            ),
            (
                "JuD said . the Jamat-ud-Dawa/B-ORG",
                "JuD/B-ORG said/O ./O the/O Jamat-ud-Dawa/B-ORG",
            ),
            (
                "Commodity/B-ORG Futures/I-ORG Trading/I-ORG Commission/I-ORG . CFTC",
                "Commodity/B-ORG Futures/I-ORG Trading/I-ORG Commission/I-ORG ./O CFTC/B-ORG",
            ),
            // Initials of a person or place, another acronym, one already tagged, a
            // hyphenated word: left alone.
            ("Jamat-ud-Dawa/B-PER . JuD", "Jamat-ud-Dawa/B-PER ./O JuD/O"),
            ("Jamat-ud-Dawa/B-ORG . LeT", "Jamat-ud-Dawa/B-ORG ./O LeT/O"),
            (
                "Jamat-ud-Dawa/B-ORG . JuD/B-PER",
                "Jamat-ud-Dawa/B-ORG ./O JuD/B-PER",
            ),
            (
                "Jamat-ud-Dawa/B-ORG . Jan-Dec",
                "Jamat-ud-Dawa/B-ORG ./O Jan-Dec/O",
            ),
        ];
        check(acronyms, &cases);
    }

    #[test]
    fn person_suffixes_table() {
        let cases = [
            (
                "Louis/B-PER Dreyfus/I-PER Corp/I-PER said",
                "Louis/B-ORG Dreyfus/I-ORG Corp/I-ORG said/O",
            ),
            (
                "Sui/B-PER Northern/I-PER Gas/I-PER",
                "Sui/B-ORG Northern/I-ORG Gas/I-ORG",
            ),
            // One word, a place, or no organisation word at the end: left alone.
            ("Corp/B-PER said", "Corp/B-PER said/O"),
            ("Tokyo/B-LOC Gas/I-LOC", "Tokyo/B-LOC Gas/I-LOC"),
            ("Gas/B-PER Smith/I-PER", "Gas/B-PER Smith/I-PER"),
        ];
        check(person_suffixes, &cases);
    }

    #[test]
    fn firm_joins_table() {
        // `Loan` and `Gamble` are words news text writes in lower case, `Poor` one it writes
        // either way, `Chrysler` a name.
        let rule = |words: &[&str], labels: &mut [u8]| {
            let case = |i: usize| match words[i] {
                "Loan" | "Gamble" | "Yesterday" => 1,
                "Poor" => 2,
                "Chrysler" => 3,
                _ => 0,
            };
            firm_joins(words, labels, &case);
        };
        let cases = [
            // A name before a firm's name that ends with a legal form.
            (
                "Philadelphia/B-LOC Electric/B-ORG Co/I-ORG rose",
                "Philadelphia/B-ORG Electric/I-ORG Co/I-ORG rose/O",
            ),
            ("Siemens/B-ORG A.G./B-ORG", "Siemens/B-ORG A.G./I-ORG"),
            (
                "Banque/B-MISC Paribas/B-ORG SA/I-ORG",
                "Banque/B-ORG Paribas/I-ORG SA/I-ORG",
            ),
            // Nor through a bracket.
            (
                "Finance/B-ORG (/I-ORG HK/B-LOC )/B-ORG Ltd/I-ORG",
                "Finance/B-ORG (/I-ORG HK/B-LOC )/B-ORG Ltd/I-ORG",
            ),
            // A labelled `and` between two firms is no piece of either.
            (
                "Kidder/B-ORG Co/I-ORG and/B-ORG Smith/B-ORG Inc/I-ORG",
                "Kidder/B-ORG Co/I-ORG and/B-ORG Smith/B-ORG Inc/I-ORG",
            ),
            // Three pieces become one.
            (
                "Banque/B-MISC Indosuez/B-ORG Luxembourg/B-LOC SA/B-ORG",
                "Banque/B-ORG Indosuez/I-ORG Luxembourg/I-ORG SA/I-ORG",
            ),
            // Not after an adjective with a hyphen, nor before a firm without a legal form.
            (
                "U.S.-backed/B-MISC Acme/B-ORG Inc/I-ORG",
                "U.S.-backed/B-MISC Acme/B-ORG Inc/I-ORG",
            ),
            (
                "Texas/B-LOC Exxon/B-ORG said",
                "Texas/B-LOC Exxon/B-ORG said/O",
            ),
            // Initials before a firm's name; not one letter, not a place's.
            (
                "E.F./B-ORG Hutton/B-ORG Group/I-ORG",
                "E.F./B-ORG Hutton/I-ORG Group/I-ORG",
            ),
            ("A./B-PER Wells/B-ORG 51", "A./B-PER Wells/B-ORG 51/O"),
            ("U.S./B-LOC Senate/B-ORG", "U.S./B-LOC Senate/B-ORG"),
            // `and` before a lower-case word that ends as a firm or body does.
            (
                "Standard/B-ORG and Poor/B-ORG 's/I-ORG Corp/I-ORG",
                "Standard/B-ORG and/I-ORG Poor/I-ORG 's/I-ORG Corp/I-ORG",
            ),
            (
                "Standard/B-ORG and Poor/B-ORG 's/O said",
                "Standard/B-ORG and/I-ORG Poor/I-ORG 's/I-ORG said/O",
            ),
            // The first word left out at the start of a sentence.
            (
                "Standard and Poor/B-ORG 's/I-ORG Corp/I-ORG said",
                "Standard/B-ORG and/I-ORG Poor/I-ORG 's/I-ORG Corp/I-ORG said/O",
            ),
            (
                "Yesterday and Poor/B-ORG 's/I-ORG Corp/I-ORG said",
                "Yesterday/O and/O Poor/B-ORG 's/I-ORG Corp/I-ORG said/O",
            ),
            (
                "Ford/B-ORG and Chrysler/B-ORG 's/O sales",
                "Ford/B-ORG and/O Chrysler/B-ORG 's/O sales/O",
            ),
            (
                "Equitable/B-ORG Savings/I-ORG and Loan/B-ORG Association/I-ORG",
                "Equitable/B-ORG Savings/I-ORG and/I-ORG Loan/I-ORG Association/I-ORG",
            ),
            // Two firms stay two.
            (
                "Ford/B-ORG and Chrysler/B-ORG Corp/I-ORG",
                "Ford/B-ORG and/O Chrysler/B-ORG Corp/I-ORG",
            ),
            (
                "Britain/B-LOC and Poor/B-ORG Corp/I-ORG",
                "Britain/B-LOC and/O Poor/B-ORG Corp/I-ORG",
            ),
            (
                "Procter/B-ORG and Gamble/B-ORG rose",
                "Procter/B-ORG and/O Gamble/B-ORG rose/O",
            ),
        ];
        check(rule, &cases);
    }

    #[test]
    fn long_forms_of_a_firm() {
        let names = [
            "Moody's Investors Service Inc",
            "Ford Motor Co",
            "Fordham Bank",
        ];
        assert_eq!(
            long_form_of("Moody", names),
            Some("Moody's Investors Service Inc")
        );
        assert_eq!(long_form_of("Ford", names), Some("Ford Motor Co"));
        assert_eq!(
            long_form_of("Fordham", ["Fordham Bank"]),
            Some("Fordham Bank")
        );
        // Two firms of that word: neither.
        assert_eq!(
            long_form_of("Ford", ["Ford Motor Co", "Ford Credit Corp"]),
            None
        );
        assert_eq!(long_form_of("Chrysler", names), None);
        assert!(legal_form_end("Ford Motor Co"));
        assert!(legal_form_end("Salomon Brothers Inc."));
        assert!(!legal_form_end("Senate Finance Committee"));
    }

    #[test]
    fn connector_tails_table() {
        let cases = [
            (
                "asked the World/B-ORG Bank/I-ORG for/I-ORG money",
                "asked/O the/O World/B-ORG Bank/I-ORG for/O money/O",
            ),
            (
                "Smith/B-ORG and/I-ORG ,/I-ORG said",
                "Smith/B-ORG and/O ,/O said/O",
            ),
            // Inside a name they stay.
            (
                "Bank/B-ORG for/I-ORG International/I-ORG Settlements/I-ORG",
                "Bank/B-ORG for/I-ORG International/I-ORG Settlements/I-ORG",
            ),
            // Case matters: `And` and `The` may be names' own words.
            (
                "Guns/B-ORG N'/I-ORG The/I-ORG",
                "Guns/B-ORG N'/I-ORG The/I-ORG",
            ),
        ];
        check(connector_tails, &cases);
    }

    /// [`ticker_brackets`] on `word/TAG` pairs.

    #[test]
    fn ticker_brackets_table() {
        let cases = [
            // A ticker is no name; the company beside it stays.
            (
                "Boeing/B-ORG Co/I-ORG </O BA/B-PER >/O said",
                "Boeing/B-ORG Co/I-ORG </O BA/O >/O said/O",
            ),
            // A name run through the bracket is cut at it.
            (
                "Schneider/B-ORG SA/I-ORG </I-ORG SCHN.PA/I-ORG >/O unit",
                "Schneider/B-ORG SA/I-ORG </O SCHN.PA/O >/O unit/O",
            ),
            // A name in brackets stays a name, without its brackets.
            (
                "</B-ORG Airbus/I-ORG Industrie/I-ORG >/I-ORG and",
                "</O Airbus/B-ORG Industrie/I-ORG >/O and/O",
            ),
            // No closing bracket nearby: nothing to do.
            ("a </O BA/B-ORG", "a/O </O BA/B-ORG"),
            ("x < 3 and BA/B-ORG", "x/O </O 3/O and/O BA/B-ORG"),
        ];
        check(ticker_brackets, &cases);
    }

    #[test]
    fn party_state_tags_table() {
        let states = ["Minn", "Calif", "R.I", "Texas", "Vt", "ND"];
        let cases = [
            ("R-Minn", true),
            ("D-Calif.", true),
            ("D-R.I.", true),
            ("D- Texas", true),
            ("I-Vt", true),
            ("D-ND", true),
            ("R-Minn Smith", false),
            ("Jean-Paul", false),
            ("D-Day", false),
            ("Dr-Minn", false),
            ("Reagan", false),
        ];
        for (name, want) in cases {
            assert_eq!(
                party_state_tag(name, |s| states.contains(&s)),
                want,
                "{name}"
            );
        }
    }

    #[test]
    fn org_suffix_table() {
        let cases = [
            ("Dean Witter Reynolds Inc", Suffix::Ends),
            ("Salomon Brothers", Suffix::Ends),
            ("Herstatt Bank", Suffix::Ends),
            ("Labour Party", Suffix::Ends),
            ("Inc", Suffix::Only),
            ("Co Inc", Suffix::Only),
            ("Co.", Suffix::Only),
            ("Sean McCormack", Suffix::None),
            ("John Bank", Suffix::Ends),
            ("Bob Inc.", Suffix::Ends),
            ("party", Suffix::None),
        ];
        for (name, want) in cases {
            let tokens: Vec<&str> = name.split(' ').collect();
            assert_eq!(org_suffix(&tokens), want, "{name}");
        }
    }

    #[test]
    fn lone_words_table() {
        // (word, mostly lower case in news text, not a person)
        let cases = [
            ("Moreover", true, true),
            ("February", false, true),
            ("Tuesday", false, true),
            ("J.", false, true),
            ("R.L.", false, true),
            ("Reagan", false, false),
            ("Yeutter", false, false),
            ("Jr.", false, false),
        ];
        for (word, lower, want) in cases {
            assert_eq!(lone_word_not_a_person(word, lower), want, "{word}");
        }
    }

    #[test]
    fn fragments_table() {
        let orgs = ["Smith Barney, Harris Upham and Co Inc", "Chrysler Corp"];
        let cases = [
            ("Harris Upham", true),
            ("Barney", true),
            ("Smith Barney", true),
            ("Chrysler", true),
            ("Chrysler Corp", false),
            ("Upham Harris", false),
            ("Barn", false),
        ];
        for (name, want) in cases {
            assert_eq!(fragment_of(name, orgs), want, "{name}");
        }
    }

    #[test]
    fn join_name_keeps_commas_close() {
        assert_eq!(
            join_name(&["Smith", "Barney", ",", "Harris", "Upham"]),
            "Smith Barney, Harris Upham"
        );
        assert_eq!(join_name(&["Mumbai"]), "Mumbai");
        assert_eq!(
            join_name(&["Moody", "'s", "Investors", "Service"]),
            "Moody's Investors Service"
        );
    }
}
