//! The second look at each block: its first-stage probability seen in context. Article text
//! comes in runs inside one container, so a block whose neighbours and siblings are article
//! text probably is too, and a lone likely-looking block among boilerplate probably is not.
//!
//! The features of a block: its own first-stage probability, its neighbours' (two before, two
//! after), the mean probability of the other blocks under the same parent element, whether it
//! lies in the main container, and its place there. A second logistic regression, trained on
//! first-stage probabilities of pages the first stage did not see (so they are as unsure as
//! they will be on new pages), weighs them.

use std::ops::Range;

use super::features::{key, key_parts};

/// The bin of a probability, on a logit-like scale (finer near 0 and 1).
fn prob_bin(p: f32, fine: bool) -> &'static str {
    const FINE: &[(f32, &str)] = &[
        (0.02, "a"),
        (0.05, "b"),
        (0.1, "c"),
        (0.2, "d"),
        (0.3, "e"),
        (0.4, "f"),
        (0.5, "g"),
        (0.6, "h"),
        (0.7, "i"),
        (0.8, "j"),
        (0.9, "k"),
        (0.95, "l"),
        (0.98, "m"),
    ];
    const COARSE: &[(f32, &str)] = &[(0.1, "a"), (0.3, "b"), (0.5, "c"), (0.7, "d"), (0.9, "e")];
    let table = if fine { FINE } else { COARSE };
    table
        .iter()
        .find(|(t, _)| p < *t)
        .map_or(if fine { "n" } else { "f" }, |(_, b)| b)
}

/// The context features of block `i`; `groups[i]` identifies the element holding the block's
/// holder (blocks with the same value are siblings).
pub fn features(
    probs: &[f32],
    groups: &[u32],
    chars: &[u32],
    main: Option<&Range<u32>>,
    i: usize,
    out: &mut Vec<u32>,
) {
    out.clear();
    // A macro rather than a closure, so that features of joined pieces can be pushed too.
    macro_rules! f {
        ($t:expr, $v:expr $(,)?) => {
            out.push(key($t, $v))
        };
    }
    let p = probs[i];
    let own = prob_bin(p, true);
    f!("c.bias", "");
    f!("c.p", own);
    let inside = main.is_some_and(|m| m.contains(&(i as u32)));
    let place = match main {
        None => "none",
        Some(_) if inside => "in",
        Some(m) if (i as u32) < m.start => "before",
        Some(_) => "after",
    };
    f!("c.main", place);
    out.push(key_parts(&["c.main*p"], &[place, "*", own]));
    if let Some(m) = main.filter(|_| inside) {
        let first = i as u32 == m.start;
        let last = i as u32 + 1 == m.end;
        f!(
            "c.edge",
            if first {
                "first"
            } else if last {
                "last"
            } else {
                "mid"
            },
        );
    }
    for (name, d) in [("c.p-2", -2i64), ("c.p-1", -1), ("c.p+1", 1), ("c.p+2", 2)] {
        let j = i as i64 + d;
        let v = if j < 0 || j >= probs.len() as i64 {
            "none"
        } else {
            prob_bin(probs[j as usize], false)
        };
        f!(name, v);
    }
    let prev = i
        .checked_sub(1)
        .map_or("none", |j| prob_bin(probs[j], false));
    let next = probs.get(i + 1).map_or("none", |q| prob_bin(*q, false));
    out.push(key_parts(&["c.prev*next"], &[prev, "*", next]));
    // Siblings: the other blocks under the same parent element, weighed by length.
    let (mut sum, mut weight, mut n) = (0f64, 0f64, 0u32);
    let lo = i.saturating_sub(50);
    let hi = (i + 51).min(probs.len());
    for j in lo..hi {
        if j != i && groups[j] == groups[i] {
            let w = f64::from(chars[j].max(1)).sqrt();
            sum += f64::from(probs[j]) * w;
            weight += w;
            n += 1;
        }
    }
    if n == 0 {
        f!("c.sib", "none");
    } else {
        let mean = (sum / weight) as f32;
        let b = prob_bin(mean, false);
        f!("c.sib", b);
        out.push(key_parts(&["c.sib*p"], &[b, "*", own]));
        f!("c.sibn", if n < 3 { "few" } else { "many" });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_and_features() {
        assert_eq!(prob_bin(0.0, true), "a");
        assert_eq!(prob_bin(0.99, true), "n");
        assert_eq!(prob_bin(0.55, false), "d");
        let probs = [0.1, 0.9, 0.95, 0.2];
        let groups = [1, 2, 2, 3];
        let chars = [10, 200, 300, 20];
        let mut out = Vec::new();
        features(&probs, &groups, &chars, Some(&(1..3)), 1, &mut out);
        assert!(out.contains(&key("c.main", "in")));
        assert!(out.contains(&key("c.edge", "first")));
        assert!(out.contains(&key("c.sib", "f")));
        assert!(out.contains(&key("c.p-2", "none")));
        features(&probs, &groups, &chars, None, 3, &mut out);
        assert!(out.contains(&key("c.main", "none")));
        assert!(out.contains(&key("c.sib", "none")));
    }
}
