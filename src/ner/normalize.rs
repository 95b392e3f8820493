//! Per-article normalisation of tagged mentions into canonical entities: titles, possessives
//! and pronouns stripped, places mapped to their gazetteer canonical name (`U.S.` → `United
//! States`, demonyms dropped), an acronym in parentheses joined to its long form, a surname
//! alone mapped to the full name used in the same article, and each name given the type most
//! of its mentions got.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::article::Entities;

use super::gazetteer::{Gazetteer, kind, token_key};

/// One tagged mention: its type (`PER`, `LOC`, `ORG`), its tokens, and the bits of context
/// normalisation looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention<'a> {
    /// `PER`, `LOC` or `ORG`.
    pub kind: &'static str,
    /// The mention's tokens.
    pub tokens: Vec<&'a str>,
    /// The acronym in parentheses right after the mention, if any (`LeT`).
    pub acronym: Option<&'a str>,
    /// The token before the mention, if any.
    pub prev: Option<&'a str>,
}

const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "professor",
    "sir",
    "dame",
    "lord",
    "lady",
    "president",
    "vice",
    "secretary",
    "minister",
    "prime",
    "chancellor",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "senator",
    "sen",
    "rep",
    "gen",
    "general",
    "col",
    "colonel",
    "capt",
    "captain",
    "lt",
    "sgt",
    "maj",
    "major",
    "gov",
    "governor",
    "judge",
    "justice",
    "rev",
    "father",
    "sheikh",
    "king",
    "queen",
    "prince",
    "princess",
    "chairman",
    "chairwoman",
    "chief",
    "director",
    "ambassador",
    "mayor",
    "premier",
    "deputy",
    "assistant",
    "undersecretary",
    "commissioner",
    "envoy",
    "inspector",
    "coach",
    "pope",
    "cardinal",
    "bishop",
    "admiral",
    "state",
    "department",
    "foreign",
    "defence",
    "defense",
    "interior",
    "home",
    "finance",
    "us",
    "u.s.",
    "former",
    "late",
    "acting",
    "senior",
    "junior",
    "the",
];
const PRONOUNS: &[&str] = &[
    "he", "she", "it", "they", "we", "i", "you", "him", "her", "them", "his", "hers", "its",
    "their", "our", "who", "this", "that", "these", "those",
];

fn lower(s: &str) -> String {
    s.trim_end_matches('.').to_lowercase()
}

fn is_title(t: &str) -> bool {
    TITLES.contains(&lower(t).as_str())
}

fn is_capitalised_word(t: &str) -> bool {
    t.chars().next().is_some_and(char::is_uppercase) && t.chars().any(char::is_alphabetic)
}

/// Looks like an acronym: one token, starts upper-case, at least two capitals, ≤ 10 chars.
pub fn is_acronym(t: &str) -> bool {
    t.len() <= 10
        && t.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && t.chars().filter(char::is_ascii_uppercase).count() >= 2
        && t.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
}

/// Cleans a mention's tokens: possessives and punctuation off the ends, titles off the front
/// of people, `the` off the front of others. `None` when nothing name-like is left.
pub fn clean_tokens<'a>(kind: &str, tokens: &[&'a str]) -> Option<Vec<&'a str>> {
    let mut t: Vec<&str> = tokens.to_vec();
    while t.last().is_some_and(|x| {
        matches!(*x, "'s" | "’s" | "'" | "’") || !x.chars().any(char::is_alphanumeric)
    }) {
        t.pop();
    }
    while t
        .first()
        .is_some_and(|x| !x.chars().any(char::is_alphanumeric))
    {
        t.remove(0);
    }
    if kind == "PER" {
        while t.len() > 1 && is_title(t[0]) {
            t.remove(0);
        }
        if t.len() == 1 && is_title(t[0]) {
            return None;
        }
    } else if t.len() > 1 && lower(t[0]) == "the" {
        t.remove(0);
    }
    if t.is_empty() || !t.iter().any(|x| is_capitalised_word(x)) {
        return None;
    }
    if t.len() == 1 && PRONOUNS.contains(&lower(t[0]).as_str()) {
        return None;
    }
    let wordlike = |x: &str| x.chars().all(|c| c.is_alphabetic() || "-'.’".contains(c));
    if kind == "PER" && !t.iter().any(|x| wordlike(x) && is_capitalised_word(x)) {
        return None;
    }
    Some(t)
}

/// Words that make a position title when followed by `of`/`for` (`Secretary of State for
/// South Asian Affairs`, `Minister for Home Affairs`): such a phrase names an office, not an
/// organisation.
const OFFICES: &[&str] = &[
    "secretary",
    "undersecretary",
    "minister",
    "state",
    "commissioner",
    "envoy",
    "ambassador",
    "chancellor",
];

/// Last words that make a phrase an organisation rather than a place (`Pune Police`).
const ORG_HEADS: &[&str] = &[
    "police",
    "ministry",
    "department",
    "party",
    "army",
    "bank",
    "university",
    "council",
    "court",
    "commission",
    "committee",
    "corporation",
    "company",
    "corp",
    "inc",
    "ltd",
    "airlines",
    "airways",
    "group",
    "agency",
    "authority",
    "board",
    "union",
    "association",
    "institute",
    "club",
    "federation",
    "forces",
    "force",
    "service",
    "exchange",
    "office",
];

/// Repairs title phrases the tagger took for one name: a person after an office title
/// (`Secretary of State Condoleezza Rice` → person `Condoleezza Rice`), and drops an office
/// (`Assistant Secretary of State for South Asian Affairs`). Returns the kind and tokens kept.
fn repair_titles<'a>(
    kind: &'static str,
    tokens: Vec<&'a str>,
    gaz: &Gazetteer,
) -> Option<(&'static str, Vec<&'a str>)> {
    if kind == "PER" || tokens.len() < 2 {
        return Some((kind, tokens));
    }
    // A first name after a title word starts a person.
    for i in 1..tokens.len() {
        let rest = &tokens[i..];
        let namelike = |t: &&str| {
            is_capitalised_word(t)
                && t.chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
                && !is_title(t)
                && !ORG_HEADS.contains(&lower(t).as_str())
        };
        let first_name = gaz.first_name(token_key(tokens[i])) > 0;
        let rest_names = rest.iter().all(namelike) && (first_name || rest.len() == 2);
        if is_title(tokens[i - 1]) && rest_names && rest.len() <= 3 && rest.len() >= 2 {
            return Some(("PER", tokens[i..].to_vec()));
        }
    }
    let office = tokens
        .windows(2)
        .any(|w| OFFICES.contains(&lower(w[0]).as_str()) && matches!(w[1], "of" | "for"));
    if office {
        return None;
    }
    Some((kind, tokens))
}

/// The initials of a multiword name's capitalised words (`Commodity Futures Trading
/// Commission` → `CFTC`), if it has at least two.
fn initials(name: &str) -> Option<String> {
    let words: Vec<&str> = name.split(' ').filter(|w| is_capitalised_word(w)).collect();
    (words.len() >= 2).then(|| words.iter().filter_map(|w| w.chars().next()).collect())
}

/// Turns an article's mentions into canonical, deduplicated, sorted entities.
pub fn normalise(mentions: &[Mention], gaz: &Gazetteer) -> Entities {
    // Acronym aliases: `Lashkar-e-Taiba (LeT)` → LeT means Lashkar-e-Taiba.
    let mut alias: HashMap<String, String> = HashMap::new();
    let mut cleaned: Vec<(&str, String)> = Vec::new();
    for m in mentions {
        let Some(tokens) = clean_tokens(m.kind, &m.tokens) else {
            continue;
        };
        let Some((kind_repaired, tokens)) = repair_titles(m.kind, tokens, gaz) else {
            continue;
        };
        let name = tokens.join(" ");
        let known_place = gaz
            .lookup(&name)
            .is_some_and(|e| e.kinds & (kind::PLACE | kind::DEMONYM) != 0);
        let mut kind_name = kind_repaired;
        if let Some(acr) = m.acronym.filter(|a| is_acronym(a) && *a != name) {
            alias.insert(acr.to_string(), name.clone());
            // A long form with its acronym in parentheses names an organisation (places with
            // acronyms, `United Arab Emirates (UAE)`, are in the gazetteer).
            if !known_place {
                kind_name = "ORG";
            }
        }
        // `the X` tagged as a place but unknown to the gazetteer is rather an organisation,
        // and so is one ending with an organisation word (`Pune Police`).
        let org_head = tokens.len() > 1
            && tokens
                .last()
                .is_some_and(|t| ORG_HEADS.contains(&lower(t).as_str()));
        if kind_name == "LOC"
            && !known_place
            && (m.prev.is_some_and(|p| lower(p) == "the") || org_head)
        {
            kind_name = "ORG";
        }
        cleaned.push((kind_name, name));
    }
    // An acronym equal to the initials of a multiword organisation in the same article names
    // it (`Commodity Futures Trading Commission, CFTC,`).
    let long_forms: Vec<(String, String)> = cleaned
        .iter()
        .filter(|(k, _)| *k == "ORG")
        .filter_map(|(_, n)| initials(n).map(|i| (i, n.clone())))
        .collect();
    for (_, name) in &cleaned {
        if is_acronym(name) && !alias.contains_key(name) {
            let bare: String = name.chars().filter(|c| c.is_ascii_uppercase()).collect();
            if let Some((_, long)) = long_forms.iter().find(|(i, n)| *i == bare && n != name) {
                alias.insert(name.clone(), long.clone());
            }
        }
    }
    // Resolve names: aliases, places, surnames.
    let full_people: Vec<String> = cleaned
        .iter()
        .filter(|(k, n)| *k == "PER" && n.contains(' '))
        .map(|(_, n)| n.clone())
        .collect();
    let mut votes: BTreeMap<String, [usize; 3]> = BTreeMap::new();
    for (kind_name, name) in &cleaned {
        let mut kind_name = *kind_name;
        let mut name = alias.get(name).cloned().unwrap_or_else(|| name.clone());
        if alias.values().any(|v| *v == name) && kind_name != "PER" {
            kind_name = "ORG";
        }
        let entry = gaz.lookup(&name);
        let is_place = entry.is_some_and(|e| e.kinds & kind::PLACE != 0);
        if entry.is_some_and(|e| e.kinds & kind::DEMONYM != 0) && !is_place {
            continue;
        }
        if is_place && (kind_name == "LOC" || entry.is_some_and(|e| e.kinds & kind::COUNTRY != 0)) {
            kind_name = "LOC";
            if let Some(c) = gaz.canonical_place(&name) {
                name = c.to_string();
            }
        }
        if kind_name == "PER" {
            if is_place {
                continue;
            }
            if !name.contains(' ')
                && let Some(full) = full_people
                    .iter()
                    .find(|f| f.rsplit(' ').next() == Some(name.as_str()))
            {
                name = full.clone();
            }
        }
        let slot = match kind_name {
            "PER" => 0,
            "LOC" => 1,
            _ => 2,
        };
        votes.entry(name).or_default()[slot] += 1;
    }
    let mut people = BTreeSet::new();
    let mut places = BTreeSet::new();
    let mut orgs = BTreeSet::new();
    for (name, v) in votes {
        let best = (0..3).max_by_key(|&i| (v[i], 3 - i)).unwrap_or(0);
        match best {
            0 => people.insert(name),
            1 => places.insert(name),
            _ => orgs.insert(name),
        };
    }
    Entities {
        people: people.into_iter().collect(),
        places: places.into_iter().collect(),
        organisations: orgs.into_iter().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_tokens_table() {
        let cases: &[(&str, &str, Option<&str>)] = &[
            ("PER", "Spokesman Sean McCormack", Some("Sean McCormack")),
            ("PER", "Mr. Smith", Some("Smith")),
            ("PER", "President", None),
            ("PER", "He", None),
            ("LOC", "Pakistan 's", Some("Pakistan")),
            ("ORG", "the Jamaat-ud-Dawa", Some("Jamaat-ud-Dawa")),
            ("ORG", "government", None),
            ("PER", "123", None),
        ];
        for (kind, text, want) in cases {
            let toks: Vec<&str> = text.split(' ').collect();
            let got = clean_tokens(kind, &toks).map(|t| t.join(" "));
            assert_eq!(got.as_deref(), *want, "{kind} {text}");
        }
    }

    #[test]
    fn normalise_table() {
        let gaz = Gazetteer::from_texts(
            "h\nUS\tcountry\tUnited States\tUS\t1\nU.S.\tcountry\tUnited States\tUS\t1\n\
             United States\tcountry\tUnited States\tUS\t1\n",
            "h\n",
            "h\nPakistani\tPakistan\n",
        );
        let m = |kind, text: &'static str, acronym| Mention {
            kind,
            tokens: text.split(' ').collect(),
            acronym,
            prev: Some("the"),
        };
        let mentions = vec![
            m("LOC", "US", None),
            m("LOC", "U.S.", None),
            m("PER", "Sean McCormack", None),
            m("PER", "McCormack", None),
            m("PER", "Lashkar-e-Taiba", Some("LeT")),
            m("LOC", "Jamaat-ud-Dawa", None),
            m("ORG", "LeT", None),
            m("LOC", "Pakistani", None),
            m("ORG", "U.S.", None),
        ];
        let e = normalise(&mentions, &gaz);
        assert_eq!(e.people, vec!["Sean McCormack"]);
        assert_eq!(e.places, vec!["United States"]);
        assert_eq!(e.organisations, vec!["Jamaat-ud-Dawa", "Lashkar-e-Taiba"]);
        let cases = [
            ("LeT", true),
            ("NATO", true),
            ("U.S.", true),
            ("Pakistan", false),
            ("A", false),
        ];
        for (t, want) in cases {
            assert_eq!(is_acronym(t), want, "{t}");
        }
    }
}
