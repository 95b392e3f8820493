//! Which articles the tagger reads. It was trained on English news; on other languages it takes
//! capitalised common words for names (every German noun: `Abgeordneten`, `Befund`, `Bei`), so
//! an article in another language gets no entities rather than wrong ones.
//!
//! The language is judged on the article's prose: its lines of [`PROSE_WORDS`] words or more
//! (tables of results and prices say little, and fool a detector). An article is tagged when it
//! has too little prose to tell, when English function words are common in it, or unless
//! whatlang (trigram statistics) reliably finds another language. On corpus-dev (10,257
//! English articles, many Reuters tables) that leaves one table untagged; of web-dev's 990 pages,
//! 805 are judged another language (mostly German, Spanish, French, Polish).

/// Common English function words: their share of a text's words tells English text apart.
pub const ENGLISH: &[&str] = &[
    "the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "was", "said", "with", "by",
    "it", "he", "at", "as", "from", "be", "has", "have", "are", "were", "its", "his", "will",
];

/// Of a text's words, how many are [`ENGLISH`] function words, and how many there are.
pub fn english_words(text: &str) -> (usize, usize) {
    let (mut common, mut words) = (0, 0);
    for w in text.split_whitespace() {
        words += 1;
        if ENGLISH.iter().any(|e| e.eq_ignore_ascii_case(w)) {
            common += 1;
        }
    }
    (common, words)
}

/// A line of at least this many words is prose.
const PROSE_WORDS: usize = 8;
/// The prose looked at: the first lines, up to this many bytes, tell the language.
const SAMPLE_BYTES: usize = 4096;
/// With less prose than this (bytes), the language is not judged.
const MIN_SAMPLE_BYTES: usize = 100;
/// Prose with at least this share of English function words (%) is English (German and
/// French pages have 0–3 %, English news 20–35 %).
const ENGLISH_SHARE: usize = 8;

/// Whether the tagger should read an article with these paragraphs.
pub fn tags(paragraphs: &[String]) -> bool {
    let mut sample = String::with_capacity(SAMPLE_BYTES + 1);
    for line in paragraphs.iter().flat_map(|p| p.lines()) {
        if sample.len() >= SAMPLE_BYTES {
            break;
        }
        if line.split_whitespace().take(PROSE_WORDS).count() == PROSE_WORDS {
            let mut end = line.len().min(SAMPLE_BYTES - sample.len());
            while !line.is_char_boundary(end) {
                end -= 1;
            }
            sample.push_str(&line[..end]);
            sample.push('\n');
        }
    }
    if sample.len() < MIN_SAMPLE_BYTES {
        return true;
    }
    let (common, words) = english_words(&sample);
    if common * 100 >= words * ENGLISH_SHARE {
        return true;
    }
    match whatlang::detect(&sample) {
        Some(info) if info.is_reliable() => info.lang() == whatlang::Lang::Eng,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(text: &str) -> Vec<String> {
        text.split('\n').map(str::to_string).collect()
    }

    #[test]
    fn english_and_undecided_text_is_tagged_other_languages_are_not() {
        assert!(tags(&paras(
            "The Foreign Office said on Tuesday that the talks with Pakistan would resume.\n\
             Officials in Islamabad welcomed the statement and said a date would be set."
        )));
        assert!(!tags(&paras(
            "Die Abgeordneten des Bayerischen Landtags haben am Dienstag über den Haushalt \
             beraten.\nBei der Abstimmung stimmte eine Mehrheit für den Entwurf der Regierung."
        )));
        assert!(!tags(&paras(
            "Le gouvernement a annoncé mardi une nouvelle réforme des retraites, qui sera \
             présentée au Parlement le mois prochain par le ministre du Travail."
        )));
        // Too little prose to tell: tagged.
        assert!(tags(&paras("Shr 24 cts")));
        assert!(tags(&paras(
            "Die Abgeordneten haben beraten.\nBei der Abstimmung stimmte eine Mehrheit zu."
        )));
        assert!(tags(&[]));
        // A results table whose words a detector takes for French, with an English note.
        assert!(tags(&paras(
            "Shr profit five cts vs profit four cts net\nNet profit 191,000 vs profit 108,000 \
             revs up\nNOTE: 1986 net loss includes a fourth quarter charge of 10.5 mln dlrs \
             from writeoffs of certain assets held by the company."
        )));
    }

    #[test]
    fn the_sample_is_the_first_prose_and_ends_on_a_character_boundary() {
        let english =
            "The Foreign Office said on Tuesday that the talks with Pakistan would resume.";
        let german = "Ärger über Öl und Übermaß bei der Regierung ".repeat(30);
        // English first: the sample is full before the German paragraphs count.
        let mut p = vec![english.repeat(60)];
        p.extend(std::iter::repeat_n(german.clone(), 20));
        assert!(tags(&p));
        // German first, its multi-byte letters across the sample's end.
        let mut p = vec![german; 20];
        p.push(english.to_string());
        assert!(!tags(&p));
    }
}
