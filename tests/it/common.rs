//! What integration tests share.

use assert_cmd::Command;

/// The keys of the JSON article object, in the contract's order (the README lists them).
pub const ARTICLE_KEYS: [&str; 14] = [
    "id",
    "path",
    "url",
    "title",
    "date",
    "utc_offset",
    "day",
    "dateline",
    "source",
    "body",
    "people",
    "places",
    "organisations",
    "cluster",
];

/// The newsdex binary, with no index folder from the environment and no colours.
pub fn bin() -> Command {
    let mut c = Command::cargo_bin("newsdex").unwrap();
    c.env_remove("NEWSDEX_INDEX").env("NO_COLOR", "1");
    c
}

/// Checks the entities of the seed article (`corpus/2009/01/000_88a2c8552096e24a.txt`) against
/// what issue 3 asks: exactly its three people, and among its places and organisations the ones
/// the article names.
pub fn assert_seed_entities<S: AsRef<str>>(people: &[S], places: &[S], organisations: &[S]) {
    let people: Vec<&str> = people.iter().map(AsRef::as_ref).collect();
    assert_eq!(
        people,
        ["Condoleezza Rice", "Richard Boucher", "Sean McCormack"]
    );
    let has = |list: &[S], want: &str| list.iter().any(|x| x.as_ref() == want);
    let places_seen: Vec<&str> = places.iter().map(AsRef::as_ref).collect();
    for p in [
        "United States",
        "Pakistan",
        "India",
        "Mumbai",
        "New Delhi",
        "Islamabad",
    ] {
        assert!(has(places, p), "{p} missing from {places_seen:?}");
    }
    let orgs_seen: Vec<&str> = organisations.iter().map(AsRef::as_ref).collect();
    for o in ["Jamaat-ud-Dawa", "Lashkar-e-Taiba"] {
        assert!(has(organisations, o), "{o} missing from {orgs_seen:?}");
    }
}
