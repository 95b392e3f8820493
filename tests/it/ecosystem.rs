//! Integration tests of what newsdex hands to other tools: `export` as NDJSON, Elasticsearch /
//! OpenSearch bulk bodies and CSV; `search --csv` and `list --csv`; the engines' mappings; and the
//! incremental export (`--changed-since`) through add, change and delete.

use crate::common::{ARTICLE_KEYS, Workdir};

use std::fs;

use serde_json::Value;

/// A copy of the shipped corpus, indexed.
fn shipped() -> Workdir {
    let fx = Workdir::with_copies(&["corpus"]);
    fx.run(&["index", "corpus", "--quiet"]).success();
    fx
}

/// Runs `index --json` and returns the commit marker it reports.
fn index(w: &Workdir, extra: &[&str]) -> String {
    let mut args = vec!["index", "--json", "--quiet"];
    args.extend_from_slice(extra);
    let summary: Value = serde_json::from_str(&w.stdout(&args)).unwrap();
    summary["commit"].as_str().unwrap().to_string()
}

/// An article file: optional headline, header line, paragraphs.
fn article(title: Option<&str>, date: &str, source: &str, body: &[&str]) -> String {
    let mut s = String::new();
    if let Some(t) = title {
        s.push_str(t);
        s.push('\n');
    }
    s.push_str(&format!("{date} | London | {source}\n"));
    for p in body {
        s.push_str(p);
        s.push('\n');
    }
    s
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

/// Splits a bulk body into (action, document) pairs, checking that every document has its
/// action line before it.
fn bulk_pairs(body: &str) -> Vec<(Value, Option<Value>)> {
    assert!(
        body.is_empty() || body.ends_with('\n'),
        "newline-terminated"
    );
    let mut lines = body
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap());
    let mut out = Vec::new();
    while let Some(action) = lines.next() {
        let kind = keys(&action)[0].to_string();
        assert_eq!(keys(&action).len(), 1, "{action}");
        let doc = match kind.as_str() {
            "create" | "index" => Some(lines.next().expect("a document after each action")),
            "delete" => None,
            other => panic!("unexpected action {other}"),
        };
        if let Some(d) = &doc {
            assert_eq!(action[&kind]["_id"], d["id"], "action and document agree");
        }
        out.push((action, doc));
    }
    out
}

#[test]
fn bulk_is_action_document_pairs_of_the_ndjson_objects() {
    let fx = shipped();
    let ndjson = fx.json_lines(&["export"]);
    assert_eq!(ndjson.len(), 9);
    assert!(ndjson.iter().all(|a| keys(a) == ARTICLE_KEYS));
    let pairs = bulk_pairs(&fx.stdout(&["export", "--format", "bulk"]));
    assert_eq!(pairs.len(), ndjson.len());
    for ((action, doc), want) in pairs.iter().zip(&ndjson) {
        assert_eq!(action["create"]["_index"], "newsdex");
        assert_eq!(keys(&action["create"]), ["_index", "_id"]);
        assert_eq!(doc.as_ref().unwrap(), want);
    }
    // Entities are arrays and dates RFC 3339, as in the JSON contract.
    let seed = pairs
        .iter()
        .filter_map(|(_, d)| d.as_ref())
        .find(|d| d["source"] == "IANS")
        .unwrap();
    assert!(seed["people"].as_array().unwrap().len() >= 3);
    assert_eq!(seed["date"], "2009-01-07T04:17:00Z");
    assert_eq!(seed["utc_offset"], "+05:30");
    // Another index name; a name the engines refuse is an argument error.
    let named =
        bulk_pairs(&fx.stdout(&["export", "--format", "bulk", "--target-index", "wires-1987"]));
    assert!(
        named
            .iter()
            .all(|(a, _)| a["create"]["_index"] == "wires-1987")
    );
    let bad = fx
        .run(&["export", "--format", "bulk", "--target-index", "Wires"])
        .code(2);
    let err = String::from_utf8_lossy(&bad.get_output().stderr).to_string();
    assert!(
        err.contains("--target-index") && err.contains("lower case"),
        "{err}"
    );
}

#[test]
fn export_takes_the_query_and_filters_of_search() {
    let fx = shipped();
    for args in [
        vec!["oil"],
        vec!["--source", "Reuters"],
        vec!["oil", "--from", "1987-03", "--to", "1987-03"],
        vec!["--place", "Pakistan"],
    ] {
        let mut search = vec!["search", "--json", "--limit", "1000"];
        if args[0].starts_with("--") {
            search[0] = "list";
        }
        search.extend_from_slice(&args);
        let mut want: Vec<String> = fx
            .json_lines(&search)
            .iter()
            .map(|h| h["path"].as_str().unwrap().to_string())
            .collect();
        want.sort();
        assert!(!want.is_empty(), "{args:?} finds something");
        let mut export = vec!["export"];
        export.extend_from_slice(&args);
        let got: Vec<String> = fx
            .json_lines(&export)
            .iter()
            .map(|a| a["path"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(got, want, "{args:?}");
    }
    fx.run(&["export", "nosuchwordanywhere"]).code(1);
    fx.run(&["export", "title:("]).code(2);
    fx.run(&["export", "--from", "1987-13"]).code(2);
}

fn read_csv(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

/// A JSON value as its CSV cell: null empty, lists joined with "; ", numbers and strings as is.
fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(a) => a
            .iter()
            .map(|x| x.as_str().unwrap().to_string())
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

/// Checks that CSV output has the JSON output's keys as columns and its values in the cells.
fn assert_csv_matches_json(csv_text: &str, json: &[Value]) {
    let (header, rows) = read_csv(csv_text);
    assert_eq!(rows.len(), json.len());
    for (row, obj) in rows.iter().zip(json) {
        assert_eq!(header, keys(obj), "columns are the JSON keys in order");
        for (h, c) in header.iter().zip(row) {
            if h == "score" && !obj[h].is_null() {
                let got: f64 = c.parse().unwrap();
                assert!((got - obj[h].as_f64().unwrap()).abs() < 1e-4);
            } else {
                assert_eq!(*c, cell(&obj[h.as_str()]), "column {h}");
            }
        }
    }
}

#[test]
fn csv_round_trips_quotes_commas_and_newlines() {
    let fx = Workdir::new();
    fx.write(
        "a.txt",
        article(
            Some("He said \"no\", twice; then left"),
            "01 March,1987 10:00 AM IST",
            "Reuters",
            &[
                "Copper, zinc and \"tin\" prices rose, traders said.",
                "A second paragraph, with a comma.",
            ],
        ),
    );
    fx.write(
        "b,c/\"q\".txt",
        article(
            None,
            "02 March,1987 10:00 AM IST",
            "AFP",
            &["Copper fell in Paris."],
        ),
    );
    index(&fx, &["corpus"]);
    let text = fx.stdout(&["export", "--format", "csv"]);
    assert!(text.contains("\r\n"), "RFC 4180 line ends");
    let ndjson = fx.json_lines(&["export"]);
    assert_csv_matches_json(&text, &ndjson);
    let (_, rows) = read_csv(&text);
    assert_eq!(rows[0][3], "He said \"no\", twice; then left");
    assert!(rows[0][9].contains('\n'), "the body keeps its paragraphs");
    assert_eq!(rows[1][1], "b,c/\"q\".txt");
    // search and list: the columns of their --json.
    for args in [
        vec!["search", "copper"],
        vec!["search", "copper", "--sort", "date"],
        vec!["list"],
        vec!["list", "--source", "AFP"],
    ] {
        let mut json = args.clone();
        json.push("--json");
        let mut csv = args.clone();
        csv.push("--csv");
        assert_csv_matches_json(&fx.stdout(&csv), &fx.json_lines(&json));
    }
    fx.run(&["search", "copper", "--csv", "--json"]).code(2);
    fx.run(&["search", "copper", "--csv", "--facets"]).code(2);
    // Nothing found: the header alone, exit 1.
    let none = fx.run(&["search", "platinum", "--csv"]).code(1);
    let text = String::from_utf8(none.get_output().stdout.clone()).unwrap();
    assert_eq!(text.lines().count(), 1);
}

/// The type each article key should have in an Elasticsearch/OpenSearch mapping (issue 18).
fn intended_es_type(key: &str) -> &'static str {
    match key {
        "title" | "body" => "text",
        "date" => "date",
        _ => "keyword",
    }
}

#[test]
fn elasticsearch_and_opensearch_templates_map_every_field() {
    let fx = shipped();
    let article = &fx.json_lines(&["export"])[0];
    for target in ["elasticsearch", "opensearch"] {
        let t: Value = serde_json::from_str(&fx.stdout(&["mapping", "--target", target])).unwrap();
        assert_eq!(t["index_patterns"][0], "newsdex");
        let props = t["template"]["mappings"]["properties"].as_object().unwrap();
        let mapped: Vec<&str> = props.keys().map(String::as_str).collect();
        assert_eq!(
            mapped,
            keys(article),
            "{target}: every key of the article object"
        );
        assert_eq!(t["template"]["mappings"]["dynamic"], "strict");
        for (k, m) in props {
            assert_eq!(m["type"], intended_es_type(k), "{target}: {k}");
        }
        let analyzer = props["body"]["analyzer"].as_str().unwrap();
        assert_eq!(props["title"]["analyzer"], analyzer);
        let analysis = &t["template"]["settings"]["analysis"];
        let filters: Vec<&str> = analysis["analyzer"][analyzer]["filter"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap())
            .collect();
        assert!(filters.contains(&"lowercase") && filters.contains(&"asciifolding"));
        let english = filters.iter().any(|f| {
            let def = &analysis["filter"][*f];
            def["language"]
                .as_str()
                .is_some_and(|l| l.eq_ignore_ascii_case("english"))
        });
        assert!(english, "{target}: an English stemmer in {filters:?}");
    }
    let named: Value = serde_json::from_str(&fx.stdout(&[
        "mapping",
        "--target",
        "opensearch",
        "--target-index",
        "wires",
    ]))
    .unwrap();
    assert_eq!(
        named["index_patterns"],
        serde_json::json!(["wires", "wires-*"])
    );
    fx.run(&[
        "mapping",
        "--target",
        "elasticsearch",
        "--target-index",
        "_x",
    ])
    .code(2);
    fx.run(&["mapping", "--target", "solr"]).code(2);
}

#[test]
fn the_quickwit_config_maps_every_field() {
    let fx = shipped();
    let article = &fx.json_lines(&["export"])[0];
    let yaml = fx.stdout(&["mapping", "--target", "quickwit"]);
    let c: Value = serde_norway::from_str(&yaml).unwrap();
    assert_eq!(c["index_id"], "newsdex");
    let fields = c["doc_mapping"]["field_mappings"].as_array().unwrap();
    let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
    assert_eq!(names, keys(article), "every key of the article object");
    for f in fields {
        let name = f["name"].as_str().unwrap();
        let list = article[name].is_array();
        let text = if list { "array<text>" } else { "text" };
        match intended_es_type(name) {
            "text" => {
                assert_eq!(f["type"], text, "{name}");
                assert_eq!(f["tokenizer"], "en_stem", "{name}");
            }
            "date" => {
                assert_eq!(f["type"], "datetime", "{name}");
                assert_eq!(f["fast"], true, "{name}: a timestamp field is fast");
            }
            _ => {
                assert_eq!(f["type"], text, "{name}");
                assert_eq!(f["tokenizer"], "raw", "{name}");
            }
        }
    }
    assert_eq!(c["doc_mapping"]["timestamp_field"], "date");
    assert_eq!(
        c["search_settings"]["default_search_fields"],
        serde_json::json!(["title", "body"])
    );
    fx.run(&["mapping", "--target", "quickwit", "--target-index", "ab"])
        .code(2);
}

/// What an incremental export printed, in each format: (removed ids, article paths).
fn changes(fx: &Workdir, since: &str, extra: &[&str]) -> (Vec<String>, Vec<String>) {
    let mut args = vec!["export", "--changed-since", since];
    args.extend_from_slice(extra);
    let ndjson = fx.json_lines(&args);
    let mut removed = Vec::new();
    let mut paths = Vec::new();
    for v in &ndjson {
        if v.get("deleted").is_some() {
            assert_eq!(keys(v), ["id", "deleted"]);
            assert!(paths.is_empty(), "removals come first");
            removed.push(v["id"].as_str().unwrap().to_string());
        } else {
            assert_eq!(keys(v), ARTICLE_KEYS);
            paths.push(v["path"].as_str().unwrap().to_string());
        }
    }
    // bulk: a delete action per removal, an index action and the same object per article.
    let mut bulk_args = args.clone();
    bulk_args.extend(["--format", "bulk"]);
    let pairs = bulk_pairs(&fx.stdout(&bulk_args));
    assert_eq!(pairs.len(), ndjson.len());
    for ((action, doc), want) in pairs.iter().zip(&ndjson) {
        match doc {
            Some(d) => {
                assert_eq!(d, want);
                assert_eq!(action["index"]["_index"], "newsdex");
            }
            None => assert_eq!(action["delete"]["_id"], want["id"]),
        }
    }
    // csv: a `deleted` column, `true` on a removal's row.
    let mut csv_args = args.clone();
    csv_args.extend(["--format", "csv"]);
    let (header, rows) = read_csv(&fx.stdout(&csv_args));
    assert_eq!(header.last().unwrap(), "deleted");
    assert_eq!(rows.len(), ndjson.len());
    for (row, want) in rows.iter().zip(&ndjson) {
        assert_eq!(row[0], want["id"].as_str().unwrap());
        assert_eq!(row.last().unwrap() == "true", want.get("deleted").is_some());
    }
    (removed, paths)
}

fn id_of(fx: &Workdir, path: &str) -> String {
    fx.json_lines(&["show", path, "--json"])[0]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn incremental_export_follows_adds_changes_and_deletes() {
    let fx = Workdir::new();
    let day = |d: u8| format!("0{d} March,1987 10:00 AM IST");
    fx.write(
        "a.txt",
        article(None, &day(1), "Reuters", &["Alpha report about copper."]),
    );
    fx.write(
        "b.txt",
        article(None, &day(2), "AFP", &["Bravo report about zinc."]),
    );
    fx.write(
        "e.txt",
        article(None, &day(3), "AFP", &["Echo report about lead."]),
    );
    let m1 = index(&fx, &["corpus"]);
    let stats: Value = serde_json::from_str(&fx.stdout(&["stats", "--json"])).unwrap();
    assert_eq!(stats["commit"], m1.as_str());
    assert!(fx.stdout(&["index"]).contains(&format!("commit {m1}")));
    // Nothing changed since m1: nothing printed, exit 1; a no-op run keeps the marker.
    fx.run(&["export", "--changed-since", &m1]).code(1);
    assert_eq!(index(&fx, &[]), m1);
    let b_id = id_of(&fx, "b.txt");

    // Add c, change a, delete b; e stays as it was.
    fx.write(
        "c.txt",
        article(None, &day(4), "PTI", &["Charlie report about tin."]),
    );
    std::thread::sleep(std::time::Duration::from_millis(20));
    fx.write(
        "a.txt",
        article(None, &day(1), "AFP", &["Alpha report about nickel."]),
    );
    fs::remove_file(fx.corpus().join("b.txt")).unwrap();
    let m2 = index(&fx, &[]);
    assert_ne!(m2, m1);
    let (removed, paths) = changes(&fx, &m1, &[]);
    assert_eq!(removed, std::slice::from_ref(&b_id));
    assert_eq!(paths, ["a.txt", "c.txt"]);
    let changed = fx.json_lines(&["export", "--changed-since", &m1]);
    assert!(
        changed
            .iter()
            .any(|a| a["body"] == "Alpha report about nickel.")
    );
    let err = String::from_utf8(
        fx.run(&["export", "--changed-since", &m1])
            .get_output()
            .stderr
            .clone(),
    )
    .unwrap();
    assert!(err.contains(&format!("--changed-since {m2}")), "{err}");
    // Nothing since m2.
    fx.run(&["export", "--changed-since", &m2]).code(1);
    // A subset kept in sync: a changed article that left the subset is a removal.
    let (removed, paths) = changes(&fx, &m1, &["--source", "Reuters"]);
    let all = vec![b_id.clone(), id_of(&fx, "a.txt"), id_of(&fx, "c.txt")];
    assert_eq!(sorted(removed), sorted(all));
    assert!(paths.is_empty());

    // b comes back: an article again, no longer a removal.
    fx.write(
        "b.txt",
        article(None, &day(2), "AFP", &["Bravo report about zinc, again."]),
    );
    index(&fx, &[]);
    let (removed, paths) = changes(&fx, &m1, &[]);
    assert!(removed.is_empty());
    assert_eq!(paths, ["a.txt", "b.txt", "c.txt"]);
    let (removed, paths) = changes(&fx, &m2, &[]);
    assert!(removed.is_empty());
    assert_eq!(paths, ["b.txt"]);

    // Markers that cannot be honoured are argument errors.
    let (generation, seq) = m2.split_once('-').unwrap();
    let future = format!("{generation}-{}", seq.parse::<u64>().unwrap() + 10);
    for bad in ["", "nonsense", "12345678", &future, "0badf00d-1"] {
        fx.run(&["export", "--changed-since", bad]).code(2);
    }
    // After a rebuild, old markers belong to another index.
    index(&fx, &["--rebuild"]);
    let a = fx.run(&["export", "--changed-since", &m2]).code(2);
    let err = String::from_utf8_lossy(&a.get_output().stderr).to_string();
    assert!(err.contains("another index"), "{err}");
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn incremental_export_survives_many_commits_and_merges() {
    let fx = Workdir::new();
    for i in 0..9 {
        fx.write(
            &format!("{i}.txt"),
            article(
                None,
                "01 March,1987 10:00 AM IST",
                "Reuters",
                &[&format!("Report number {i} about copper.")],
            ),
        );
    }
    // One commit per article: nine segments, merged as the merge policy says.
    let m1 = index(&fx, &["corpus", "--commit-every", "1"]);
    assert!(m1.ends_with("-9"), "{m1}");
    let (generation, _) = m1.split_once('-').unwrap();
    // From before the first commit: every article.
    let (removed, paths) = changes(&fx, &format!("{generation}-0"), &[]);
    assert!(removed.is_empty());
    assert_eq!(paths.len(), 9);
    // From the middle of that run: the articles of the later commits, whatever was merged.
    let (_, later) = changes(&fx, &format!("{generation}-4"), &[]);
    assert_eq!(later.len(), 5);
    std::thread::sleep(std::time::Duration::from_millis(20));
    fx.write(
        "3.txt",
        article(None, "01 March,1987 10:00 AM IST", "AFP", &["Changed."]),
    );
    fs::remove_file(fx.corpus().join("7.txt")).unwrap();
    index(&fx, &[]);
    let (removed, paths) = changes(&fx, &m1, &[]);
    assert_eq!(removed.len(), 1);
    assert_eq!(paths, ["3.txt"]);
}
