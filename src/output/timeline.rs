//! Printing a timeline: a horizontal bar chart with counts for people, one JSON object per period
//! for programs, or CSV with a header row.

use std::io::Write;

use super::{Style, group, json_line};
use crate::index::timeline::Timeline;

/// Width of the longest bar, in character cells.
const BAR_CELLS: usize = 50;
/// Block characters for eighths of a cell, from one eighth to a whole cell.
const EIGHTHS: [char; 8] = ['▏', '▎', '▍', '▌', '▋', '▊', '▉', '█'];

/// How a timeline is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The bar chart (colour as the style says).
    Chart(Style),
    /// One JSON object per period.
    Json,
    /// CSV: `period,start,count`.
    Csv,
}

/// Writes a timeline's periods; the chart ends with a line on the articles counted and undated.
pub fn write(out: &mut dyn Write, format: Format, tl: &Timeline) -> std::io::Result<()> {
    match format {
        Format::Json => {
            for b in &tl.buckets {
                json_line(out, b)?;
            }
            Ok(())
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            // The header comes from the first record; no periods still get one.
            if tl.buckets.is_empty() {
                w.write_record(["period", "start", "count"])
                    .map_err(super::csv_error)?;
            }
            for b in &tl.buckets {
                w.serialize(b).map_err(super::csv_error)?;
            }
            w.flush()
        }
        Format::Chart(style) => chart(out, style, tl),
    }
}

fn chart(out: &mut dyn Write, style: Style, tl: &Timeline) -> std::io::Result<()> {
    let max = tl.buckets.iter().map(|b| b.count).max().unwrap_or(0);
    let label_w = tl.buckets.iter().map(|b| b.period.len()).max().unwrap_or(0);
    let count_w = group(max).len();
    for b in &tl.buckets {
        let period = style.paint("33", &format!("{:<label_w$}", b.period));
        let n = group(b.count);
        match bar(b.count, max) {
            bar if bar.is_empty() => writeln!(out, "{period}  {n:>count_w$}")?,
            bar => writeln!(out, "{period}  {n:>count_w$}  {}", style.paint("36", &bar))?,
        }
    }
    let dated = tl.total - tl.undated;
    let mut summary = format!(
        "{} {} by {}",
        group(dated),
        if dated == 1 { "article" } else { "articles" },
        tl.by.as_str()
    );
    if let (Some(a), Some(b)) = (tl.buckets.first(), tl.buckets.last()) {
        summary.push_str(&format!(", {} to {}", a.period, b.period));
    }
    if tl.undated > 0 {
        summary.push_str(&format!("; {} undated, in no period", group(tl.undated)));
    }
    if !tl.buckets.is_empty() {
        writeln!(out)?;
    }
    writeln!(out, "{}", style.paint("2", &summary))
}

/// A bar of `count` against `max` over [`BAR_CELLS`] cells, in eighths; any non-zero count shows.
fn bar(count: u64, max: u64) -> String {
    if count == 0 || max == 0 {
        return String::new();
    }
    let eighths = ((count as f64 / max as f64) * (BAR_CELLS * 8) as f64).round() as usize;
    let eighths = eighths.max(1);
    let mut s = EIGHTHS[7].to_string().repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        s.push(EIGHTHS[eighths % 8 - 1]);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::timeline::{Bucket, By};

    fn sample() -> Timeline {
        let b = |p: &str, s: &str, count| Bucket {
            period: p.into(),
            start: s.into(),
            count,
        };
        Timeline {
            by: By::Month,
            buckets: vec![
                b("2008-12", "2008-12-01", 1),
                b("2009-01", "2009-01-01", 1200),
                b("2009-02", "2009-02-01", 0),
                b("2009-03", "2009-03-01", 600),
            ],
            total: 1803,
            undated: 2,
        }
    }

    fn render(format: Format) -> String {
        let mut v = Vec::new();
        write(&mut v, format, &sample()).unwrap();
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn bars_scale_to_the_largest_in_eighths() {
        let cases = [
            (0, 10, ""),
            (10, 10, "██████████████████████████████████████████████████"),
            (5, 10, "█████████████████████████"),
            (1, 1000, "▏"),
            (1, 80, "▋"),
        ];
        for (count, max, want) in cases {
            assert_eq!(bar(count, max), want, "{count}/{max}");
        }
    }

    #[test]
    fn chart_json_and_csv() {
        let plain = Style {
            json: false,
            color: false,
        };
        let chart = render(Format::Chart(plain));
        let lines: Vec<&str> = chart.lines().collect();
        assert_eq!(lines[0], "2008-12      1  ▏");
        assert!(lines[1].starts_with("2009-01  1,200  ████"));
        assert_eq!(lines[2], "2009-02      0");
        assert_eq!(
            lines[5],
            "1,801 articles by month, 2008-12 to 2009-03; 2 undated, in no period"
        );
        assert_eq!(
            render(Format::Json).lines().next().unwrap(),
            r#"{"period":"2008-12","start":"2008-12-01","count":1}"#
        );
        assert_eq!(
            render(Format::Csv),
            "period,start,count\n2008-12,2008-12-01,1\n2009-01,2009-01-01,1200\n\
             2009-02,2009-02-01,0\n2009-03,2009-03-01,600\n"
        );
    }
}
