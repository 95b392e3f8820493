//! Working out the map of names ([`super::map`]) from the whole index after an indexing run.
//!
//! Spellings: the `namekeys` terms of all segments give every name with its key and article
//! count. Names of one kind whose keys share a consonant skeleton are compared, most frequent
//! first; a name joins the group of a more frequent one when their keys are equal (for keys
//! of four letters or more) or close (one vowel apart for six to eight letters, one edit from
//! nine), and their articles share enough of their co-mentions ([`super::context`]); for
//! close keys, in articles where only the rarer name appears. A name only ever joins a
//! group's first name, so a chain of small differences never joins two names far apart.
//!
//! Acronyms: the `acronyms` terms give each acronym with the long forms articles introduce it
//! for. An acronym stands for the entity that has at least three quarters of its
//! definitions; when the acronym is itself a name of that kind (articles that use it alone),
//! it stands for the entity only if their co-mentions agree, and then joins its group.
//!
//! Surnames: a one-word person's name joins the one full name it ends that agrees with it
//! ([`join_surnames`]); the full name names the group.

use std::collections::{BTreeMap, HashMap, HashSet};

use rayon::prelude::*;
use tantivy::Searcher;

use super::Kind;
use super::context::{Comparing, Profiles};
use super::map::{Alias, Group, Member, NameMap, Reason};
use super::terms::{Name, all_names, all_terms, split_acronym};
use crate::index::schema::Fields;
use crate::index::store::NewsIndex;
use crate::variants::distance::{UNIT, letters};
use crate::variants::{distance, skeleton};

/// Share of the rarity-weighted co-mentions two spellings with one key must have in common.
pub const SAME_KEY_CONTEXT: f64 = 0.2;
/// The same for spellings whose keys differ.
pub const CLOSE_KEY_CONTEXT: f64 = 0.35;
/// The same for an acronym used alone and the entity the archive defines it for.
pub const ACRONYM_CONTEXT: f64 = 0.2;
/// The same for a surname used alone and a full name.
pub const SURNAME_CONTEXT: f64 = 0.25;
/// Share of an acronym's definitions one entity needs to be what it stands for.
pub const ACRONYM_SHARE: f64 = 0.75;

/// How far two keys may be, in quarters, to be spellings of one name (by the letters of the
/// shorter); `None` for keys too short to join at all.
pub fn merge_allowed(letters: usize) -> Option<u32> {
    Some(match letters {
        0..=3 => return None,
        4..=5 => 0,
        6..=8 => UNIT / 2,
        _ => UNIT,
    })
}

/// Works the map out and writes it into the index folder; returns it.
pub fn refresh(ix: &NewsIndex) -> anyhow::Result<NameMap> {
    let reader = ix.reader()?;
    let searcher = reader.searcher();
    let opstamp = ix.index.load_metas()?.opstamp;
    let map = compute(&searcher, ix.fields, opstamp)?;
    map.save(&ix.dir).map_err(|e| {
        anyhow::anyhow!(
            "{}: cannot write {} ({e}); check the folder is writable",
            ix.dir.display(),
            super::map::FILE
        )
    })?;
    Ok(map)
}

/// Writes the map again when the one in the index folder does not describe its last commit.
pub fn refresh_if_stale(ix: &NewsIndex) -> anyhow::Result<()> {
    let opstamp = ix.index.load_metas()?.opstamp;
    match NameMap::read(&ix.dir) {
        Some(m) if m.opstamp == opstamp => Ok(()),
        _ => refresh(ix).map(|_| ()),
    }
}

/// Works the map out from the index `searcher` reads.
pub fn compute(searcher: &Searcher, f: Fields, opstamp: u64) -> anyhow::Result<NameMap> {
    let names = all_names(searcher, &f)?;
    let profiles = Profiles::new(searcher, f)?;
    let mut joined = join_spellings(&names, &profiles)?;
    join_surnames(&names, &profiles, &mut joined)?;
    let definitions = all_terms(searcher, f.acronyms)?;
    let aliases = resolve_acronyms(&names, &profiles, definitions, &mut joined)?;
    Ok(NameMap::new(opstamp, groups(&names, joined), aliases))
}

/// For each name that joined a group, the name heading the group, and its member record.
type Joined = HashMap<usize, (usize, Member)>;

/// Spellings: within blocks of one kind and skeleton, most frequent first, each name joins
/// the nearest more frequent head that agrees, or heads a group itself. Blocks are independent
/// (a name's profile is only read for its own block), so they are worked on in parallel.
fn join_spellings(names: &[Name], profiles: &Profiles) -> anyhow::Result<Joined> {
    let mut blocks: BTreeMap<(Kind, String), Vec<usize>> = BTreeMap::new();
    for (i, n) in names.iter().enumerate() {
        blocks
            .entry((n.kind, skeleton(&n.key)))
            .or_default()
            .push(i);
    }
    let blocks: Vec<Vec<usize>> = blocks.into_values().filter(|b| b.len() >= 2).collect();
    let joins = blocks
        .into_par_iter()
        .map(|block| join_block(names, profiles, block))
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(joins.into_iter().flatten().collect())
}

/// The names of one block that join a group, with the group's first name and their record.
fn join_block(
    names: &[Name],
    profiles: &Profiles,
    mut block: Vec<usize>,
) -> anyhow::Result<Vec<(usize, (usize, Member))>> {
    block.sort_by(|&a, &b| {
        names[b]
            .articles
            .cmp(&names[a].articles)
            .then_with(|| names[a].lower.cmp(&names[b].lower))
    });
    let mut comparing = Comparing::new(profiles, names);
    let mut joined = Vec::new();
    let mut heads: Vec<usize> = Vec::new();
    for &i in &block {
        let n = &names[i];
        let mut candidates: Vec<(u32, usize)> = heads
            .iter()
            .filter_map(|&h| {
                let limit = merge_allowed(letters(&n.key).min(letters(&names[h].key)))?;
                distance(&n.key, &names[h].key, limit).map(|d| (d, h))
            })
            .collect();
        candidates.sort();
        let mut placed = false;
        for (d, h) in candidates {
            let (reason, needed) = if d == 0 {
                (Reason::SameKey, SAME_KEY_CONTEXT)
            } else {
                (Reason::CloseKey, CLOSE_KEY_CONTEXT)
            };
            let context = comparing.agreement(i, h, d > 0)?;
            if context >= needed {
                let member = Member {
                    name: n.display.clone(),
                    articles: n.articles,
                    reason,
                    context: round(context),
                };
                joined.push((i, (h, member)));
                placed = true;
                break;
            }
        }
        if !placed {
            heads.push(i);
        }
    }
    Ok(joined)
}

/// Full names named in fewer articles than this are not compared with surnames: one article's
/// co-mentions agree with too much by chance.
const SURNAME_MIN_ARTICLES: u64 = 2;

/// Surnames: a one-word person's name that heads no group and is in none joins the group of
/// the full name it is the last word of that explains most of its co-mentions
/// ([`Profiles::covered`]), when that name's co-mentions agree with its own (at least
/// [`SURNAME_CONTEXT`]) and no other such full name explains half as much. (Agreement alone
/// cannot tell two full names apart: each one's few co-mentions are mostly among a frequent
/// surname's many.) The articles that use
/// both already count the surname for the full name (see `ner::normalize`); this joins those
/// that use it alone (`President Reagan`). A firm's first word is left alone: across an
/// archive it names the parent as often as one of its firms (`IBM`, `IBM Japan Ltd`).
fn join_surnames(names: &[Name], profiles: &Profiles, joined: &mut Joined) -> anyhow::Result<()> {
    let head_of = |i: usize| joined.get(&i).map_or(i, |(h, _)| *h);
    // Lower-cased surname → the groups of the full names that end with it.
    let mut full_names: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, n) in names.iter().enumerate() {
        if n.kind != Kind::People || n.articles < SURNAME_MIN_ARTICLES {
            continue;
        }
        if let Some((_, surname)) = n.lower.rsplit_once(' ') {
            let heads = full_names.entry(surname).or_default();
            if !heads.contains(&head_of(i)) {
                heads.push(head_of(i));
            }
        }
    }
    let heads: HashSet<usize> = joined.values().map(|(h, _)| *h).collect();
    let alone: Vec<(usize, &Vec<usize>)> = names
        .iter()
        .enumerate()
        .filter(|(i, n)| {
            n.kind == Kind::People
                && !n.lower.contains(' ')
                && !joined.contains_key(i)
                && !heads.contains(i)
        })
        .filter_map(|(i, n)| Some((i, full_names.get(n.lower.as_str())?)))
        .collect();
    let found = alone
        .into_par_iter()
        .map(
            |(i, fulls)| -> anyhow::Result<Option<(usize, (usize, Member))>> {
                let mut comparing = Comparing::new(profiles, names);
                // Which full name explains most of what is said around the surname alone,
                // and by how much more than the next one.
                let mut covered = Vec::with_capacity(fulls.len());
                for &h in fulls {
                    covered.push((comparing.covered(i, h)?, h));
                }
                covered.sort_by(|a, b| b.0.total_cmp(&a.0));
                let Some(&(top, h)) = covered.first() else {
                    return Ok(None);
                };
                let clear = covered.get(1).is_none_or(|s| s.0 * 2.0 < top);
                let best = comparing.agreement(i, h, false)?;
                Ok((best >= SURNAME_CONTEXT && clear).then(|| {
                    let member = Member {
                        name: names[i].display.clone(),
                        articles: names[i].articles,
                        reason: Reason::Surname,
                        context: round(best),
                    };
                    (i, (h, member))
                }))
            },
        )
        .collect::<anyhow::Result<Vec<_>>>()?;
    joined.extend(found.into_iter().flatten());
    Ok(())
}

/// Acronyms: the entity each is introduced for, from the `acronyms` terms; an acronym also
/// used alone as a name joins its entity's group (see the module documentation).
fn resolve_acronyms(
    names: &[Name],
    profiles: &Profiles,
    definitions: Vec<(Vec<u8>, u64)>,
    joined: &mut Joined,
) -> anyhow::Result<Vec<Alias>> {
    let index_of: HashMap<(Kind, &str), usize> = names
        .iter()
        .enumerate()
        .map(|(i, n)| ((n.kind, n.lower.as_str()), i))
        .collect();
    let head_of: Vec<usize> = (0..names.len())
        .map(|i| joined.get(&i).map_or(i, |(h, _)| *h))
        .collect();
    // (kind, lower-cased acronym) → (acronym as written, long form, articles).
    type Definitions = BTreeMap<(Kind, String), Vec<(String, String, u64)>>;
    let mut defined: Definitions = BTreeMap::new();
    for (term, n) in definitions {
        if let Some((kind, acr, long)) = split_acronym(&term) {
            defined
                .entry((kind, acr.to_lowercase()))
                .or_default()
                .push((acr.to_string(), long.to_string(), n));
        }
    }
    // Each acronym's alias, the entity (group head) it stands for, and the acronym as a name.
    let mut entities = Vec::new();
    for ((kind, acr_lower), defs) in defined {
        let all: u64 = defs.iter().map(|d| d.2).sum();
        // Definitions by the entity (group head) of their long form.
        let mut by_entity: BTreeMap<usize, u64> = BTreeMap::new();
        for (_, long, n) in &defs {
            if let Some(&i) = index_of.get(&(kind, long.to_lowercase().as_str())) {
                *by_entity.entry(head_of[i]).or_default() += n;
            }
        }
        let Some((&head, &count)) = by_entity
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        else {
            continue;
        };
        if (count as f64) < ACRONYM_SHARE * all as f64 {
            continue;
        }
        let written = defs
            .iter()
            .max_by(|a, b| a.2.cmp(&b.2).then_with(|| b.0.cmp(&a.0)))
            .map_or(acr_lower.clone(), |d| d.0.clone());
        let alias = Alias {
            kind,
            acronym: written,
            long: names[head].display.clone(),
            definitions: count,
            all_definitions: all,
        };
        let alone = index_of.get(&(kind, acr_lower.as_str())).copied();
        entities.push((alias, head, alone));
    }
    // The agreement of each acronym used alone with its entity, in parallel, for those that
    // may join its group below: in no group and heading none. Joining one there never changes
    // that for another (a name joins at its own acronym's turn only).
    let mut heads: HashSet<usize> = joined.values().map(|(h, _)| *h).collect();
    let before: &Joined = joined;
    let contexts: Vec<Option<anyhow::Result<f64>>> = entities
        .par_iter()
        .map(|&(_, head, alone)| {
            let a =
                alone.filter(|&a| a != head && !before.contains_key(&a) && !heads.contains(&a))?;
            Some(Comparing::new(profiles, names).agreement(a, head, false))
        })
        .collect();
    let mut aliases = Vec::new();
    for ((alias, head, alone), context) in entities.into_iter().zip(contexts) {
        // The acronym used alone, as a name of this kind: it joins the entity's group when
        // their co-mentions agree; when they do not, the archive uses it for something else
        // too (`AAA` defined once for an association, used twenty times for a credit rating)
        // and it stands for nothing.
        let Some(a) = alone else {
            aliases.push(alias);
            continue;
        };
        if a == head || joined.get(&a).is_some_and(|(h, _)| *h == head) {
            aliases.push(alias);
            continue;
        }
        if joined.contains_key(&a) || heads.contains(&a) {
            continue;
        }
        let context = match context {
            Some(c) => c?,
            None => Comparing::new(profiles, names).agreement(a, head, false)?,
        };
        if context >= ACRONYM_CONTEXT {
            let member = Member {
                name: names[a].display.clone(),
                articles: names[a].articles,
                reason: Reason::Acronym,
                context: round(context),
            };
            joined.insert(a, (head, member));
            heads.insert(head);
            aliases.push(alias);
        }
    }
    Ok(aliases)
}

/// Groups: each head with its members; the most frequent spelling names the group.
fn groups(names: &[Name], joined: Joined) -> Vec<Group> {
    let mut groups: BTreeMap<usize, Vec<Member>> = BTreeMap::new();
    for (_, (h, m)) in joined {
        groups.entry(h).or_default().push(m);
    }
    let mut out: Vec<Group> = groups
        .into_iter()
        .map(|(h, mut members)| {
            let head = &names[h];
            let mut group = Group {
                kind: head.kind,
                canonical: head.display.clone(),
                articles: head.articles,
                members: Vec::new(),
            };
            // An acronym used more often than its long form names the group (a surname
            // never does: `Ronald Reagan`, not `Reagan`).
            if let Some(top) = members
                .iter()
                .filter(|m| m.articles > head.articles && m.reason != Reason::Surname)
                .max_by(|a, b| {
                    a.articles
                        .cmp(&b.articles)
                        .then_with(|| b.name.cmp(&a.name))
                })
                .cloned()
            {
                members.retain(|m| m.name != top.name);
                members.push(Member {
                    name: head.display.clone(),
                    articles: head.articles,
                    reason: top.reason,
                    context: top.context,
                });
                group.canonical = top.name;
                group.articles = top.articles;
            }
            members.sort_by(|a, b| {
                b.articles
                    .cmp(&a.articles)
                    .then_with(|| a.name.cmp(&b.name))
            });
            group.members = members;
            group
        })
        .collect();
    out.sort_by(|a, b| (a.kind, &a.canonical).cmp(&(b.kind, &b.canonical)));
    out
}

/// Two decimals, for the map file.
fn round(x: f64) -> f32 {
    ((x * 100.0).round() / 100.0) as f32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::names::test_index::{Doc, build};

    fn map_of(docs: &[Doc]) -> NameMap {
        let ix = build(docs);
        let searcher = ix.reader().unwrap().searcher();
        compute(&searcher, ix.fields, 1).unwrap()
    }

    /// Articles about one group, for the context of its names.
    fn about(text: &'static str, orgs: &'static [&'static str]) -> Doc<'static> {
        Doc {
            text,
            people: &["Hafiz Saeed", "Zaki-ur-Rehman Lakhvi"],
            places: &["Lahore", "Muridke"],
            orgs,
        }
    }

    /// Unrelated articles, so the co-mentions above are rare enough to count.
    fn filler(n: usize) -> Vec<Doc<'static>> {
        (0..n)
            .map(|_| Doc {
                text: "Crude oil prices rose.",
                people: &["James Baker"],
                places: &["London"],
                orgs: &["OPEC"],
            })
            .collect()
    }

    #[test]
    fn an_acronym_introduced_in_one_article_names_the_entity_in_others() {
        let mut docs = vec![
            about(
                "Police raided the Jamaat-ud-Dawa (JuD) office.",
                &["Jamaat-ud-Dawa"],
            ),
            about("The JuD denied it.", &["JuD"]),
        ];
        docs.extend(filler(8));
        let m = map_of(&docs);
        let o = Kind::Organisations;
        let alias = m.alias(o, "jud").expect("JuD is an alias");
        assert_eq!(alias.long, "Jamaat-ud-Dawa");
        assert_eq!(
            m.spellings(o, "JuD"),
            vec!["jamaat-ud-dawa", "jud"],
            "both spellings find both articles"
        );
        let g = m.group(o, "JuD").unwrap();
        assert_eq!(g.members[0].reason, Reason::Acronym);
    }

    #[test]
    fn an_acronym_the_archive_uses_for_something_else_stands_for_nothing() {
        let mut docs = vec![Doc {
            text: "The American Arbitration Association (AAA) will hear it.",
            people: &[],
            places: &["New York"],
            orgs: &["American Arbitration Association"],
        }];
        for _ in 0..3 {
            docs.push(Doc {
                text: "Moody's rated the notes AAA.",
                people: &[],
                places: &["Chicago"],
                orgs: &["AAA", "Moody's Investors Service"],
            });
        }
        docs.extend(filler(8));
        let m = map_of(&docs);
        assert!(m.alias(Kind::Organisations, "AAA").is_none());
        assert_eq!(m.spellings(Kind::Organisations, "AAA"), vec!["aaa"]);
    }

    #[test]
    fn spellings_join_when_their_articles_share_co_mentions() {
        let mut docs = vec![
            about("a", &["Jamaat-ud-Dawa", "Lashkar-e-Taiba"]),
            about("b", &["Jamaat-ud-Dawa", "Lashkar-e-Taiba"]),
            about("c", &["Jamat ud Dawah"]),
            about("d", &["Lashkar-e-Toiba"]),
        ];
        docs.extend(filler(8));
        let m = map_of(&docs);
        let o = Kind::Organisations;
        assert_eq!(m.canonical(o, "Jamat ud Dawah"), "Jamaat-ud-Dawa");
        assert_eq!(
            m.group(o, "Jamat ud Dawah").unwrap().members[0].reason,
            Reason::SameKey
        );
        assert_eq!(m.canonical(o, "Lashkar-e-Toiba"), "Lashkar-e-Taiba");
        assert_eq!(
            m.group(o, "Lashkar-e-Toiba").unwrap().members[0].reason,
            Reason::CloseKey
        );
    }

    #[test]
    fn similar_names_in_other_company_stay_apart() {
        let mut docs = vec![
            // Two close spellings named side by side in one article only: no evidence.
            Doc {
                text: "PicTel must stop using a name close to PacTel.",
                people: &["Donald Guinn"],
                places: &["San Francisco"],
                orgs: &["PicTel Corp", "PacTel Corp"],
            },
            // One letter apart, never in the same company.
            Doc {
                text: "Alleghany bought Cyclops.",
                people: &["Fred Kirby"],
                places: &["New York"],
                orgs: &["Alleghany Corp", "Cyclops Corp"],
            },
            Doc {
                text: "Allegheny Ludlum sold steel.",
                people: &["Richard Simmons"],
                places: &["Pittsburgh"],
                orgs: &["Allegheny Corp", "Ludlum Steel"],
            },
            // Too short to be joined even with one key.
            Doc {
                text: "Rated AA and AAA.",
                people: &[],
                places: &[],
                orgs: &["AA", "AAA"],
            },
            Doc {
                text: "Rated AA.",
                people: &[],
                places: &[],
                orgs: &["AA"],
            },
        ];
        docs.extend(filler(8));
        let m = map_of(&docs);
        assert!(m.groups.is_empty(), "{:?}", m.groups);
    }

    #[test]
    fn a_surname_alone_joins_the_one_full_name_whose_company_it_keeps() {
        let white_house = |text: &'static str, people: &'static [&'static str]| Doc {
            text,
            people,
            places: &["Washington", "Tehran"],
            orgs: &["Congress", "Tower Commission"],
        };
        let mut docs = vec![
            white_house("Ronald Reagan spoke.", &["Ronald Reagan"]),
            white_house("Ronald Reagan vetoed it.", &["Ronald Reagan"]),
            white_house("President Reagan spoke.", &["Reagan"]),
            white_house("Reagan signed.", &["Reagan"]),
            white_house("Reagan left.", &["Reagan"]),
            // A full name of one article is too little to go by: no rival to the above.
            white_house("Nancy Reagan spoke.", &["Nancy Reagan"]),
        ];
        // A full name whose few co-mentions are among the surname's, but explain little of
        // them, is no rival either.
        for _ in 0..2 {
            docs.push(Doc {
                text: "Maureen Reagan spoke.",
                people: &["Maureen Reagan"],
                places: &["Washington"],
                orgs: &[],
            });
        }
        for (text, people, places, orgs) in [
            // Two full names keep the company the surname keeps (the filler's `James
            // Baker`): it could be either.
            (
                "Howard Baker spoke.",
                &["Howard Baker"],
                &["London"],
                &["OPEC"],
            ),
            ("Baker spoke.", &["Baker"], &["London"], &["OPEC"]),
            // Other company: another Smith.
            (
                "John Smith flew.",
                &["John Smith"],
                &["Sydney"],
                &["Qantas"],
            ),
            ("Smith drilled.", &["Smith"], &["Lagos"], &["Shell"]),
        ] {
            for _ in 0..2 {
                docs.push(Doc {
                    text,
                    people,
                    places,
                    orgs,
                });
            }
        }
        docs.extend(filler(8));
        let m = map_of(&docs);
        let p = Kind::People;
        let g = m.group(p, "Reagan").expect("Reagan joins Ronald Reagan");
        // The full name names the group, though the surname alone is more frequent.
        assert_eq!(g.canonical, "Ronald Reagan");
        assert_eq!(g.members.len(), 1);
        assert_eq!(g.members[0].reason, Reason::Surname);
        assert!(m.group(p, "Nancy Reagan").is_none());
        assert!(m.group(p, "Maureen Reagan").is_none());
        assert!(m.group(p, "Baker").is_none(), "{:?}", m.group(p, "Baker"));
        assert!(m.group(p, "Smith").is_none(), "{:?}", m.group(p, "Smith"));
    }

    #[test]
    fn short_keys_never_join() {
        assert_eq!(merge_allowed(3), None);
        assert_eq!(merge_allowed(4), Some(0));
        assert_eq!(merge_allowed(7), Some(UNIT / 2));
        assert_eq!(merge_allowed(9), Some(UNIT));
    }
}
