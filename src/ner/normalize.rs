//! Per-article normalisation of tagged mentions into canonical entities: titles, possessives
//! and pronouns stripped, places mapped to their gazetteer canonical name (`U.S.` → `United
//! States`, demonyms dropped), places unknown to the gazetteer kept only with more evidence,
//! an acronym in parentheses joined to its long form, a surname alone mapped to the full name
//! used in the same article, and each name given the type most of its mentions got.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::article::Entities;

use super::clusters::Clusters;
use super::gazetteer::{Entry, Gazetteer, kind, token_key};
use super::rules::{self, Suffix};

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
    "leader",
    "speaker",
    "whip",
    "treasurer",
    "attorney",
    "counsel",
    "officer",
    "executive",
    "manager",
    "editor",
    "commander",
    "comptroller",
    "superintendent",
    "lieutenant",
    "sergeant",
    "administrator",
    "archbishop",
    "patriarch",
    "rabbi",
    "imam",
    "chairperson",
    "envoy",
    "representative",
    "negotiator",
    "adviser",
    "advisor",
    "aide",
    "analyst",
    "economist",
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

/// Whether `s`, lower-cased and without its final `.`s, is one of `words` (lower-case). Most
/// tokens are ASCII and compare without a lower-cased copy.
fn lower_in<'w>(s: &str, mut words: impl Iterator<Item = &'w str>) -> bool {
    let s = s.trim_end_matches('.');
    if s.is_ascii() {
        words.any(|w| w.eq_ignore_ascii_case(s))
    } else {
        let l = s.to_lowercase();
        words.any(|w| w == l)
    }
}

/// [`lower_in`] for a list of words.
pub(crate) fn lower_is(s: &str, words: &[&str]) -> bool {
    lower_in(s, words.iter().copied())
}

pub(crate) fn is_title(t: &str) -> bool {
    lower_is(t, TITLES)
}

pub(crate) fn is_capitalised_word(t: &str) -> bool {
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
    // A person's name that ends as a firm's does is one (`General Dynamics Corp`): it keeps
    // its first word.
    if kind == "PER" && !t.last().is_some_and(|w| rules::is_org_word(w)) {
        while t.len() > 1 && is_title(t[0]) {
            t.remove(0);
        }
        if t.len() == 1 && is_title(t[0]) {
            return None;
        }
    } else if t.len() > 1 && lower_is(t[0], &["the"]) {
        t.remove(0);
    }
    if t.is_empty() || !t.iter().any(|x| is_capitalised_word(x)) {
        return None;
    }
    if t.len() == 1
        && (lower_is(t[0], PRONOUNS) || t[0].chars().filter(|c| c.is_alphanumeric()).count() < 2)
    {
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
pub(crate) const ORG_HEADS: &[&str] = &[
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
                && !lower_is(t, ORG_HEADS)
                && !rules::is_org_word(t)
        };
        // Cheapest tests first: most phrases have no title word.
        if (2..=3).contains(&rest.len())
            && is_title(tokens[i - 1])
            && rest.iter().all(namelike)
            && (rest.len() == 2 || gaz.first_name(token_key(tokens[i])) > 0)
        {
            return Some(("PER", tokens[i..].to_vec()));
        }
    }
    let office = tokens
        .windows(2)
        .any(|w| lower_is(w[0], OFFICES) && matches!(w[1], "of" | "for"));
    if office {
        return None;
    }
    Some((kind, tokens))
}

/// The initials of a name's capitalised words, given as its words (`Commodity Futures Trading
/// Commission` → `CFTC`), if it has at least two.
pub(crate) fn initials<'a>(words: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let words: Vec<&str> = words
        .into_iter()
        .filter(|w| is_capitalised_word(w))
        .collect();
    (words.len() >= 2).then(|| words.iter().filter_map(|w| w.chars().next()).collect())
}

/// Generic geographic words that end a place name (`Mississippi River`, `Orange County`).
pub(crate) const PLACE_HEADS: &str = "river sea ocean gulf bay lake island islands isles peninsula strait \
    straits channel coast valley mountain mountains hills desert basin delta plateau canal \
    county province state district region territory prefecture city town village street \
    avenue square port harbour harbor creek falls forest heights plains sound reef highlands";

/// Generic geographic words that start a place name (`Lake Victoria`, `Mount Elgon`).
const PLACE_LEADS: &str = "lake mount mt cape gulf bay sea isle strait port fort";

/// Directions that name a part of a known place (`West Texas`, `Southern California`).
const DIRECTIONS: &str = "north south east west northern southern eastern western central \
    upper lower greater north-east north-west south-east south-west northeast northwest \
    southeast southwest";

/// Whether `word`, lower-cased and without a final `.`, is one of the space-separated `words`.
pub(crate) fn in_words(words: &str, word: &str) -> bool {
    lower_in(word, words.split_whitespace())
}

/// Whether a name unknown to the gazetteer has enough evidence to be kept as a place, given
/// how many of the article's mentions tagged it a place. The gazetteer lacks mostly regions,
/// provinces and geographic features, while a lone word tagged a place once is as often a
/// common word, a person or a company (`Conservation`), and a known place followed by other
/// words is rather something of that place (`Texas Democrat`, `Hong Kong Land`). So the name
/// must be made of words (letters, `-`, `'`, `.`), and then:
/// - one word: at least four letters, not all capitals (acronyms of places are in the
///   gazetteer: `US`, `UAE`), tagged a place at least twice;
/// - several words: shaped like a place name (capitalised words with short lower-case joiners
///   inside, `Gulf of Mexico`; not ending in a demonym, `North American`), and either
///   geographic (`North Sea`, `Lake Victoria`, `West Texas`) or tagged a place at least twice
///   and not a known place followed by words that are no place (`Texas Democrat`).
fn unknown_place_ok(name: &str, loc_mentions: usize, gaz: &Gazetteer) -> bool {
    let words: Vec<&str> = name.split(' ').collect();
    let wordlike = |w: &&str| {
        w.chars().any(char::is_alphabetic)
            && w.chars().all(|c| c.is_alphabetic() || "-'.’".contains(c))
    };
    if !words.iter().all(wordlike) {
        return false;
    }
    let repeated = loc_mentions >= 2;
    let (first, last) = (words[0], words[words.len() - 1]);
    if words.len() == 1 {
        let letters = first.chars().filter(|c| c.is_alphabetic()).count();
        return letters >= 4 && first.chars().any(char::is_lowercase) && repeated;
    }
    let joiner = |w: &str| w.len() <= 4 && w.chars().all(char::is_lowercase);
    let place = |ws: &[&str]| {
        gaz.lookup(&ws.join(" "))
            .is_some_and(|e| e.kinds & kind::PLACE != 0)
    };
    let demonym_last = gaz
        .lookup(last)
        .is_some_and(|e| e.kinds & kind::DEMONYM != 0);
    let shaped = is_capitalised_word(first)
        && is_capitalised_word(last)
        && !demonym_last
        && words.iter().all(|w| is_capitalised_word(w) || joiner(w));
    let head = in_words(PLACE_HEADS, last);
    let lead = in_words(PLACE_LEADS, first);
    let part_of_place = in_words(DIRECTIONS, first) && place(&words[1..]);
    let place_modifier = (1..words.len()).any(|i| place(&words[..i]) && !place(&words[i..]));
    shaped && (head || lead || part_of_place || (repeated && !place_modifier))
}

/// The US states in the abbreviated forms news style uses after a city (`Birmingham, Ala.`,
/// `Newark, N.J.`): abbreviation → state. Two-letter postal codes are left out (`IN`, `OR`,
/// `ME` are words too).
const US_STATES: [(&str, &str); 45] = [
    ("Ala.", "Alabama"),
    ("Ariz.", "Arizona"),
    ("Ark.", "Arkansas"),
    ("Calif.", "California"),
    ("Colo.", "Colorado"),
    ("Conn.", "Connecticut"),
    ("Del.", "Delaware"),
    ("Fla.", "Florida"),
    ("Ga.", "Georgia (US state)"),
    ("Ill.", "Illinois"),
    ("Ind.", "Indiana"),
    ("Kan.", "Kansas"),
    ("Kans.", "Kansas"),
    ("Ky.", "Kentucky"),
    ("La.", "Louisiana"),
    ("Md.", "Maryland"),
    ("Mass.", "Massachusetts"),
    ("Mich.", "Michigan"),
    ("Minn.", "Minnesota"),
    ("Miss.", "Mississippi"),
    ("Mo.", "Missouri"),
    ("Mont.", "Montana"),
    ("Neb.", "Nebraska"),
    ("Nev.", "Nevada"),
    ("N.H.", "New Hampshire"),
    ("N.J.", "New Jersey"),
    ("N.M.", "New Mexico"),
    ("N.Y.", "New York"),
    ("N.C.", "North Carolina"),
    ("N.D.", "North Dakota"),
    ("Okla.", "Oklahoma"),
    ("Ore.", "Oregon"),
    ("Pa.", "Pennsylvania"),
    ("Penn.", "Pennsylvania"),
    ("R.I.", "Rhode Island"),
    ("S.C.", "South Carolina"),
    ("S.D.", "South Dakota"),
    ("Tenn.", "Tennessee"),
    ("Tex.", "Texas"),
    ("Vt.", "Vermont"),
    ("Va.", "Virginia"),
    ("Wash.", "Washington (US state)"),
    ("W.Va.", "West Virginia"),
    ("Wis.", "Wisconsin"),
    ("Wyo.", "Wyoming"),
];

/// The state a news-style US state abbreviation stands for (`Calif.` → California).
fn us_state(name: &str) -> Option<&'static str> {
    US_STATES
        .iter()
        .find(|(abbr, _)| *abbr == name)
        .map(|(_, state)| *state)
}

/// The gazetteer's entries of whole names, each looked up once per article: a name is usually
/// mentioned several times, and each lookup tokenises it again.
struct Entries<'g> {
    gaz: &'g Gazetteer,
    seen: HashMap<String, Option<Entry>>,
}

impl Entries<'_> {
    fn get(&mut self, name: &str) -> Option<Entry> {
        if let Some(e) = self.seen.get(name) {
            return *e;
        }
        let e = self.gaz.lookup(name);
        self.seen.insert(name.to_string(), e);
        e
    }
}

/// Does news text write `word` mostly in lower case (its clusters' capitalisation class)?
fn lower_case_word(word: &str, clusters: &Clusters) -> bool {
    clusters.get(token_key(word))[3] == 1
}

/// Is `s` (without a final `.`) a US state's name or abbreviation: news style (`Calif`,
/// `R.I`), a postal code (`ND`) or a first-level division the gazetteer knows (`Texas`)?
fn is_state(s: &str, gaz: &Gazetteer) -> bool {
    let postal = s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase());
    postal
        || us_state(&format!("{s}.")).is_some()
        || gaz.lookup(s).is_some_and(|e| e.kinds & kind::ADMIN1 != 0)
}

/// Turns an article's mentions into canonical, deduplicated, sorted entities. `clusters`
/// tells which words news text writes mostly in lower case (see [`rules`]).
pub fn normalise(mentions: &[Mention], gaz: &Gazetteer, clusters: &Clusters) -> Entities {
    let mut entries = Entries {
        gaz,
        seen: HashMap::new(),
    };
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
        let name = rules::join_name(&tokens);
        if rules::party_state_tag(&name, |s| is_state(s, gaz)) {
            continue;
        }
        let mut kind_name = kind_repaired;
        match rules::org_suffix(&tokens) {
            Suffix::Only => continue,
            Suffix::Ends if kind_name == "PER" => kind_name = "ORG",
            _ => {}
        }
        let known_place = entries
            .get(&name)
            .is_some_and(|e| e.kinds & (kind::PLACE | kind::DEMONYM) != 0);
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
        let org_head = tokens.len() > 1 && tokens.last().is_some_and(|t| lower_is(t, ORG_HEADS));
        if kind_name == "LOC"
            && !known_place
            && (m.prev.is_some_and(|p| lower_is(p, &["the"])) || org_head)
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
        .filter_map(|(_, n)| initials(n.split(' ')).map(|i| (i, n.clone())))
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
    // Names the gazetteer resolved to a place: they need no more evidence.
    let mut gazetteer_places: BTreeSet<String> = BTreeSet::new();
    for (kind_name, name) in &cleaned {
        let mut kind_name = *kind_name;
        let mut name = alias.get(name).cloned().unwrap_or_else(|| name.clone());
        if alias.values().any(|v| *v == name) && kind_name != "PER" {
            kind_name = "ORG";
        }
        if kind_name == "LOC"
            && let Some(state) = us_state(&name)
        {
            gazetteer_places.insert(state.to_string());
            votes.entry(state.to_string()).or_default()[1] += 1;
            continue;
        }
        let entry = entries.get(&name);
        let is_place = entry.is_some_and(|e| e.kinds & kind::PLACE != 0);
        if entry.is_some_and(|e| e.kinds & kind::DEMONYM != 0) && !is_place {
            continue;
        }
        if is_place && (kind_name == "LOC" || entry.is_some_and(|e| e.kinds & kind::COUNTRY != 0)) {
            kind_name = "LOC";
            if let Some(i) = entry.and_then(|e| e.canonical) {
                name = gaz.canonical(i).to_string();
            }
            gazetteer_places.insert(name.clone());
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
    // The type most mentions got; on a tie a place, then an organisation, then a person. In
    // the held-out predictions of `ner cv` on eng.train (four recipes, on the same documents),
    // a name the tagger gave as many person as organisation labels in one article was an
    // organisation 17 times and a person 7 times (of 28), and one tied between person and
    // place a place 14 times and a person once (of 20); the name-level F1 rose by 0.02–0.06
    // with each recipe.
    const TIE_RANK: [u8; 3] = [0, 2, 1];
    let best = |v: &[usize; 3]| (0..3).max_by_key(|&i| (v[i], TIE_RANK[i])).unwrap_or(0);
    for (name, v) in &mut votes {
        // A place the gazetteer does not know needs more evidence; without it, the name
        // keeps only its other votes, if any.
        if v[1] > 0 && !gazetteer_places.contains(name) && !unknown_place_ok(name, v[1], gaz) {
            v[1] = 0;
        }
    }
    // A firm's first word used alone for it (`Moody` for `Moody's Investors Service Inc`,
    // `Ford` for `Ford Motor Co`, `Standard` for `Standard and Poor's Corp`): when most of its
    // mentions are organisations, all of them count for the firm. Not a firm with a country
    // in its name: the word is the parent, the firm its unit (`BP`, `BP North America Inc`;
    // `IBM`, `IBM Japan Ltd`). A town is no sign of that (`Manufacturers Hanover Corp`).
    let place_word = |w: &str| {
        gaz.lookup(w)
            .is_some_and(|e| e.kinds & (kind::COUNTRY | kind::CONTINENT | kind::DEMONYM) != 0)
    };
    let firm_names: Vec<String> = votes
        .iter()
        .filter(|(n, v)| best(v) == 2 && n.contains(' ') && rules::legal_form_end(n))
        .filter(|(n, _)| !n.split(' ').skip(1).any(place_word))
        .map(|(n, _)| n.clone())
        .collect();
    let alone: Vec<(String, String)> = votes
        .iter()
        .filter(|(n, v)| !n.contains(' ') && v[2] > 0 && best(v) == 2)
        .filter_map(|(n, _)| {
            rules::long_form_of(n, firm_names.iter().map(String::as_str))
                .map(|long| (n.clone(), long.to_string()))
        })
        .collect();
    for (word, long) in alone {
        if let Some(v) = votes.remove(&word) {
            votes.entry(long).or_default()[2] += v.iter().sum::<usize>();
        }
    }
    // Names of several words that end up organisations, for the fragment rule.
    let long_orgs: Vec<&str> = votes
        .iter()
        .filter(|(n, v)| **v != [0; 3] && best(v) == 2 && n.contains(' '))
        .map(|(n, _)| n.as_str())
        .collect();
    let firms: Vec<&str> = long_orgs
        .iter()
        .copied()
        .filter(|n| n.contains(',') || n.contains(" and ") || n.contains(" & "))
        .collect();
    let mut kept: Vec<(&String, usize)> = Vec::new();
    for (name, v) in &votes {
        let mut v = *v;
        if v != [0; 3] && best(&v) == 0 {
            // No person is one common word, nor a piece of an organisation named here.
            let lone = !name.contains(' ')
                && (rules::lone_word_not_a_person(name, lower_case_word(name, clusters))
                    || rules::fragment_of(name, long_orgs.iter().copied()));
            if lone || rules::fragment_of(name, firms.iter().copied()) {
                v[0] = 0;
            }
        }
        // No organisation is one common word either (`Trade` from `Tariffs and Trade`,
        // `Standard` from `Standard and Poor's`): the word the article uses alone for a
        // longer name was mapped to it above.
        if v != [0; 3]
            && best(&v) == 2
            && !name.contains(' ')
            && !is_acronym(name)
            && lower_case_word(name, clusters)
        {
            v = [0; 3];
        }
        if v != [0; 3] {
            kept.push((name, best(&v)));
        }
    }
    for (name, best) in kept {
        let name = name.clone();
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
            ("ORG", "P", None),
            (
                "PER",
                "General Dynamics Corp",
                Some("General Dynamics Corp"),
            ),
            ("ORG", "E.", None),
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
        let e = normalise(&mentions, &gaz, &Clusters::default());
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

    /// A small gazetteer: the United States under several names, a few other places, a first
    /// name and two demonyms.
    fn gaz() -> Gazetteer {
        let places = [
            ("US", "country", "United States"),
            ("U.S.", "country", "United States"),
            ("USA", "country", "United States"),
            ("America", "country", "United States"),
            ("United States", "country", "United States"),
            ("UAE", "country", "United Arab Emirates"),
            ("United Arab Emirates", "country", "United Arab Emirates"),
            ("Pakistan", "country", "Pakistan"),
            ("Texas", "admin1", "Texas"),
            ("Mumbai", "city", "Mumbai"),
        ];
        let places: String = places
            .iter()
            .map(|(n, k, c)| format!("{n}\t{k}\t{c}\tXX\t2000000\n"))
            .collect();
        Gazetteer::from_texts(
            &format!("h\n{places}"),
            "h\nCondoleezza\t3\n",
            "h\nPakistani\tPakistan\nAmerican\tUnited States\n",
        )
    }

    /// A mention with no acronym after it and no token before it.
    fn m(kind: &'static str, text: &'static str) -> Mention<'static> {
        Mention {
            kind,
            tokens: text.split(' ').collect(),
            acronym: None,
            prev: None,
        }
    }

    /// A mention followed by an acronym in parentheses.
    fn with_acronym(kind: &'static str, text: &'static str, acr: &'static str) -> Mention<'static> {
        Mention {
            acronym: Some(acr),
            ..m(kind, text)
        }
    }

    fn run(mentions: &[Mention]) -> Entities {
        normalise(mentions, &gaz(), &Clusters::default())
    }

    #[test]
    fn acronym_in_parentheses_names_its_long_form() {
        let e = run(&[
            with_acronym("PER", "Lashkar-e-Taiba", "LeT"),
            m("ORG", "LeT"),
            m("LOC", "LeT"),
            // Unknown to the gazetteer: a long form with an acronym is an organisation.
            with_acronym("LOC", "Jaish-e-Mohammed", "JeM"),
            // A known place keeps its type.
            with_acronym("LOC", "United Arab Emirates", "UAE"),
            m("LOC", "UAE"),
        ]);
        assert_eq!(e.organisations, ["Jaish-e-Mohammed", "Lashkar-e-Taiba"]);
        assert_eq!(e.places, ["United Arab Emirates"]);
        assert!(e.people.is_empty(), "{:?}", e.people);
    }

    #[test]
    fn acronym_matching_initials_names_the_organisation() {
        let e = run(&[
            m("ORG", "Commodity Futures Trading Commission"),
            m("ORG", "CFTC"),
            m("ORG", "Securities and Exchange Commission"),
            m("ORG", "SEC"),
            m("ORG", "NATO"),
        ]);
        let want = [
            "Commodity Futures Trading Commission",
            "NATO",
            "Securities and Exchange Commission",
        ];
        assert_eq!(e.organisations, want);
    }

    #[test]
    fn surname_alone_maps_to_the_full_name() {
        let e = run(&[
            m("PER", "Rice"),
            m("PER", "Condoleezza Rice"),
            m("PER", "McCormack"),
        ]);
        // McCormack has no full name in this article: kept as it is.
        assert_eq!(e.people, ["Condoleezza Rice", "McCormack"]);
    }

    #[test]
    fn united_states_forms_are_one_place() {
        let e = run(&[
            m("LOC", "US"),
            m("LOC", "U.S."),
            m("LOC", "USA"),
            m("LOC", "America"),
            m("LOC", "the United States"),
            // A country tagged an organisation is still the country.
            m("ORG", "U.S."),
            // A demonym is no place.
            m("LOC", "American"),
        ]);
        assert_eq!(e.places, ["United States"]);
        assert!(e.organisations.is_empty(), "{:?}", e.organisations);
    }

    #[test]
    fn titles_pronouns_and_offices_are_dropped() {
        let e = run(&[
            m("PER", "President"),
            m("PER", "He"),
            m("LOC", "It"),
            m("PER", "Spokesman Sean McCormack"),
            m("ORG", "Secretary of State Condoleezza Rice"),
            m(
                "ORG",
                "Assistant Secretary of State for South Asian Affairs",
            ),
            m("ORG", "Minister for Home Affairs"),
        ]);
        assert_eq!(e.people, ["Condoleezza Rice", "Sean McCormack"]);
        assert!(e.places.is_empty(), "{:?}", e.places);
        assert!(e.organisations.is_empty(), "{:?}", e.organisations);
    }

    #[test]
    fn lowercase_and_unnamelike_mentions_are_dropped() {
        let e = run(&[
            m("ORG", "government"),
            m("ORG", "ministry of finance"),
            m("LOC", "the"),
            m("PER", "123"),
            m("PER", "AT&T"),
            m("PER", "A-1"),
            // A place is no person.
            m("PER", "Mumbai"),
        ]);
        assert_eq!(e, Entities::default());
    }

    #[test]
    fn organisation_words_and_majority_decide_the_type() {
        let the = Mention {
            prev: Some("the"),
            ..m("LOC", "Jamaat-ud-Dawa")
        };
        let e = run(&[
            m("LOC", "Pune Police"),
            the,
            m("ORG", "Texas"),
            m("ORG", "Texas"),
            m("LOC", "Texas"),
            // As many person as organisation mentions: an organisation.
            m("PER", "Jamat-ud-Dawa"),
            m("ORG", "Jamat-ud-Dawa"),
        ]);
        assert_eq!(
            e.organisations,
            ["Jamaat-ud-Dawa", "Jamat-ud-Dawa", "Pune Police", "Texas"]
        );
        assert!(e.people.is_empty(), "{:?}", e.people);
        assert!(e.places.is_empty(), "{:?}", e.places);
    }

    /// Issue 17's clean-up rules ([`rules`]), each in its own case: with the rule switched
    /// off, its name shows up in the wrong list.
    #[test]
    fn cleanup_rules_keep_non_people_out_of_people() {
        let clusters = Clusters::from_pairs([(token_key("moreover"), [1, 8, 32, 1])]);
        let mentions = [
            // Party-and-state tags name no one.
            m("PER", "R-Minn"),
            m("PER", "D-Calif."),
            m("PER", "D- Texas"),
            // An organisation word at the end makes an organisation; alone, a fragment.
            m("PER", "Dean Witter Reynolds Inc"),
            m("PER", "Shearson Lehman Brothers"),
            m("PER", "Co Inc"),
            m("ORG", "Co"),
            // One common word, a month, initials: no person.
            m("PER", "Moreover"),
            m("PER", "February"),
            m("PER", "J."),
            // Pieces of organisations the article names.
            m("ORG", "Smith Barney , Harris Upham and Co Inc"),
            m("PER", "Harris Upham"),
            m("ORG", "Chrysler Corp"),
            m("PER", "Chrysler"),
            // Still people.
            m("PER", "Sean McCormack"),
            m("PER", "Yeutter"),
        ];
        let e = normalise(&mentions, &gaz(), &clusters);
        assert_eq!(e.people, ["Sean McCormack", "Yeutter"]);
        let want = [
            "Chrysler Corp",
            "Dean Witter Reynolds Inc",
            "Shearson Lehman Brothers",
            "Smith Barney, Harris Upham and Co Inc",
        ];
        assert_eq!(e.organisations, want);
        assert!(e.places.is_empty(), "{:?}", e.places);
    }

    /// The organisation clean-up rules, each in its own case: with the rule switched off, its
    /// name shows up.
    #[test]
    fn organisation_rules_join_firms_and_drop_fragments() {
        let clusters = Clusters::from_pairs([
            (token_key("trade"), [1, 8, 32, 1]),
            (token_key("standard"), [1, 8, 32, 1]),
        ]);
        let mentions = [
            // The possessive stays in the name, with one kind of apostrophe.
            m("ORG", "Moody 's Investors Service Inc"),
            m("ORG", "Moody ’s Investors Service Inc"),
            // A firm's first word alone names the firm, whatever its mentions' types.
            m("ORG", "Moody"),
            m("ORG", "Moody"),
            m("LOC", "Moody"),
            m("ORG", "Ford Motor Co"),
            m("ORG", "Ford"),
            m("ORG", "USX"),
            m("ORG", "USX Corp"),
            // Not for a firm with a place in its name: the word alone is its parent.
            m("ORG", "BP"),
            m("ORG", "BP America Inc"),
            // A common word alone is no organisation, unless it starts a firm's name.
            m("ORG", "Trade"),
            m("ORG", "Standard and Poor 's Corp"),
            m("ORG", "Standard"),
            // A body's first word is not folded into it: the Senate is not its committee.
            m("ORG", "Senate Finance Committee"),
            m("ORG", "Senate"),
            // One letter is no name.
            m("ORG", "P"),
            // A title word before a firm's name does not make it a person.
            m("ORG", "General Electric Co"),
        ];
        let e = normalise(&mentions, &gaz(), &clusters);
        let want = [
            "BP",
            "BP America Inc",
            "Ford Motor Co",
            "General Electric Co",
            "Moody's Investors Service Inc",
            "Senate",
            "Senate Finance Committee",
            "Standard and Poor's Corp",
            "USX Corp",
        ];
        assert_eq!(e.organisations, want);
        assert!(e.people.is_empty(), "{:?}", e.people);
        assert!(e.places.is_empty(), "{:?}", e.places);
    }

    #[test]
    fn us_state_abbreviations_name_their_state() {
        let e = run(&[m("LOC", "Calif."), m("LOC", "N.J."), m("LOC", "Ala")]);
        assert_eq!(e.places, ["California", "New Jersey"]);
        assert_eq!(us_state("Wash."), Some("Washington (US state)"));
        assert_eq!(us_state("IN"), None);
    }

    #[test]
    fn unknown_place_table() {
        // (name, mentions tagged a place, kept as a place)
        let cases = [
            ("Conservation", 1, false),
            ("Guangdong", 2, true),
            ("Ala", 2, false),
            ("OPEC", 2, false),
            ("Calif.", 1, false),
            ("Texas>", 2, false),
            ("Gulf of Mexico", 1, true),
            ("Mississippi River", 1, true),
            ("Mount Elgon", 1, true),
            ("West Texas", 1, true),
            ("White House", 1, false),
            ("White House", 2, true),
            ("Texas Democrat", 2, false),
            ("North American", 2, false),
            ("Act of", 2, false),
            ("Australia Ltd>", 2, false),
        ];
        let g = gaz();
        for (name, n, want) in cases {
            assert_eq!(unknown_place_ok(name, n, &g), want, "{name} ×{n}");
        }
    }

    #[test]
    fn unknown_places_need_evidence() {
        let e = run(&[
            m("LOC", "Conservation"),
            m("LOC", "Guangdong"),
            m("LOC", "Guangdong"),
            m("LOC", "Ala"),
            m("LOC", "Ala"),
            m("LOC", "Gulf of Mexico"),
            // Known places need no more than one mention.
            m("LOC", "Mumbai"),
            m("LOC", "U.S."),
            // Without the place vote, the organisation vote wins the tie.
            m("LOC", "Kidder"),
            m("ORG", "Kidder"),
        ]);
        let want = ["Guangdong", "Gulf of Mexico", "Mumbai", "United States"];
        assert_eq!(e.places, want);
        assert_eq!(e.organisations, ["Kidder"]);
    }
}
