//! CSV output (`export --format csv`, `search --csv`, `list --csv`): RFC 4180 through the `csv`
//! crate, a header row, one row per article with the columns of the JSON object in its order,
//! entity lists joined with `; `, an empty cell for `null`.

use std::io::Write;

use crate::index::mapping::ARTICLE_FIELDS;
use crate::index::record::ArticleRecord;
use crate::index::search::Hit;

/// The columns of an article row: the keys of the JSON article object, in order, as
/// [`ARTICLE_FIELDS`] lists them beside the schema.
pub const ARTICLE_COLUMNS: [&str; ARTICLE_FIELDS.len()] = {
    let mut out = [""; ARTICLE_FIELDS.len()];
    let mut i = 0;
    while i < out.len() {
        out[i] = ARTICLE_FIELDS[i].0;
        i += 1;
    }
    out
};

/// What the rows hold besides the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Columns {
    /// The `body` column (export); left out where the JSON leaves it out (search, list).
    pub body: bool,
    /// `score` and `snippet` after the article (search).
    pub hit: bool,
    /// A last `deleted` column (`export --changed-since`): `true` on the row of a removed
    /// article, which has only its id; empty on article rows.
    pub deleted: bool,
}

/// Writes CSV rows to a stream; the header goes out first.
pub struct CsvWriter<'a> {
    w: csv::Writer<&'a mut dyn Write>,
    cols: Columns,
    width: usize,
}

/// The separator of values in one cell (entity lists).
pub const LIST_SEPARATOR: &str = "; ";

impl<'a> CsvWriter<'a> {
    /// Starts the output with the header row.
    pub fn new(out: &'a mut dyn Write, cols: Columns) -> csv::Result<CsvWriter<'a>> {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        let header = header(cols);
        w.write_record(&header)?;
        Ok(CsvWriter {
            w,
            cols,
            width: header.len(),
        })
    }

    /// Writes an article's row.
    pub fn article(&mut self, a: &ArticleRecord) -> csv::Result<()> {
        self.row(a, None)
    }

    /// Writes a search hit's row.
    pub fn hit(&mut self, h: &Hit) -> csv::Result<()> {
        let snippet = h.snippet.as_ref().map(|s| s.to_html());
        self.row(&h.article, Some((h.score, snippet)))
    }

    /// Writes the row of a removed article: its id, and `true` under `deleted`.
    pub fn removed(&mut self, id: &str) -> csv::Result<()> {
        let mut row = vec![""; self.width];
        row[0] = id;
        if let Some(last) = row.last_mut() {
            *last = "true";
        }
        self.w.write_record(&row)
    }

    /// Flushes what is buffered.
    pub fn flush(&mut self) -> std::io::Result<()> {
        self.w.flush()
    }

    fn row(
        &mut self,
        a: &ArticleRecord,
        hit: Option<(Option<f32>, Option<String>)>,
    ) -> csv::Result<()> {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let mut row: Vec<String> = vec![
            a.id.clone(),
            a.path.clone(),
            opt(&a.url),
            opt(&a.title),
            opt(&a.date),
            opt(&a.utc_offset),
            opt(&a.day),
            opt(&a.dateline),
            opt(&a.source),
        ];
        if self.cols.body {
            row.push(opt(&a.body));
        }
        row.push(a.people.join(LIST_SEPARATOR));
        row.push(a.places.join(LIST_SEPARATOR));
        row.push(a.organisations.join(LIST_SEPARATOR));
        row.push(a.cluster.clone());
        if self.cols.hit {
            let (score, snippet) = hit.unwrap_or_default();
            row.push(score.map(|s| s.to_string()).unwrap_or_default());
            row.push(snippet.unwrap_or_default());
        }
        if self.cols.deleted {
            row.push(String::new());
        }
        self.w.write_record(&row)
    }
}

/// The header row for a set of columns.
pub fn header(cols: Columns) -> Vec<&'static str> {
    let mut h: Vec<&str> = ARTICLE_COLUMNS
        .iter()
        .copied()
        .filter(|c| cols.body || *c != "body")
        .collect();
    if cols.hit {
        h.extend(["score", "snippet"]);
    }
    if cols.deleted {
        h.push("deleted");
    }
    h
}

/// Turns a `csv` error into the I/O error behind it when there is one (a closed pipe stays a
/// closed pipe), else into a plain error.
pub fn io_error(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> ArticleRecord {
        ArticleRecord {
            id: "0123456789abcdef".into(),
            path: "a,b/\"c\".txt".into(),
            url: None,
            title: Some("He said \"no\", twice".into()),
            date: Some("2009-01-07T04:17:00Z".into()),
            utc_offset: Some("+05:30".into()),
            day: Some("2009-01-07".into()),
            dateline: None,
            source: Some("IANS".into()),
            body: Some("Line one,\r\nline \"two\".\nThree".into()),
            people: vec!["A, B".into(), "C".into()],
            places: vec![],
            organisations: vec!["O".into()],
            cluster: "0123456789abcdef".into(),
        }
    }

    fn read(bytes: &[u8]) -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(bytes)
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect()
    }

    #[test]
    fn rows_round_trip_through_a_csv_reader() {
        for cols in [
            Columns {
                body: true,
                ..Columns::default()
            },
            Columns::default(),
            Columns {
                body: true,
                deleted: true,
                ..Columns::default()
            },
        ] {
            let mut out = Vec::new();
            let mut w = CsvWriter::new(&mut out, cols).unwrap();
            w.article(&record()).unwrap();
            if cols.deleted {
                w.removed("fedcba9876543210").unwrap();
            }
            w.flush().unwrap();
            drop(w);
            let rows = read(&out);
            assert_eq!(rows[0], header(cols));
            let row = &rows[1];
            let cell = |k: &str| row[rows[0].iter().position(|c| c == k).unwrap()].as_str();
            assert_eq!(cell("path"), "a,b/\"c\".txt");
            assert_eq!(cell("title"), "He said \"no\", twice");
            assert_eq!(cell("url"), "");
            assert_eq!(cell("people"), "A, B; C");
            assert_eq!(cell("places"), "");
            if cols.body {
                assert_eq!(cell("body"), "Line one,\r\nline \"two\".\nThree");
            }
            if cols.deleted {
                assert_eq!(cell("deleted"), "");
                assert_eq!(rows[2][0], "fedcba9876543210");
                assert_eq!(rows[2].last().unwrap(), "true");
                assert!(rows[2][1..rows[2].len() - 1].iter().all(String::is_empty));
            }
            assert!(rows.iter().all(|r| r.len() == rows[0].len()));
        }
    }
}
