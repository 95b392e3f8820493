//! Integration tests of `timeline` and `related` (issue 15): the real binary on the shipped corpus,
//! on a small corpus written here (ISO weeks across year ends, a leap day, an evening article whose
//! UTC date is the next day, undated files), and on corpus-dev when `../shared` is present. Every
//! count is checked against the articles `list --json` or `search --json` return for the same
//! request, counted here with an independent period calculation.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::common::Workdir;
use jiff::ToSpan;
use jiff::civil::Date;
use serde_json::Value;

const PERIODS: [&str; 5] = ["day", "week", "month", "year", "auto"];

fn build(w: &Workdir, corpus: &Path) {
    w.run(&["index", "--quiet", corpus.to_str().unwrap()])
        .success();
}

/// The article objects a request matches: `list` for filters alone, `search` with a query.
fn matching(w: &Workdir, query: Option<&str>, filters: &[&str]) -> Vec<Value> {
    let mut args: Vec<&str> = match query {
        Some(q) => vec!["search", q],
        None => vec!["list"],
    };
    args.extend_from_slice(filters);
    let mut all = Vec::new();
    loop {
        let offset = all.len().to_string();
        let mut page_args = args.clone();
        page_args.extend_from_slice(&["--json", "--limit", "10000", "--offset", &offset]);
        let page = w.json_lines(&page_args);
        let n = page.len();
        all.extend(page);
        if n < 10_000 {
            return all;
        }
    }
}

/// The fixture corpus: dates around year ends (ISO weeks), a leap day, and two undated files.
fn small_corpus(fx: &Workdir) {
    let articles = [
        // (path, header date, dateline, source, body)
        (
            "a.txt",
            "28 December,2008 10:00 AM IST",
            "New Delhi",
            "IANS",
            "Secretary of State Condoleezza Rice met Prime Minister Manmohan Singh in New Delhi on oil supplies.",
        ),
        (
            "b.txt",
            "29 December,2008 10:00 AM IST",
            "Islamabad",
            "PTI",
            "Pakistan said Lashkar-e-Taiba and Jamaat-ud-Dawa were banned, officials in Islamabad said.",
        ),
        (
            "c.txt",
            "04 January,2009 09:47 AM IST",
            "Mumbai",
            "IANS",
            "India asked Pakistan to act against Jamaat-ud-Dawa after the Mumbai attacks, New Delhi said.",
        ),
        (
            "d.txt",
            "05 January,2009 10:00 AM IST",
            "Washington",
            "AFP",
            "State Department spokesman Sean McCormack said Condoleezza Rice spoke to Pakistan and India.",
        ),
        (
            "e.txt",
            "31 December,2009 11:30 PM EST",
            "Vienna",
            "Reuters",
            "OPEC ministers met in Vienna and kept oil output steady, Saudi Arabia said.",
        ),
        (
            "f.txt",
            "03 January,2010 10:00 AM GMT",
            "Vienna",
            "Reuters",
            "Saudi Oil Minister Ali al-Naimi told OPEC in Vienna that oil prices were fair.",
        ),
        (
            "g.txt",
            "04 January,2010 10:00 AM GMT",
            "London",
            "Reuters",
            "Crude oil rose in London as Saudi Arabia and Kuwait cut exports.",
        ),
        (
            "h.txt",
            "01 January,2005 10:00 AM GMT",
            "London",
            "Reuters",
            "Oil prices fell in London, traders at BP said.",
        ),
        (
            "i.txt",
            "27 December,2004 10:00 AM GMT",
            "Jakarta",
            "AFP",
            "Indonesia asked the United Nations for help after the tsunami, Jakarta said.",
        ),
        (
            "j.txt",
            "29 February,2008 10:00 AM GMT",
            "Tokyo",
            "Reuters",
            "Japan's Finance Minister Fukushiro Nukaga said oil prices hurt Tokyo exporters.",
        ),
        (
            "k.txt",
            "01 March,2008 10:00 AM GMT",
            "Tokyo",
            "Reuters",
            "The Bank of Japan kept rates steady in Tokyo, Governor Toshihiko Fukui said.",
        ),
    ];
    for (path, date, dateline, source, body) in articles {
        fx.write(path, format!("{date} | {dateline} | {source}\n{body}\n"));
    }
    fx.write(
        "undated/x.txt",
        "Oil traders in London said OPEC would meet again.\n",
    );
    fx.write(
        "undated/y.txt",
        "Condoleezza Rice visited Islamabad to talk to Pakistan.\n",
    );
    build(fx, &fx.dir.path().join("corpus"));
}

/// The ISO 8601 week of `d`: (label `YYYY-Www`, its Monday), computed from the week's Thursday.
fn iso_week(d: Date) -> (String, Date) {
    let from_monday = i64::from(d.weekday().to_monday_one_offset()) - 1;
    let monday = d.checked_sub(from_monday.days()).unwrap();
    let thursday = monday.checked_add(3.days()).unwrap();
    let week = (thursday.day_of_year() - 1) / 7 + 1;
    (format!("{:04}-W{week:02}", thursday.year()), monday)
}

/// The (label, first day) of the period of `by` holding `d`.
fn period(by: &str, d: Date) -> (String, Date) {
    match by {
        "day" => (d.to_string(), d),
        "week" => iso_week(d),
        "month" => (
            format!("{:04}-{:02}", d.year(), d.month()),
            d.first_of_month(),
        ),
        "year" => (format!("{:04}", d.year()), d.first_of_year()),
        _ => unreachable!(),
    }
}

/// The timeline a list of articles should give: every period from the first to the last article's
/// (found by walking day by day), with their counts; `auto` as the finest with at most 60.
fn expected_timeline(articles: &[Value], by: &str) -> Vec<(String, String, u64)> {
    let days: Vec<Date> = articles
        .iter()
        .filter_map(|a| a["day"].as_str())
        .map(|s| s.parse().unwrap())
        .collect();
    let (Some(&first), Some(&last)) = (days.iter().min(), days.iter().max()) else {
        return Vec::new();
    };
    let walk = |by: &str| {
        let mut periods: Vec<(String, Date)> = Vec::new();
        let mut d = first;
        while d <= last {
            let p = period(by, d);
            if periods.last() != Some(&p) {
                periods.push(p);
            }
            d = d.tomorrow().unwrap();
        }
        periods
    };
    let by = if by == "auto" {
        ["day", "week", "month"]
            .into_iter()
            .find(|b| walk(b).len() <= 60)
            .unwrap_or("year")
    } else {
        by
    };
    let mut counts: HashMap<String, u64> = HashMap::new();
    for d in &days {
        *counts.entry(period(by, *d).0).or_default() += 1;
    }
    walk(by)
        .into_iter()
        .map(|(label, start)| {
            let n = counts.get(&label).copied().unwrap_or(0);
            (label, start.to_string(), n)
        })
        .collect()
}

fn buckets(lines: &[Value]) -> Vec<(String, String, u64)> {
    lines
        .iter()
        .map(|b| {
            let keys: Vec<&str> = b.as_object().unwrap().keys().map(|k| k.as_str()).collect();
            assert_eq!(keys, ["period", "start", "count"]);
            (
                b["period"].as_str().unwrap().to_string(),
                b["start"].as_str().unwrap().to_string(),
                b["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// Checks `timeline` against the matching articles for every period length.
fn check_timeline(fx: &Workdir, query: Option<&str>, filters: &[&str]) {
    let articles = matching(fx, query, filters);
    assert!(
        articles.len() > 1,
        "{query:?} {filters:?} matches too little to test"
    );
    for by in PERIODS {
        let mut args = vec!["timeline"];
        args.extend(query);
        args.extend_from_slice(filters);
        args.extend_from_slice(&["--by", by, "--json"]);
        let got = buckets(&fx.json_lines(&args));
        let want = expected_timeline(&articles, by);
        assert_eq!(got, want, "timeline {query:?} {filters:?} --by {by}");
    }
}

/// Counts (field, value) over the matching articles' entity lists.
fn entity_counts(articles: &[Value]) -> BTreeMap<(String, String), u64> {
    let mut counts = BTreeMap::new();
    for a in articles {
        for (field, key) in [
            ("person", "people"),
            ("place", "places"),
            ("org", "organisations"),
        ] {
            for v in a[key].as_array().unwrap() {
                *counts
                    .entry((field.to_string(), v.as_str().unwrap().to_string()))
                    .or_default() += 1;
            }
        }
    }
    counts
}

/// Checks `related` against the matching articles: every name with its count, the set's own
/// names left out, most specific first.
fn check_related(fx: &Workdir, query: Option<&str>, filters: &[&str]) {
    let articles = matching(fx, query, filters);
    let mut want = entity_counts(&articles);
    assert!(
        want.len() > 1,
        "{query:?} {filters:?} names too little to test"
    );
    for (flag, field) in [
        ("--person", "person"),
        ("--place", "place"),
        ("--org", "org"),
    ] {
        if let Some(i) = filters.iter().position(|f| *f == flag) {
            want.retain(|(f, v), _| !(f == field && v.eq_ignore_ascii_case(filters[i + 1])));
        }
    }
    let mut args = vec!["related"];
    args.extend(query);
    args.extend_from_slice(filters);
    args.extend_from_slice(&["--limit", "10000", "--json"]);
    let lines = fx.json_lines(&args);
    let mut got = BTreeMap::new();
    let mut last_score = f64::INFINITY;
    for r in &lines {
        let keys: Vec<&str> = r.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        assert_eq!(keys, ["field", "value", "count", "score"]);
        let score = r["score"].as_f64().unwrap();
        assert!(score <= last_score, "not most specific first: {lines:?}");
        last_score = score;
        got.insert(
            (
                r["field"].as_str().unwrap().to_string(),
                r["value"].as_str().unwrap().to_string(),
            ),
            r["count"].as_u64().unwrap(),
        );
    }
    assert_eq!(got, want, "related {query:?} {filters:?}");
}

#[test]
fn timeline_counts_equal_the_listed_articles_for_every_period() {
    let fx = Workdir::new();
    small_corpus(&fx);
    check_timeline(&fx, None, &[]);
    check_timeline(&fx, None, &["--source", "reuters"]);
    check_timeline(&fx, None, &["--from", "2008-12", "--to", "2009-01"]);
    check_timeline(&fx, None, &["--place", "Pakistan"]);
    check_timeline(&fx, Some("oil"), &[]);
    check_timeline(&fx, Some("oil"), &["--dateline", "vienna"]);
    // The evening article is on its own day (31 December 2009), in 2009-W53 with 3 January 2010.
    let weeks =
        buckets(&fx.json_lines(&["timeline", "--from", "2009-12", "--by", "week", "--json"]));
    assert_eq!(
        weeks,
        [
            ("2009-W53".into(), "2009-12-28".into(), 2),
            ("2010-W01".into(), "2010-01-04".into(), 1)
        ]
    );
}

#[test]
fn timeline_formats_undated_articles_and_exit_codes() {
    let fx = Workdir::new();
    small_corpus(&fx);
    // Undated articles: in no bucket; counted after the chart, or on stderr for JSON and CSV.
    let chart = fx.run(&["timeline", "oil", "--by", "year"]).success();
    let text = String::from_utf8(chart.get_output().stdout.clone()).unwrap();
    assert!(text.starts_with("2005  1  "), "{text}");
    assert!(
        text.ends_with("6 articles by year, 2005 to 2010; 1 undated, in no period\n"),
        "{text}"
    );
    let json = fx
        .run(&["timeline", "oil", "--by", "year", "--json"])
        .success();
    let err = String::from_utf8(json.get_output().stderr.clone()).unwrap();
    assert!(err.contains("1 matching articles have no date"), "{err}");
    let lines = fx.json_lines(&["timeline", "oil", "--by", "year", "--json"]);
    let total: u64 = lines.iter().map(|b| b["count"].as_u64().unwrap()).sum();
    assert_eq!(total, 6);
    // CSV: the same rows under a header.
    let csv = fx.stdout(&["timeline", "oil", "--by", "year", "--csv"]);
    let mut want = String::from("period,start,count\n");
    for b in &lines {
        want.push_str(&format!("{},{},{}\n", b["period"], b["start"], b["count"]).replace('"', ""));
    }
    assert_eq!(csv, want);
    // Nothing matches: exit 1, the CSV header alone.
    fx.run(&["timeline", "zirconium"]).code(1);
    assert_eq!(
        fx.stdout(&["timeline", "zirconium", "--csv"]),
        "period,start,count\n"
    );
    // Bad arguments: exit 2 with the argument named.
    for (args, says) in [
        (&["timeline", "--by", "fortnight"][..], "--by"),
        (&["timeline", "--from", "2009-13"][..], "--from"),
        (&["timeline", "\"oil"][..], "quote"),
        (&["timeline", " "][..], "leave the query out"),
        (&["timeline", "--json", "--csv"][..], "--csv"),
    ] {
        let a = fx.run(args).code(2);
        let err = String::from_utf8(a.get_output().stderr.clone()).unwrap();
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

#[test]
fn related_counts_equal_counts_over_the_matching_articles() {
    let fx = Workdir::new();
    small_corpus(&fx);
    check_related(&fx, None, &["--person", "Sean McCormack"]);
    check_related(&fx, None, &["--place", "pakistan"]);
    check_related(&fx, None, &["--org", "OPEC", "--source", "Reuters"]);
    check_related(&fx, Some("oil"), &[]);
    check_related(&fx, Some("oil"), &["--from", "2009", "--place", "Vienna"]);
    // The limit keeps the most specific; CSV carries the same rows.
    let top = fx.json_lines(&["related", "oil", "--limit", "3", "--json"]);
    let all = fx.json_lines(&["related", "oil", "--limit", "10000", "--json"]);
    assert_eq!(top[..], all[..3]);
    let csv = fx.stdout(&["related", "oil", "--limit", "3", "--csv"]);
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows[0], "field,value,count,score");
    assert_eq!(rows.len(), 4);
    assert!(rows[1].starts_with(&format!("{},", top[0]["field"].as_str().unwrap())));
}

#[test]
fn related_needs_a_set_and_exits_like_search() {
    let fx = Workdir::new();
    small_corpus(&fx);
    fx.run(&["related", "--org", "No Such Organisation"])
        .code(1);
    for (args, says) in [
        (&["related"][..], "required"),
        (&["related", "--source", "Reuters"][..], "required"),
        (&["related", "oil", "--limit", "0"][..], "--limit"),
        (&["related", "--person", " "][..], "--person"),
        (&["related", ""][..], "--person, --place or --org instead"),
    ] {
        let a = fx.run(args).code(2);
        let err = String::from_utf8(a.get_output().stderr.clone()).unwrap();
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

#[test]
fn shipped_corpus_answers_the_issue() {
    let fx = Workdir::new();
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    build(&fx, &shipped);
    let chart = fx.stdout(&["timeline", "Jamaat-ud-Dawa", "--by", "month"]);
    assert!(chart.starts_with("2009-01  1  █"), "{chart}");
    let names = |args: &[&str]| -> Vec<String> {
        fx.json_lines(args)
            .iter()
            .map(|r| r["value"].as_str().unwrap().to_string())
            .collect()
    };
    let with_jud = names(&["related", "--org", "Jamaat-ud-Dawa", "--json"]);
    assert!(
        with_jud.contains(&"Lashkar-e-Taiba".to_string()),
        "{with_jud:?}"
    );
    assert!(!with_jud.contains(&"Jamaat-ud-Dawa".to_string()));
    let with_rice = names(&["related", "--person", "Condoleezza Rice", "--json"]);
    assert!(
        with_rice.contains(&"Sean McCormack".to_string()),
        "{with_rice:?}"
    );
    check_timeline(&fx, None, &[]);
    check_timeline(&fx, Some("said"), &[]);
    check_related(&fx, None, &["--place", "United States"]);
}

#[test]
fn dev_corpus_timeline_and_related_match_the_listed_articles() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/corpus-dev");
    if !corpus.is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have {}",
            corpus.display()
        );
        println!("SKIPPED: {} not found", corpus.display());
        return;
    }
    let fx = Workdir::new();
    build(&fx, &corpus);
    check_timeline(&fx, None, &[]);
    check_timeline(&fx, None, &["--source", "IANS"]);
    check_timeline(&fx, Some("oil"), &["--from", "1987-03", "--to", "1987-04"]);
    check_related(&fx, None, &["--place", "Japan"]);
    check_related(&fx, None, &["--person", "James Baker"]);
    check_related(&fx, Some("coffee"), &[]);
}
