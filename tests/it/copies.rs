//! Integration tests for copies: the real binary on corpora the tests write, checking the groups
//! (`cluster`) through incremental runs that add, change and delete group members (the first
//! one included), and `--collapse`, `show` and `stats` on them.

use crate::common::Workdir;

use std::collections::HashMap;
use std::fs;

use serde_json::Value;

const SHIP: [&str; 4] = [
    "The port authority said on Tuesday that a container ship ran aground near the harbour entrance after its steering failed during a storm, blocking the main channel for most of the afternoon.",
    "Tugs from two neighbouring towns worked for six hours to free the vessel, which was carrying timber and machinery parts bound for the northern coast, a spokesman for the authority told reporters.",
    "No crew member was hurt and divers found no damage to the hull, but inspectors will examine the rudder before the ship is allowed to continue its voyage later this week, the spokesman added.",
    "Fishing boats and ferries waited outside the harbour until the channel reopened in the evening, and the authority said it would review how pilots are assigned to large ships in bad weather.",
];

const ORCHESTRA: [&str; 4] = [
    "The city orchestra announced a new music director on Friday, ending a two-year search that began when its previous conductor retired after almost three decades with the ensemble.",
    "The new director, who has led opera companies in several European capitals, said she hoped to bring more contemporary works to the concert hall and to tour schools in the surrounding villages.",
    "Board members praised her energy and her record of raising money for young musicians, and said the appointment would begin with the autumn season and run for an initial five years.",
    "Tickets for her first concert, a programme of symphonies and a newly commissioned piece for choir, will go on sale next month at the box office and through the orchestra's subscribers.",
];

const FOLLOW_UP: [&str; 3] = [
    "Investigators blamed a worn cable for the steering failure that left a container ship aground at the harbour entrance last month, according to a report published on Monday.",
    "The report recommended that shipowners check steering gear more often and that the port require two pilots for the largest vessels whenever winds exceed a set limit.",
    "Tugs from two neighbouring towns worked for six hours to free the vessel, which was carrying timber and machinery parts bound for the northern coast, a spokesman for the authority told reporters.",
];

/// Writes a corpus file with a later mtime than its previous version, even on coarse clocks.
fn write_later(w: &Workdir, rel: &str, text: &str) {
    let p = w.corpus().join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    let _ = fs::remove_file(&p);
    fs::write(&p, text).unwrap();
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
    fs::File::options()
        .write(true)
        .open(&p)
        .unwrap()
        .set_modified(later)
        .unwrap();
}

fn remove(w: &Workdir, rel: &str) {
    fs::remove_file(w.corpus().join(rel)).unwrap();
}

fn index(w: &Workdir) {
    w.run(&["index", "--quiet", "--no-entities", "corpus"])
        .success();
}

/// Every article's group, as the path of the group's first article.
fn groups(w: &Workdir) -> HashMap<String, String> {
    let all = w.json_lines(&["export"]);
    let by_id: HashMap<String, String> = all.iter().map(|a| (s(&a["id"]), s(&a["path"]))).collect();
    all.iter()
        .map(|a| (s(&a["path"]), by_id[&s(&a["cluster"])].clone()))
        .collect()
}

fn s(v: &Value) -> String {
    v.as_str().unwrap().to_string()
}

/// An article file: header line, then one line per paragraph.
fn article(day: u8, source: &str, paragraphs: &[&str]) -> String {
    let mut out = format!("{day:02} March,1987 10:00 AM IST | London | {source}\n");
    for p in paragraphs {
        out.push_str(p);
        out.push('\n');
    }
    out
}

/// The same article with its paragraphs hard-wrapped at 64 columns, blank lines between them.
fn wrapped(day: u8, source: &str, paragraphs: &[&str]) -> String {
    let mut out = format!("{day:02} March,1987 10:00 AM IST | London | {source}\n");
    for p in paragraphs {
        let mut line = String::new();
        for w in p.split(' ') {
            if !line.is_empty() && line.len() + 1 + w.len() > 64 {
                out.push_str(&line);
                out.push('\n');
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(w);
        }
        out.push_str(&line);
        out.push_str("\n\n");
    }
    out
}

#[test]
fn groups_follow_adds_changes_and_deletes() {
    let fx = Workdir::new();
    write_later(&fx, "a.txt", &article(3, "Reuters", &SHIP));
    write_later(&fx, "b.txt", &wrapped(4, "AFP", &SHIP));
    write_later(&fx, "c.txt", &article(4, "PTI", &ORCHESTRA));
    write_later(&fx, "d.txt", &article(5, "AP", &FOLLOW_UP));
    index(&fx);
    let g = groups(&fx);
    assert_eq!(g["a.txt"], "a.txt");
    assert_eq!(g["b.txt"], "a.txt", "a re-wrapped copy joins the first");
    assert_eq!(g["c.txt"], "c.txt");
    assert_eq!(g["d.txt"], "d.txt", "a follow-up repeating a paragraph");

    // Add: a shortened copy dated earlier takes the group over.
    write_later(&fx, "e.txt", &article(2, "UPI", &SHIP[..3]));
    index(&fx);
    let g = groups(&fx);
    for p in ["a.txt", "b.txt", "e.txt"] {
        assert_eq!(g[p], "e.txt", "{p}");
    }
    assert_eq!(g["c.txt"], "c.txt");

    // Delete the first article: the next one takes the group.
    remove(&fx, "e.txt");
    index(&fx);
    let g = groups(&fx);
    assert_eq!(
        (g["a.txt"].as_str(), g["b.txt"].as_str()),
        ("a.txt", "a.txt")
    );
    remove(&fx, "a.txt");
    index(&fx);
    let g = groups(&fx);
    assert_eq!(g["b.txt"], "b.txt");

    // Change: a copy rewritten as another story leaves the group; an article rewritten as a
    // copy (with a paragraph added) joins it.
    write_later(&fx, "a.txt", &article(3, "Reuters", &SHIP));
    write_later(&fx, "f.txt", &article(6, "AAP", &SHIP));
    index(&fx);
    let g = groups(&fx);
    assert_eq!(
        (g["b.txt"].as_str(), g["f.txt"].as_str()),
        ("a.txt", "a.txt")
    );
    write_later(&fx, "b.txt", &article(4, "AFP", &ORCHESTRA[..3]));
    let mut added: Vec<&str> = ORCHESTRA.to_vec();
    added.push(FOLLOW_UP[1]);
    write_later(&fx, "d.txt", &article(5, "AP", &added));
    index(&fx);
    let g = groups(&fx);
    assert_eq!(g["b.txt"], "b.txt", "b is dated before c, so it is first");
    assert_eq!(
        (g["c.txt"].as_str(), g["d.txt"].as_str()),
        ("b.txt", "b.txt")
    );
    assert_eq!(g["f.txt"], "a.txt");

    // A rebuild from nothing gives the same groups as the updates did.
    fx.run(&["index", "--quiet", "--no-entities", "--rebuild", "corpus"])
        .success();
    assert_eq!(groups(&fx), g);
}

#[test]
fn collapse_show_and_stats_report_copies() {
    let fx = Workdir::new();
    write_later(&fx, "a.txt", &article(3, "Reuters", &SHIP));
    write_later(&fx, "b.txt", &wrapped(4, "AFP", &SHIP));
    write_later(&fx, "c.txt", &article(5, "PTI", &SHIP[1..]));
    write_later(&fx, "d.txt", &article(4, "AP", &FOLLOW_UP));
    write_later(&fx, "e.txt", &article(6, "UPI", &ORCHESTRA));
    index(&fx);

    let plain = fx.json_lines(&["search", "tugs", "--json"]);
    assert_eq!(plain.len(), 4);
    assert!(plain.iter().all(|h| h.get("copies").is_none()));
    let hits = fx.json_lines(&["search", "tugs", "--json", "--collapse", "--sort", "date"]);
    let got: Vec<(String, u64)> = hits
        .iter()
        .map(|h| (s(&h["path"]), h["copies"].as_u64().unwrap()))
        .collect();
    assert_eq!(got, [("a.txt".into(), 2), ("d.txt".into(), 0)]);
    let text = fx.run(&["search", "tugs", "--collapse"]).success();
    let text = String::from_utf8(text.get_output().stdout.clone()).unwrap();
    assert!(text.contains("copies: 2"), "{text}");

    // Paging counts groups; a filter counts only the copies that match it.
    let listed = fx.json_lines(&["list", "--json", "--collapse", "--offset", "1"]);
    let paths: Vec<String> = listed.iter().map(|h| s(&h["path"])).collect();
    assert_eq!(paths, ["d.txt", "e.txt"]);
    let afp = fx.json_lines(&["list", "--json", "--collapse", "--source", "AFP"]);
    assert_eq!(afp.len(), 1);
    assert_eq!(
        (s(&afp[0]["path"]), afp[0]["copies"].as_u64()),
        ("b.txt".into(), Some(0))
    );

    let shown = fx.json_lines(&["show", "b.txt", "--json"]);
    let copies: Vec<String> = shown[0]["copies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| s(&c["path"]))
        .collect();
    assert_eq!(copies, ["a.txt", "c.txt"]);
    let text = fx.run(&["show", "c.txt"]).success();
    let text = String::from_utf8(text.get_output().stdout.clone()).unwrap();
    assert!(text.contains("a.txt") && text.contains("b.txt"), "{text}");

    let stats = fx.json_lines(&["stats", "--json"]);
    assert_eq!(stats[0]["copies"], 2);
    let stats = fx.json_lines(&["stats", "--json", "--source", "UPI"]);
    assert_eq!(stats[0]["copies"], 0);
}
