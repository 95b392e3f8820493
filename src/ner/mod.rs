//! Named-entity extraction (placeholder until the tagger lands).
