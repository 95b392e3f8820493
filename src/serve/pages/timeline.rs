//! The search page's timeline: matching articles per period as a bar chart drawn on the server
//! (inline SVG, no script), each bar a link that narrows the date range to its period.

use jiff::ToSpan;
use maud::{Markup, html};

use super::layout::{Here, articles};
use crate::index::timeline::{By, Timeline};

/// The chart's drawing box (the SVG scales to the page's width).
const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 96.0;
/// Room under the bars for the first and last period's labels.
const AXIS: f64 = 16.0;

/// The `from` and `to` values that select one bucket's period.
pub fn period_range(by: By, period: &str, start: &str) -> (String, String) {
    match by {
        By::Week => {
            let end = start
                .parse::<jiff::civil::Date>()
                .ok()
                .and_then(|d| d.checked_add(6.days()).ok())
                .map_or_else(|| start.to_string(), |d| d.to_string());
            (start.to_string(), end)
        }
        // `YYYY`, `YYYY-MM` and `YYYY-MM-DD` are periods the date parameters take as they are.
        _ => (period.to_string(), period.to_string()),
    }
}

fn unit(by: By) -> &'static str {
    match by {
        By::Day => "day",
        By::Week => "week",
        By::Month => "month",
        _ => "year",
    }
}

/// The chart, or nothing when no matching article has a date.
pub fn chart(here: &Here, t: &Timeline) -> Markup {
    let max = t.buckets.iter().map(|b| b.count).max().unwrap_or(0);
    if t.buckets.is_empty() || max == 0 {
        return html! {};
    }
    let n = t.buckets.len() as f64;
    let slot = WIDTH / n;
    let gap = if slot > 4.0 { slot * 0.15 } else { 0.0 };
    let plot = HEIGHT - AXIS;
    let (first, last) = (&t.buckets[0], &t.buckets[t.buckets.len() - 1]);
    let caption = format!(
        "Matching articles per {}, {} to {}{}",
        unit(t.by),
        first.period,
        last.period,
        if t.undated > 0 {
            format!(" ({} without a date)", articles(t.undated as usize))
        } else {
            String::new()
        }
    );
    html! {
        figure.timeline {
            svg viewBox=(format!("0 0 {WIDTH} {HEIGHT}")) role="group"
                aria-label=(caption) {
                @for (i, b) in t.buckets.iter().enumerate() {
                    @if b.count > 0 {
                        @let h = (b.count as f64 / max as f64 * plot).max(1.5);
                        @let (from, to) = period_range(t.by, &b.period, &b.start);
                        @let label = format!("{}: {}", b.period, articles(b.count as usize));
                        a href=(here.with("from", &from).with("to", &to).href(0)) aria-label=(label) {
                            title { (label) }
                            rect.bar x=(fmt(i as f64 * slot + gap / 2.0)) y=(fmt(plot - h))
                                width=(fmt(slot - gap)) height=(fmt(h)) {}
                        }
                    }
                }
                text.axis x="0" y=(fmt(HEIGHT - 3.0)) { (first.period) }
                @if t.buckets.len() > 1 {
                    text.axis x=(fmt(WIDTH)) y=(fmt(HEIGHT - 3.0)) text-anchor="end" { (last.period) }
                }
            }
            figcaption { (caption) "; select a bar to narrow the dates to it." }
        }
    }
}

/// A coordinate with two decimals at most.
fn fmt(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::timeline::Bucket;

    #[test]
    fn bars_link_to_their_periods() {
        let cases = [
            (By::Year, "2009", "2009-01-01", ("2009", "2009")),
            (By::Month, "2009-01", "2009-01-01", ("2009-01", "2009-01")),
            (
                By::Day,
                "2009-01-07",
                "2009-01-07",
                ("2009-01-07", "2009-01-07"),
            ),
            (
                By::Week,
                "2009-W02",
                "2009-01-05",
                ("2009-01-05", "2009-01-11"),
            ),
        ];
        for (by, period, start, (from, to)) in cases {
            assert_eq!(
                period_range(by, period, start),
                (from.to_string(), to.to_string()),
                "{period}"
            );
        }
        let t = Timeline {
            by: By::Month,
            buckets: vec![
                Bucket {
                    period: "2009-01".into(),
                    start: "2009-01-01".into(),
                    count: 4,
                },
                Bucket {
                    period: "2009-02".into(),
                    start: "2009-02-01".into(),
                    count: 0,
                },
                Bucket {
                    period: "2009-03".into(),
                    start: "2009-03-01".into(),
                    count: 1,
                },
            ],
            total: 6,
            undated: 1,
        };
        let here = Here::default().with("q", "oil");
        let svg = chart(&here, &t).into_string();
        assert_eq!(svg.matches("<rect").count(), 2, "{svg}");
        assert!(svg.contains("href=\"/?q=oil&amp;from=2009-03&amp;to=2009-03\""));
        assert!(svg.contains("aria-label=\"2009-01: 4 articles\""));
        assert!(svg.contains("(1 article without a date)"));
        assert_eq!(fmt(12.5), "12.5");
        assert_eq!(fmt(80.0), "80");
        let empty = Timeline {
            buckets: vec![],
            ..t
        };
        assert_eq!(chart(&here, &empty).into_string(), "");
    }
}
