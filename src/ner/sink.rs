//! Where feature keys go: at run time a plain list of keys, in training the keys with the
//! group of their template ([`group_of`]), so that training can leave out whole groups of a
//! token's features at random (feature dropout) and the model learns not to lean on one kind
//! of evidence, such as the identity of a word it saw in training, where others would do.

use super::hash::feature;

/// Feature groups for dropout in training.
pub mod group {
    /// Everything not in another group (bias, shapes, positions, neighbours, tags).
    pub const OTHER: u8 = 0;
    /// The token's own word: its exact and lower-cased forms, alone and paired with a
    /// neighbour's.
    pub const WORD: u8 = 1;
    /// The token's prefixes and suffixes.
    pub const AFFIX: u8 = 2;
    /// Gazetteer membership (places, demonyms, first names) of the token and its neighbours.
    pub const GAZ: u8 = 3;
    /// The token's word clusters.
    pub const CLUSTER: u8 = 4;
    /// The document's other mentions of the word.
    pub const DOC: u8 = 5;
    /// Number of groups.
    pub const COUNT: usize = 6;
    /// The groups' names, by number.
    pub const NAMES: [&str; COUNT] = ["other", "word", "affix", "gaz", "cluster", "doc"];

    /// The group of a name in [`NAMES`].
    pub fn by_name(name: &str) -> Option<usize> {
        NAMES.iter().position(|n| *n == name)
    }
}

/// The dropout group of a feature template.
pub const fn group_of(template: u32) -> u8 {
    match template {
        2 | 3 | 23 | 24 | 27 => group::WORD,
        4..=11 => group::AFFIX,
        33..=37 => group::GAZ,
        40..=42 | 45 | 46 => group::CLUSTER,
        60..=66 => group::DOC,
        _ => group::OTHER,
    }
}

/// Receives a token's features.
pub trait FeatureSink {
    /// Adds the feature of `template` with value hash `value`.
    fn put(&mut self, template: u32, value: u64);
    /// Adds feature keys already made with `template`.
    fn put_keys(&mut self, template: u32, keys: &[u32]);
}

impl FeatureSink for Vec<u32> {
    #[inline]
    fn put(&mut self, template: u32, value: u64) {
        self.push(feature(template, value));
    }

    #[inline]
    fn put_keys(&mut self, _template: u32, keys: &[u32]) {
        self.extend_from_slice(keys);
    }
}

/// Feature keys with their groups, side by side, less the templates switched off.
#[derive(Debug, Default, Clone)]
pub struct Grouped {
    /// The keys.
    pub keys: Vec<u32>,
    /// Each key's [`group_of`] its template.
    pub groups: Vec<u8>,
    /// Templates left out (bit `t` for template `t` below 128), to measure what they bring.
    pub off: u128,
}

/// Is `template` one of those switched off in `off`?
#[inline]
pub fn is_off(off: u128, template: u32) -> bool {
    template < 128 && off & (1u128 << template) != 0
}

impl FeatureSink for Grouped {
    fn put(&mut self, template: u32, value: u64) {
        if !is_off(self.off, template) {
            self.keys.push(feature(template, value));
            self.groups.push(group_of(template));
        }
    }

    fn put_keys(&mut self, template: u32, keys: &[u32]) {
        if !is_off(self.off, template) {
            self.keys.extend_from_slice(keys);
            self.groups
                .extend(std::iter::repeat_n(group_of(template), keys.len()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_sinks_get_the_same_keys() {
        let (mut plain, mut grouped) = (Vec::new(), Grouped::default());
        for f in [&mut plain as &mut dyn FeatureSink, &mut grouped] {
            f.put(2, 7);
            f.put(34, 1);
            f.put_keys(60, &[5, 9]);
            f.put(1, 0);
        }
        assert_eq!(plain, grouped.keys);
        let want = [
            group::WORD,
            group::GAZ,
            group::DOC,
            group::DOC,
            group::OTHER,
        ];
        assert_eq!(grouped.groups, want);
    }
}
