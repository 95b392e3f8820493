//! Printing co-mentions: an aligned table for people, one JSON object per name for programs, or
//! CSV with a header row.

use std::io::Write;

use super::{Style, group, json_line};
use crate::index::related::Related;

/// How co-mentions are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A table: field, count, score, name.
    Table(Style),
    /// One JSON object per name.
    Json,
    /// CSV: `field,value,count,score`.
    Csv,
}

/// Writes the names, in the order given.
pub fn write(out: &mut dyn Write, format: Format, list: &[Related]) -> std::io::Result<()> {
    match format {
        Format::Json => {
            for r in list {
                json_line(out, r)?;
            }
            Ok(())
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            // The header comes from the first record; an empty list still gets one.
            if list.is_empty() {
                w.write_record(["field", "value", "count", "score"])
                    .map_err(super::csv_error)?;
            }
            for r in list {
                w.serialize(r).map_err(super::csv_error)?;
            }
            w.flush()
        }
        Format::Table(style) => {
            if list.is_empty() {
                return Ok(());
            }
            let count_w = list.iter().map(|r| group(r.count).len()).max().unwrap_or(0);
            let scores: Vec<String> = list.iter().map(|r| format!("{:.1}", r.score)).collect();
            let score_w = scores.iter().map(String::len).max().unwrap_or(0).max(5);
            writeln!(
                out,
                "{}",
                style.paint(
                    "2",
                    &format!(
                        "{:<6}  {:>count_w$}  {:>score_w$}  name",
                        "field", "n", "score"
                    )
                )
            )?;
            for (r, score) in list.iter().zip(&scores) {
                writeln!(
                    out,
                    "{}  {:>count_w$}  {score:>score_w$}  {}",
                    style.paint("33", &format!("{:<6}", r.field)),
                    group(r.count),
                    style.paint("1", &r.value),
                )?;
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<Related> {
        vec![
            Related {
                field: "org",
                value: "Lashkar-e-Taiba".into(),
                count: 4,
                score: 31.25,
            },
            Related {
                field: "person",
                value: "Smith, \"Jr\"".into(),
                count: 1200,
                score: -2.0,
            },
        ]
    }

    fn render(format: Format, list: &[Related]) -> String {
        let mut v = Vec::new();
        write(&mut v, format, list).unwrap();
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn table_json_and_csv() {
        let plain = Style {
            json: false,
            color: false,
        };
        assert_eq!(
            render(Format::Table(plain), &sample()),
            "field       n  score  name\norg         4   31.2  Lashkar-e-Taiba\nperson  1,200   -2.0  Smith, \"Jr\"\n"
        );
        assert_eq!(
            render(Format::Json, &sample()).lines().next().unwrap(),
            r#"{"field":"org","value":"Lashkar-e-Taiba","count":4,"score":31.25}"#
        );
        assert_eq!(
            render(Format::Csv, &sample()),
            "field,value,count,score\norg,Lashkar-e-Taiba,4,31.25\nperson,\"Smith, \"\"Jr\"\"\",1200,-2.0\n"
        );
        assert_eq!(render(Format::Csv, &[]), "field,value,count,score\n");
    }
}
