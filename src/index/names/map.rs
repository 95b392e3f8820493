//! The archive-wide map of names: the spellings the archive shows to name one entity (a group,
//! shown in facets under its most frequent spelling), and the acronyms its articles introduce
//! (`LeT` for `Lashkar-e-Taiba`). [`super::refresh`] works it out after each indexing run and
//! writes it beside the index as `names.json`, stamped with the commit it describes; a map
//! whose stamp is not the index's last commit (a run killed between its commit and the map) is
//! not used, and the next `newsdex index` writes it again.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use super::Kind;
use crate::index::store::{NewsIndex, write_atomically};

/// The file the map is kept in, inside the index folder.
pub const FILE: &str = "names.json";

/// Why a spelling joined a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The same transliteration key as the group's name, and shared co-mentions.
    SameKey,
    /// A close transliteration key, and shared co-mentions.
    CloseKey,
    /// An acronym the archive introduces for the group's name.
    Acronym,
    /// A person's surname used alone (`Reagan` for `Ronald Reagan`), whose co-mentions agree
    /// with the full name's and with no other full name of that surname.
    Surname,
}

/// A spelling in a group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    /// The spelling.
    pub name: String,
    /// Articles naming the entity so.
    pub articles: u64,
    /// Why it joined.
    pub reason: Reason,
    /// How much of its co-mentions (weighted by rarity) the group's name shares, 0 to 1.
    pub context: f32,
}

/// Spellings of one entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    /// The kind of entity.
    pub kind: Kind,
    /// The name shown for all: the most frequent spelling.
    pub canonical: String,
    /// Articles naming the entity by its canonical name.
    pub articles: u64,
    /// The other spellings.
    pub members: Vec<Member>,
}

/// An acronym and the entity it stands for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alias {
    /// The kind of entity.
    pub kind: Kind,
    /// The acronym, as most often written.
    pub acronym: String,
    /// The canonical name of the entity it stands for.
    pub long: String,
    /// Articles that introduce the acronym for this entity.
    pub definitions: u64,
    /// Articles that introduce it for any entity.
    pub all_definitions: u64,
}

/// The map of names of one index.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NameMap {
    /// The opstamp of the commit the map describes.
    pub opstamp: u64,
    /// Groups of spellings, by kind and canonical name.
    pub groups: Vec<Group>,
    /// Acronyms, by kind and acronym.
    pub aliases: Vec<Alias>,
    /// Lower-cased spelling (canonical or member) → its group.
    #[serde(skip)]
    by_name: HashMap<(Kind, String), usize>,
    /// Lower-cased acronym → its alias.
    #[serde(skip)]
    by_acronym: HashMap<(Kind, String), usize>,
}

impl NameMap {
    /// A map of these groups and aliases, stamped with `opstamp`.
    pub fn new(opstamp: u64, groups: Vec<Group>, aliases: Vec<Alias>) -> NameMap {
        let mut m = NameMap {
            opstamp,
            groups,
            aliases,
            ..NameMap::default()
        };
        m.build_lookups();
        m
    }

    fn build_lookups(&mut self) {
        self.by_name.clear();
        self.by_acronym.clear();
        for (i, g) in self.groups.iter().enumerate() {
            self.by_name.insert((g.kind, g.canonical.to_lowercase()), i);
            for m in &g.members {
                self.by_name.insert((g.kind, m.name.to_lowercase()), i);
            }
        }
        for (i, a) in self.aliases.iter().enumerate() {
            self.by_acronym
                .insert((a.kind, a.acronym.to_lowercase()), i);
        }
    }

    /// The map of an index: empty when it has none yet or it describes another commit.
    pub fn load(ix: &NewsIndex) -> NameMap {
        let Ok(metas) = ix.index.load_metas() else {
            return NameMap::default();
        };
        match Self::read(&ix.dir) {
            Some(m) if m.opstamp == metas.opstamp => m,
            _ => NameMap::default(),
        }
    }

    /// The map of an index, read once per process and commit (a command asks for it for its
    /// query, its filters and its facets).
    pub fn cached(ix: &NewsIndex) -> Arc<NameMap> {
        type Cache = Mutex<Option<(PathBuf, u64, Arc<NameMap>)>>;
        static CACHE: Cache = Mutex::new(None);
        let Ok(opstamp) = ix.index.load_metas().map(|m| m.opstamp) else {
            return Arc::new(NameMap::default());
        };
        let Ok(mut cache) = CACHE.lock() else {
            return Arc::new(Self::load(ix));
        };
        if let Some((dir, stamp, map)) = cache.as_ref()
            && *dir == ix.dir
            && *stamp == opstamp
        {
            return Arc::clone(map);
        }
        let map = Arc::new(Self::load(ix));
        *cache = Some((ix.dir.clone(), opstamp, Arc::clone(&map)));
        map
    }

    /// Reads a map file, whatever commit it describes.
    pub fn read(dir: &Path) -> Option<NameMap> {
        let bytes = std::fs::read(dir.join(FILE)).ok()?;
        let mut m: NameMap = serde_json::from_slice(&bytes).ok()?;
        m.build_lookups();
        Some(m)
    }

    /// Writes the map into an index folder (atomically).
    pub fn save(&self, dir: &Path) -> std::io::Result<()> {
        write_atomically(&dir.join(FILE), &serde_json::to_vec(self)?)
    }

    /// The group a spelling belongs to.
    pub fn group(&self, kind: Kind, name: &str) -> Option<&Group> {
        self.by_name
            .get(&(kind, name.to_lowercase()))
            .map(|&i| &self.groups[i])
    }

    /// The acronym alias of a name, if it is an acronym the archive introduces.
    pub fn alias(&self, kind: Kind, name: &str) -> Option<&Alias> {
        self.by_acronym
            .get(&(kind, name.trim().to_lowercase()))
            .map(|&i| &self.aliases[i])
    }

    /// The name facets show for a spelling: its group's canonical name, or itself.
    pub fn canonical<'a>(&'a self, kind: Kind, name: &'a str) -> &'a str {
        self.group(kind, name)
            .map_or(name, |g| g.canonical.as_str())
    }

    /// Every spelling that names the same entity as `value` (itself included), lower-cased as
    /// the keyword fields hold them: its group's, and for an acronym the archive introduces,
    /// its long form's group's. Sorted, without repeats.
    pub fn spellings(&self, kind: Kind, value: &str) -> Vec<String> {
        let value = value.trim();
        let mut out = vec![value.to_lowercase()];
        let add_group = |g: &Group, out: &mut Vec<String>| {
            out.push(g.canonical.to_lowercase());
            out.extend(g.members.iter().map(|m| m.name.to_lowercase()));
        };
        if let Some(g) = self.group(kind, value) {
            add_group(g, &mut out);
        }
        if let Some(a) = self.alias(kind, value) {
            out.push(a.long.to_lowercase());
            if let Some(g) = self.group(kind, &a.long) {
                add_group(g, &mut out);
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// Whether the map has nothing to say.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty() && self.aliases.is_empty()
    }
}

/// The map of names of an index, read when first needed (most queries never need it).
pub struct LazyNameMap<'a> {
    ix: &'a NewsIndex,
    map: OnceCell<Arc<NameMap>>,
}

impl<'a> LazyNameMap<'a> {
    /// The map of `ix`, not read yet.
    pub fn new(ix: &'a NewsIndex) -> LazyNameMap<'a> {
        LazyNameMap {
            ix,
            map: OnceCell::new(),
        }
    }

    /// The map, read on the first call ([`NameMap::cached`]).
    pub fn get(&self) -> &NameMap {
        self.map.get_or_init(|| NameMap::cached(self.ix))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> NameMap {
        let member = |name: &str, reason| Member {
            name: name.into(),
            articles: 1,
            reason,
            context: 0.5,
        };
        NameMap::new(
            7,
            vec![Group {
                kind: Kind::Organisations,
                canonical: "Jamaat-ud-Dawa".into(),
                articles: 10,
                members: vec![
                    member("Jamat-ud-Dawa", Reason::SameKey),
                    member("JuD", Reason::Acronym),
                ],
            }],
            vec![Alias {
                kind: Kind::Organisations,
                acronym: "LeT".into(),
                long: "Lashkar-e-Taiba".into(),
                definitions: 3,
                all_definitions: 3,
            }],
        )
    }

    #[test]
    fn spellings_cover_groups_and_acronyms() {
        let m = sample();
        let o = Kind::Organisations;
        assert_eq!(
            m.spellings(o, "JUD"),
            vec!["jamaat-ud-dawa", "jamat-ud-dawa", "jud"]
        );
        assert_eq!(m.spellings(o, " LeT "), vec!["lashkar-e-taiba", "let"]);
        assert_eq!(m.spellings(o, "Other"), vec!["other"]);
        // Kinds do not mix.
        assert_eq!(m.spellings(Kind::People, "JuD"), vec!["jud"]);
        assert_eq!(m.canonical(o, "jamat-ud-dawa"), "Jamaat-ud-Dawa");
        assert_eq!(m.canonical(o, "Other"), "Other");
    }

    #[test]
    fn saved_maps_read_back_with_their_lookups() {
        let dir = tempfile::tempdir().unwrap();
        let m = sample();
        m.save(dir.path()).unwrap();
        let back = NameMap::read(dir.path()).unwrap();
        assert_eq!(back, m);
        assert_eq!(back.canonical(Kind::Organisations, "JuD"), "Jamaat-ud-Dawa");
        assert!(NameMap::read(&dir.path().join("nope")).is_none());
    }
}
