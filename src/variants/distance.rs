//! A transliteration-aware edit distance between two keys (see [`super::key`]), for the
//! variants the key leaves apart: a different vowel (`Toiba`, `Taiba`), an `h` or a vowel
//! more or less (`Rehman`, `Reman`; `Osama`, `Osma`), the consonants transliterations swap
//! (`Qaeda`, `Kaeda`; `Aziz`, `Asis`), words run together (`Jamaatud Dawa`). Those edits cost
//! half or a quarter of an ordinary one; other edits (insertions, deletions, substitutions,
//! transpositions of adjacent letters) cost one.
//!
//! Distances are counted in quarters of an edit ([`UNIT`]), so they stay whole numbers.

/// One ordinary edit, in quarters.
pub const UNIT: u32 = 4;

/// Whether a key byte is a vowel or `y`, which transliterations write for one another.
fn vowelish(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// Consonants transliterations write for one another.
fn similar(a: u8, b: u8) -> bool {
    let (x, y) = if a < b { (a, b) } else { (b, a) };
    matches!((x, y), (b'c', b'k') | (b'k', b'q') | (b's', b'z'))
}

/// The cost of writing `b` for `a`.
fn substitution(a: u8, b: u8) -> u32 {
    if a == b {
        0
    } else if (vowelish(a) && vowelish(b)) || similar(a, b) {
        UNIT / 2
    } else {
        UNIT
    }
}

/// The cost of inserting or deleting `b`.
fn indel(b: u8) -> u32 {
    match b {
        b' ' => UNIT / 4,
        b'h' => UNIT / 2,
        b if vowelish(b) => UNIT / 2,
        _ => UNIT,
    }
}

/// The distance between two keys, in quarters of an edit, or `None` when it is over `limit`
/// (the computation stops as soon as it must be).
pub fn distance(a: &str, b: &str, limit: u32) -> Option<u32> {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let n = b.len();
    // Rows of the table for a[..i-1], a[..i] and a[..i+1] against every prefix of b.
    let mut before: Vec<u32> = vec![0; n + 1];
    let mut prev: Vec<u32> = Vec::with_capacity(n + 1);
    prev.push(0);
    for j in 0..n {
        prev.push(prev[j] + indel(b[j]));
    }
    let mut cur: Vec<u32> = vec![0; n + 1];
    for i in 0..a.len() {
        cur[0] = prev[0] + indel(a[i]);
        let mut best = cur[0];
        for j in 0..n {
            let mut d = (prev[j] + substitution(a[i], b[j]))
                .min(prev[j + 1] + indel(a[i]))
                .min(cur[j] + indel(b[j]));
            if i > 0 && j > 0 && a[i] == b[j - 1] && a[i - 1] == b[j] && a[i] != b[j] {
                d = d.min(before[j - 1] + UNIT);
            }
            cur[j + 1] = d;
            best = best.min(d);
        }
        if best > limit {
            return None;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[n];
    (d <= limit).then_some(d)
}

/// How far, in quarters, a variant may be from a key of this many letters (spaces not
/// counted): nothing for the shortest (they are too easily another word), one vowel for
/// four or five letters, one edit up to eight, then one and a half, then two.
pub fn allowed(letters: usize) -> u32 {
    match letters {
        0..=3 => 0,
        4..=5 => UNIT / 2,
        6..=8 => UNIT,
        9..=12 => UNIT * 3 / 2,
        _ => UNIT * 2,
    }
}

/// The letters of a key (its bytes less its spaces).
pub fn letters(key: &str) -> usize {
    key.bytes().filter(|&b| b != b' ').count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::variants::key;

    fn d(a: &str, b: &str) -> Option<u32> {
        distance(&key(a), &key(b), 100)
    }

    /// Each cheap edit, and the ordinary ones.
    #[test]
    fn edits_cost_what_they_should() {
        let cases = [
            ("Jamaat-ud-Dawa", "Jamat ud Dawah", 0),
            // Vowel for vowel: half.
            ("Lashkar-e-Toiba", "Lashkar-e-Taiba", 2),
            ("Hafiz", "Hafez", 2),
            // Vowel or h in or out: half.
            ("Rehman", "Reman", 2),
            ("Osama", "Osma", 2),
            // Consonants transliterations swap: half.
            ("Qaeda", "Kaeda", 2),
            ("Aziz", "Asis", 4),
            // Words run together: a quarter.
            ("Al Qaeda", "Alqaeda", 1),
            // Ordinary edits: one each.
            ("Bush", "Rush", 4),
            ("Jamat", "Jamats", 4),
            ("Hafiz", "Hafzi", 4),
            ("bcd", "", 12),
        ];
        for (a, b, want) in cases {
            assert_eq!(d(a, b), Some(want), "{a} / {b}");
            assert_eq!(d(b, a), Some(want), "{b} / {a} (symmetric)");
        }
    }

    #[test]
    fn limit_stops_early() {
        assert_eq!(distance("abcdef", "uvwxyz", 3), None);
        assert_eq!(distance("taiba", "toiba", 2), Some(2));
        assert_eq!(distance("taiba", "toiba", 1), None);
    }

    #[test]
    fn allowance_grows_with_length() {
        let cases = [(3, 0), (4, 2), (5, 2), (8, 4), (12, 6), (13, 8)];
        for (n, want) in cases {
            assert_eq!(allowed(n), want, "{n}");
        }
        assert_eq!(letters("lashkar taiba"), 12);
    }
}
