//! Names however they are spelt (issue 17), end to end: suggestions when a misspelt name finds
//! nothing (text and JSON), `--fuzzy` and `~`, acronyms introduced in one article naming the
//! entity in others, spellings counted together in facets, and the map of names following the
//! index through incremental runs and a run killed before writing it. The corpora are the
//! shipped `corpus/` and `tests/fixtures/names/` (two articles spelling the names of the seed
//! article otherwise: `Jamat-ud-Dawa`, `JuD`, `Lashkar-e-Toiba`).

use std::fs;

use crate::common::Workdir;
use serde_json::Value;

const SEED: &str = "2009/01/000_88a2c8552096e24a.txt";
const VARIANTS: &str = "2009/01/jamat-ud-dawa.txt";
const DEFINES_JUD: &str = "2009/01/jud.txt";

/// The shipped corpus, and with `variants` the articles of `tests/fixtures/names`, indexed.
fn indexed(variants: bool) -> Workdir {
    let folders: &[&str] = if variants {
        &["corpus", "tests/fixtures/names"]
    } else {
        &["corpus"]
    };
    let fx = Workdir::with_copies(folders);
    fx.run(&["index", "corpus", "--quiet"]).success();
    fx
}

/// The paths a search finds (`--json`), sorted (by file name: the seed, `jamat-ud-dawa`,
/// `jud`).
fn paths(w: &Workdir, args: &[&str]) -> Vec<String> {
    let mut all = vec!["search", "--json"];
    all.extend_from_slice(args);
    let mut p: Vec<String> = w
        .json_lines(&all)
        .iter()
        .filter_map(|h| h["path"].as_str().map(str::to_string))
        .collect();
    p.sort();
    p
}

fn stderr(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stderr.clone()).unwrap()
}

#[test]
fn misspelt_names_find_nothing_and_suggest_the_archive_spelling() {
    let fx = indexed(false);
    for (typed, want) in [
        ("Jamat-ud-Dawa", "Jamaat-ud-Dawa"),
        ("Lashkar-e-Toiba", "Lashkar-e-Taiba"),
        ("Jamaat ud Dawah", "Jamaat-ud-Dawa"),
    ] {
        let a = fx.run(&["search", typed]).code(1);
        let err = stderr(&a);
        assert!(
            err.contains(&format!("did you mean: {want} (1 article)?")),
            "{typed}: {err}"
        );
        // JSON: no hit, then one object with the suggestions.
        let lines = fx.json_lines(&["search", typed, "--json"]);
        assert_eq!(
            lines,
            vec![serde_json::json!({"suggestions": [{
                "for": typed,
                "text": want,
                "query": format!("\"{want}\""),
                "articles": 1,
            }]})],
            "{typed}"
        );
    }
    // A name spelt as the archive does gets no suggestion.
    let a = fx.run(&["search", "Jamaat-ud-Dawa"]).success();
    assert!(!stderr(&a).contains("did you mean"));
    // In a field, the suggestion searches that field.
    let lines = fx.json_lines(&["search", "org:Lashkar-e-Toiba", "--json"]);
    assert_eq!(
        lines[0]["suggestions"][0]["query"],
        "org:\"Lashkar-e-Taiba\""
    );
}

#[test]
fn fuzzy_and_tilde_find_the_seed_article() {
    let fx = indexed(false);
    for args in [
        &["--fuzzy", "Jamat-ud-Dawa"][..],
        &["--fuzzy", "Lashkar-e-Toiba"],
        &["Jamat-ud-Dawa~"],
        &["\"Lashkar e Toiba\"~"],
        &["org:Lashkar-e-Toiba~"],
        &["Pakistan Jamat-ud-Dawa~"],
    ] {
        assert_eq!(paths(&fx, args), vec![SEED], "{args:?}");
    }
    // The hit objects keep their keys.
    let hit = &fx.json_lines(&["search", "--json", "--fuzzy", "Jamat-ud-Dawa"])[0];
    let keys: Vec<&str> = hit
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "id",
            "path",
            "url",
            "title",
            "date",
            "utc_offset",
            "day",
            "dateline",
            "source",
            "people",
            "places",
            "organisations",
            "cluster",
            "score",
            "snippet"
        ]
    );
    // The text output says what a fuzzy word was searched as.
    let a = fx.run(&["search", "Jamat-ud-Dawa~"]).success();
    assert!(stderr(&a).contains("Jamat-ud-Dawa~ also searched as: "));
    // `~N` after a phrase keeps tantivy's meaning: the words at most N apart, not fuzzy.
    let a = fx.run(&["search", "\"Lashkar-e-Taiba\"~2"]).success();
    assert!(!stderr(&a).contains("also searched as"));
    fx.run(&["search", "\"Lashkar Toiba\"~2"]).code(1);
    // Excluding a fuzzy word excludes its variants.
    fx.run(&["search", "Pakistan -Jamat-ud-Dawa~"]).code(1);
}

#[test]
fn an_acronym_introduced_in_an_article_names_the_entity() {
    let fx = indexed(false);
    for args in [
        &["Pakistan", "--org", "LeT"][..],
        &["Pakistan", "--org", "let"],
        &["org:LeT"],
    ] {
        assert_eq!(paths(&fx, args), vec![SEED], "{args:?}");
    }
}

#[test]
fn spellings_of_one_entity_are_one_in_filters_and_facets() {
    let fx = indexed(true);
    let all = vec![
        SEED.to_string(),
        VARIANTS.to_string(),
        DEFINES_JUD.to_string(),
    ];
    // JuD is introduced in one article: it names the entity in all three spellings.
    assert_eq!(paths(&fx, &["Pakistan OR Lahore", "--org", "JuD"]), all);
    assert_eq!(paths(&fx, &["org:\"Jamat-ud-Dawa\""]), all);
    // Lashkar-e-Toiba is Lashkar-e-Taiba: the same co-mentions.
    assert_eq!(paths(&fx, &["org:\"Lashkar-e-Toiba\""]), all);
    // Facets count each article once, under the spelling most articles use.
    let stats = &fx.json_lines(&["stats", "--json"])[0];
    let orgs = stats["facets"]["organisations"].as_array().unwrap();
    let count = |name: &str| {
        orgs.iter()
            .find(|c| c["value"] == name)
            .map(|c| c["count"].as_u64().unwrap())
    };
    assert_eq!(count("Jamaat-ud-Dawa"), Some(3), "{orgs:?}");
    assert_eq!(count("Lashkar-e-Taiba"), Some(3), "{orgs:?}");
    for other in ["Jamat-ud-Dawa", "JuD", "Lashkar-e-Toiba"] {
        assert_eq!(count(other), None, "{other} in {orgs:?}");
    }
    // A person's name however spelt: suggested, and found with `~`.
    let a = fx.run(&["search", "Hafeez Sayeed"]).code(1);
    assert!(
        stderr(&a).contains("did you mean: Hafiz Saeed (2 articles)?"),
        "{}",
        stderr(&a)
    );
    // Unquoted, with --fuzzy, the words may be a name as a whole.
    assert_eq!(
        paths(&fx, &["--fuzzy", "Hafeez Sayeed"]),
        vec![VARIANTS.to_string(), DEFINES_JUD.to_string()]
    );
    assert_eq!(
        paths(&fx, &["person:\"Hafeez Sayeed\"~"]),
        vec![VARIANTS.to_string(), DEFINES_JUD.to_string()]
    );
}

#[test]
fn the_map_of_names_follows_the_index() {
    let fx = indexed(true);
    let map = fx.index_dir().join("names.json");
    let all = vec![
        SEED.to_string(),
        VARIANTS.to_string(),
        DEFINES_JUD.to_string(),
    ];
    let only_jud = vec![VARIANTS.to_string()];
    let jud = || paths(&fx, &["Pakistan OR Lahore", "--org", "JuD"]);
    assert_eq!(jud(), all);
    // A run killed after its commit and before the map: the map is missing, or describes an
    // older commit. It is not used, and the next run writes it again without re-indexing.
    let good = fs::read_to_string(&map).unwrap();
    fs::remove_file(&map).unwrap();
    assert_eq!(jud(), only_jud);
    fx.run(&["index", "--quiet"]).success();
    assert_eq!(fs::read_to_string(&map).unwrap(), good);
    assert_eq!(jud(), all);
    let mut stale: Value = serde_json::from_str(&good).unwrap();
    stale["opstamp"] = 0.into();
    fs::write(&map, stale.to_string()).unwrap();
    assert_eq!(jud(), only_jud);
    fx.run(&["index", "--quiet"]).success();
    assert_eq!(jud(), all);
    // Incremental: without the article that introduces it, JuD stands for nothing.
    let defining = fx.dir.path().join("corpus").join(DEFINES_JUD);
    let text = fs::read(&defining).unwrap();
    fs::remove_file(&defining).unwrap();
    fx.run(&["index", "--quiet"]).success();
    assert_eq!(jud(), only_jud);
    fs::write(&defining, text).unwrap();
    fx.run(&["index", "--quiet"]).success();
    assert_eq!(jud(), all);
}
