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

/// A temporary folder with a corpus at `corpus/` and an index at `index/`, and the newsdex binary
/// run in it: what most integration tests start from. Each area's `Fixture` wraps one and adds
/// its own helpers.
pub struct Workdir {
    pub dir: tempfile::TempDir,
}

impl Workdir {
    /// An empty corpus.
    pub fn new() -> Workdir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("corpus")).unwrap();
        Workdir { dir }
    }

    /// A corpus holding copies of these folders of the repository (e.g. `corpus`, the shipped
    /// sample), merged.
    pub fn with_copies(folders: &[&str]) -> Workdir {
        let w = Workdir::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for folder in folders {
            let from = root.join(folder);
            for entry in walkdir::WalkDir::new(&from) {
                let entry = entry.unwrap();
                let dest = w.corpus().join(entry.path().strip_prefix(&from).unwrap());
                if entry.file_type().is_dir() {
                    std::fs::create_dir_all(&dest).unwrap();
                } else {
                    std::fs::copy(entry.path(), &dest).unwrap();
                }
            }
        }
        w
    }

    pub fn corpus(&self) -> std::path::PathBuf {
        self.dir.path().join("corpus")
    }

    pub fn index_dir(&self) -> std::path::PathBuf {
        self.dir.path().join("index")
    }

    /// Writes a corpus file, creating its folders.
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let p = self.corpus().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    /// Runs newsdex in the folder, with `--index` set.
    pub fn run(&self, args: &[&str]) -> assert_cmd::assert::Assert {
        bin()
            .current_dir(self.dir.path())
            .arg("--index")
            .arg(self.index_dir())
            .args(args)
            .assert()
    }

    pub fn stdout(&self, args: &[&str]) -> String {
        String::from_utf8(self.run(args).get_output().stdout.clone()).unwrap()
    }

    /// Standard output read as one JSON value per line.
    pub fn json_lines(&self, args: &[&str]) -> Vec<serde_json::Value> {
        self.stdout(args)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

/// Runs `newsdex index --quiet EXTRA… CORPUS` into `index` and checks it succeeds.
pub fn index_quietly(corpus: &std::path::Path, index: &std::path::Path, extra: &[&str]) {
    bin()
        .arg("--index")
        .arg(index)
        .args(["index", "--quiet"])
        .args(extra)
        .arg(corpus)
        .assert()
        .success();
}

/// The output of `newsdex export` of `index`, one article object per line.
pub fn export_text(index: &std::path::Path) -> String {
    let out = bin()
        .arg("--index")
        .arg(index)
        .arg("export")
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}
