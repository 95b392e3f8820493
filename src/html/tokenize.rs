//! A fast HTML5 tokenizer for the common shapes of markup, feeding html5ever's tree builder.
//!
//! html5ever's tokenizer reads a page one character at a time through a queue of buffers, with
//! a state switch per character: after the pre-parse scan ([`super::depth`]) it is still about
//! a quarter of all the instructions of indexing a web page. This one reads the page as bytes,
//! with `memchr` between markup, and cuts tags, attributes, character references, comments and
//! doctypes as html5ever's tokenizer does, state for state (its `tokenizer/mod.rs` and
//! `char_ref/mod.rs`); the tree is still built by html5ever's tree builder, which also tells
//! it, as it tells html5ever's tokenizer, when an element's content is raw text.
//!
//! Whatever it does not handle itself it refuses ([`Unsupported`]), before or while feeding the
//! tree builder, and the page is then parsed again from the start by html5ever alone
//! ([`super::dom::Dom::parse`]): a NUL character, a CDATA section, `<plaintext>`, a doctype
//! of an unusual shape, and the end of the page inside a tag, comment, script or character
//! reference (2 of the 990 web-dev pages). Unit tests feed both tokenizers every web-dev page,
//! thousands of generated pages and hand-written cases, and compare the trees node for node;
//! so does the `html_tokenizer` fuzz target, on any input.

use html5ever::data::{C1_REPLACEMENTS, NAMED_ENTITIES};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{Doctype, Tag, TagKind, Token, TokenSink, TokenSinkResult};
use html5ever::{Attribute, LocalName, QualName, ns};

/// Markup the fast tokenizer leaves to html5ever's.
#[derive(Debug, PartialEq, Eq)]
pub struct Unsupported;

type Result<T> = std::result::Result<T, Unsupported>;

/// A character reference read after its `&`: the one or two characters it stands for
/// (`None`: the `&` is text), and how many bytes after the `&` it used.
type Reference = (Option<(char, Option<char>)>, usize);

/// Feeds the tokens of `text` to `sink` (a tree builder), then the end of the file; or
/// refuses, having fed some of them, when the page holds markup this tokenizer leaves to
/// html5ever's ([`Unsupported`]). The caller then throws the sink away.
pub fn tokenize<S: TokenSink>(text: &str, sink: &S) -> Result<()> {
    if memchr::memchr(0, text.as_bytes()).is_some() {
        return Err(Unsupported);
    }
    // The input stream's preprocessing: CR LF and lone CR become LF.
    let normalized;
    let mut text = text;
    if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        normalized = newlines(text);
        text = &normalized;
    }
    // As html5ever's tokenizer does by default: a byte-order mark is not text.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut t = Tokenizer {
        b: text.as_bytes(),
        s: text,
        pos: 0,
        sink,
        raw: None,
        last_start: None,
        pending: String::new(),
    };
    t.run()?;
    t.flush();
    t.process(Token::EOFToken)?;
    sink.end();
    Ok(())
}

/// The text with each CR LF and each lone CR made one LF, in one pass.
fn newlines(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for cr in memchr::memchr_iter(b'\r', b) {
        out.push_str(&text[from..cr]);
        out.push('\n');
        from = if b.get(cr + 1) == Some(&b'\n') {
            cr + 2
        } else {
            cr + 1
        };
    }
    out.push_str(&text[from..]);
    out
}

struct Tokenizer<'a, S> {
    b: &'a [u8],
    s: &'a str,
    pos: usize,
    sink: &'a S,
    /// The raw-text state the tree builder asked for after the last start tag, if any.
    raw: Option<RawKind>,
    /// The name of the last start tag emitted (an end tag of the same name ends raw text).
    last_start: Option<LocalName>,
    /// Character data not yet emitted.
    pending: String,
}

/// HTML5 white space, once carriage returns are gone.
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\x0c')
}

/// The name of a tag or attribute as the tokenizer makes it: ASCII upper case lowered.
fn lower_name(bytes: &[u8], s: &str) -> LocalName {
    if bytes.iter().any(u8::is_ascii_uppercase) {
        LocalName::from(&*s.to_ascii_lowercase())
    } else {
        LocalName::from(s)
    }
}

impl<S: TokenSink> Tokenizer<'_, S> {
    fn process(&self, token: Token) -> Result<()> {
        match self.sink.process_token(token, 1) {
            TokenSinkResult::Continue
            | TokenSinkResult::Script(_)
            | TokenSinkResult::EncodingIndicator(_) => Ok(()),
            TokenSinkResult::Plaintext | TokenSinkResult::RawData(_) => Err(Unsupported),
        }
    }

    fn flush(&mut self) {
        if !self.pending.is_empty() {
            let text = StrTendril::from_slice(&self.pending);
            self.pending.clear();
            // Character tokens never ask for a change of state.
            let _ = self.sink.process_token(Token::CharacterTokens(text), 1);
        }
    }

    fn text(&mut self, from: usize, to: usize) {
        self.pending.push_str(&self.s[from..to]);
    }

    fn run(&mut self) -> Result<()> {
        let len = self.b.len();
        while self.pos < len {
            match self.raw {
                None => self.data()?,
                Some(kind) => self.raw_data(kind)?,
            }
        }
        Ok(())
    }

    /// The data state, up to and including the next markup.
    fn data(&mut self) -> Result<()> {
        let rest = &self.b[self.pos..];
        let Some(i) = memchr::memchr2(b'<', b'&', rest) else {
            self.text(self.pos, self.b.len());
            self.pos = self.b.len();
            return Ok(());
        };
        self.text(self.pos, self.pos + i);
        self.pos += i;
        if self.b[self.pos] == b'&' {
            let (decoded, used) = char_ref(&self.b[self.pos + 1..], false)?;
            self.push_ref(decoded);
            self.pos += 1 + used;
            return Ok(());
        }
        self.tag_open()
    }

    fn push_ref(&mut self, decoded: Option<(char, Option<char>)>) {
        match decoded {
            None => self.pending.push('&'),
            Some((c1, c2)) => {
                self.pending.push(c1);
                if let Some(c2) = c2 {
                    self.pending.push(c2);
                }
            }
        }
    }

    /// At a `<` in the data state.
    fn tag_open(&mut self) -> Result<()> {
        let at = self.pos;
        match self.b.get(at + 1) {
            None => {
                self.pending.push('<');
                self.pos += 1;
                Ok(())
            }
            Some(b'!') => self.markup_declaration(),
            Some(b'/') => match self.b.get(at + 2) {
                Some(c) if c.is_ascii_alphabetic() => self.tag(TagKind::EndTag, at + 2),
                Some(b'>') => {
                    self.pos = at + 3;
                    Ok(())
                }
                Some(_) => self.bogus_comment(at + 2),
                None => Err(Unsupported),
            },
            Some(c) if c.is_ascii_alphabetic() => self.tag(TagKind::StartTag, at + 1),
            Some(b'?') => self.bogus_comment(at + 1),
            Some(_) => {
                self.pending.push('<');
                self.pos += 1;
                Ok(())
            }
        }
    }

    /// A comment made of everything from `from` to the next `>`.
    fn bogus_comment(&mut self, from: usize) -> Result<()> {
        let end = memchr::memchr(b'>', &self.b[from..]).ok_or(Unsupported)? + from;
        self.comment(from, end)?;
        self.pos = end + 1;
        Ok(())
    }

    fn comment(&mut self, from: usize, to: usize) -> Result<()> {
        self.flush();
        self.process(Token::CommentToken(StrTendril::from_slice(
            &self.s[from..to],
        )))
    }

    /// At `<!`.
    fn markup_declaration(&mut self) -> Result<()> {
        let from = self.pos + 2;
        let rest = &self.b[from..];
        if rest.starts_with(b"--") {
            let body = from + 2;
            let rest = &self.b[body..];
            // `<!-->` and `<!--->` are (empty) comments; otherwise the comment ends at the
            // first `-->` or `--!>`.
            let (content_end, end) = if rest.starts_with(b">") {
                (body, body + 1)
            } else if rest.starts_with(b"->") {
                (body, body + 2)
            } else {
                let mut search = 0;
                loop {
                    let i =
                        memchr::memmem::find(&rest[search..], b"--").ok_or(Unsupported)? + search;
                    match rest.get(i + 2) {
                        Some(b'>') => break (body + i, body + i + 3),
                        Some(b'!') if rest.get(i + 3) == Some(&b'>') => {
                            break (body + i, body + i + 4);
                        }
                        None => return Err(Unsupported),
                        _ => search = i + 1,
                    }
                }
            };
            self.comment(body, content_end)?;
            self.pos = end;
            return Ok(());
        }
        if rest.len() >= 7 && rest[..7].eq_ignore_ascii_case(b"doctype") {
            return self.doctype(from + 7);
        }
        if rest.starts_with(b"[CDATA[") {
            return Err(Unsupported);
        }
        self.bogus_comment(from)
    }

    /// After `<!doctype`: the common shapes (a name, then a public and/or system identifier
    /// in quotes); anything else is left to html5ever.
    fn doctype(&mut self, mut i: usize) -> Result<()> {
        let b = self.b;
        let at = |i: usize| b.get(i).copied().ok_or(Unsupported);
        let skip_space = |mut i: usize| {
            while i < b.len() && is_space(b[i]) {
                i += 1;
            }
            i
        };
        if !is_space(at(i)?) {
            return Err(Unsupported);
        }
        i = skip_space(i);
        if at(i)? == b'>' {
            return Err(Unsupported);
        }
        let name_start = i;
        while !is_space(at(i)?) && b[i] != b'>' {
            i += 1;
        }
        let mut doctype = Doctype {
            name: Some(StrTendril::from_slice(
                &self.s[name_start..i].to_ascii_lowercase(),
            )),
            ..Doctype::default()
        };
        i = skip_space(i);
        let quoted = |i: usize| -> Result<(StrTendril, usize)> {
            let q = at(i)?;
            if q != b'"' && q != b'\'' {
                return Err(Unsupported);
            }
            let len = memchr::memchr(q, &b[i + 1..]).ok_or(Unsupported)?;
            let id = &b[i + 1..i + 1 + len];
            if id.contains(&b'>') {
                return Err(Unsupported);
            }
            Ok((
                StrTendril::from_slice(&self.s[i + 1..i + 1 + len]),
                i + len + 2,
            ))
        };
        if at(i)? != b'>' {
            let keyword = b.get(i..i + 6).ok_or(Unsupported)?;
            let public = keyword.eq_ignore_ascii_case(b"public");
            if !public && !keyword.eq_ignore_ascii_case(b"system") {
                return Err(Unsupported);
            }
            i += 6;
            if !is_space(at(i)?) {
                return Err(Unsupported);
            }
            let (id, next) = quoted(skip_space(i))?;
            i = next;
            if public {
                doctype.public_id = Some(id);
                let after = skip_space(i);
                if after > i && at(after)? != b'>' {
                    let (id, next) = quoted(after)?;
                    doctype.system_id = Some(id);
                    i = next;
                }
            } else {
                doctype.system_id = Some(id);
            }
            i = skip_space(i);
            if at(i)? != b'>' {
                return Err(Unsupported);
            }
        }
        self.flush();
        self.process(Token::DoctypeToken(doctype))?;
        self.pos = i + 1;
        Ok(())
    }

    /// A start or end tag whose name starts at `name_start` (an ASCII letter), cut as
    /// html5ever's tag name, attribute and self-closing states do.
    fn tag(&mut self, kind: TagKind, name_start: usize) -> Result<()> {
        let b = self.b;
        let len = b.len();
        let mut i = name_start;
        while i < len && !is_space(b[i]) && b[i] != b'/' && b[i] != b'>' {
            i += 1;
        }
        if i >= len {
            return Err(Unsupported);
        }
        let name = lower_name(&b[name_start..i], &self.s[name_start..i]);
        let mut attrs: Vec<Attribute> = Vec::new();
        let mut duplicate = false;
        let mut self_closing = false;
        // A later attribute of the same name is dropped. Past a few dozen attributes (only a
        // hostile page has them) the names seen are kept in a set, so that the check does
        // not grow with the square of their number.
        let mut seen: Option<std::collections::HashSet<LocalName>> = None;
        let mut add = |name: LocalName, value: StrTendril, attrs: &mut Vec<Attribute>| {
            let known = match &mut seen {
                Some(seen) => !seen.insert(name.clone()),
                None => {
                    let known = attrs.iter().any(|a| a.name.local == name);
                    if !known && attrs.len() >= 32 {
                        let mut set: std::collections::HashSet<LocalName> =
                            attrs.iter().map(|a| a.name.local.clone()).collect();
                        set.insert(name.clone());
                        seen = Some(set);
                    }
                    known
                }
            };
            if known {
                duplicate = true;
            } else {
                attrs.push(Attribute {
                    name: QualName::new(None, ns!(), name),
                    value,
                });
            }
        };
        // The before attribute name state.
        loop {
            while i < len && is_space(b[i]) {
                i += 1;
            }
            if i >= len {
                return Err(Unsupported);
            }
            match b[i] {
                b'/' => {
                    // The self-closing start tag state.
                    i += 1;
                    if i >= len {
                        return Err(Unsupported);
                    }
                    if b[i] == b'>' {
                        self_closing = true;
                        i += 1;
                        break;
                    }
                    continue;
                }
                b'>' => {
                    i += 1;
                    break;
                }
                _ => {}
            }
            // The attribute name state: the first character whatever it is (even `=`).
            let name_start = i;
            i += 1;
            while i < len && !is_space(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
                i += 1;
            }
            if i >= len {
                return Err(Unsupported);
            }
            let attr = lower_name(&b[name_start..i], &self.s[name_start..i]);
            // The after attribute name state.
            while i < len && is_space(b[i]) {
                i += 1;
            }
            if i >= len {
                return Err(Unsupported);
            }
            if b[i] != b'=' {
                add(attr, StrTendril::new(), &mut attrs);
                // `/`, `>` or the next attribute's name, as in the before attribute name state.
                continue;
            }
            // The before attribute value state.
            i += 1;
            while i < len && is_space(b[i]) {
                i += 1;
            }
            if i >= len {
                return Err(Unsupported);
            }
            match b[i] {
                q @ (b'"' | b'\'') => {
                    let end = memchr::memchr(q, &b[i + 1..]).ok_or(Unsupported)? + i + 1;
                    let value = self.attribute_value(i + 1, end)?;
                    add(attr, value, &mut attrs);
                    i = end + 1;
                    // The after attribute value (quoted) state: white space, `/` and `>` are
                    // read by the before attribute name state as this one would; anything
                    // else is reconsumed there.
                }
                b'>' => {
                    add(attr, StrTendril::new(), &mut attrs);
                    i += 1;
                    break;
                }
                _ => {
                    let start = i;
                    while i < len && !is_space(b[i]) && b[i] != b'>' {
                        i += 1;
                    }
                    if i >= len {
                        return Err(Unsupported);
                    }
                    let value = self.attribute_value(start, i)?;
                    add(attr, value, &mut attrs);
                }
            }
        }
        self.pos = i;
        self.emit_tag(kind, name, attrs, self_closing, duplicate)
    }

    /// An attribute's value, its character references decoded.
    fn attribute_value(&self, from: usize, to: usize) -> Result<StrTendril> {
        let bytes = &self.b[from..to];
        if memchr::memchr(b'&', bytes).is_none() {
            return Ok(StrTendril::from_slice(&self.s[from..to]));
        }
        let mut out = String::with_capacity(to - from);
        let mut i = from;
        while let Some(k) = memchr::memchr(b'&', &self.b[i..to]) {
            out.push_str(&self.s[i..i + k]);
            i += k;
            // The reference's name cannot run past the value's end: the quote, white space
            // or `>` that ends it is neither a letter, a digit nor `;`.
            let (decoded, used) = char_ref(&self.b[i + 1..to], true).or_else(|_| {
                // At the end of the slice: decide as the tokenizer does with the delimiter
                // as the next character.
                char_ref_at_end(&self.b[i + 1..to])
            })?;
            match decoded {
                None => out.push('&'),
                Some((c1, c2)) => {
                    out.push(c1);
                    if let Some(c2) = c2 {
                        out.push(c2);
                    }
                }
            }
            i += 1 + used;
        }
        out.push_str(&self.s[i..to]);
        Ok(StrTendril::from_slice(&out))
    }

    fn emit_tag(
        &mut self,
        kind: TagKind,
        name: LocalName,
        attrs: Vec<Attribute>,
        self_closing: bool,
        had_duplicate_attributes: bool,
    ) -> Result<()> {
        self.flush();
        if kind == TagKind::StartTag {
            self.last_start = Some(name.clone());
        }
        let token = Token::TagToken(Tag {
            kind,
            name,
            self_closing,
            attrs,
            had_duplicate_attributes,
        });
        self.raw = None;
        match self.sink.process_token(token, 1) {
            TokenSinkResult::Continue
            | TokenSinkResult::Script(_)
            | TokenSinkResult::EncodingIndicator(_) => Ok(()),
            TokenSinkResult::RawData(RawKind::ScriptDataEscaped(_)) => Err(Unsupported),
            TokenSinkResult::RawData(kind) => {
                self.raw = Some(kind);
                Ok(())
            }
            TokenSinkResult::Plaintext => Err(Unsupported),
        }
    }

    /// RCDATA, RAWTEXT or script data, up to and including the next markup that counts: the
    /// end tag of the element (its name that of the last start tag), and in RCDATA character
    /// references.
    fn raw_data(&mut self, kind: RawKind) -> Result<()> {
        if kind == RawKind::ScriptData {
            let name = self.last_start.as_ref().map_or(&b""[..], |n| n.as_bytes());
            let end = script_end(self.b, self.pos, name)?;
            self.text(self.pos, end);
            return self.tag(TagKind::EndTag, end + 2);
        }
        let rest = &self.b[self.pos..];
        let found = match kind {
            RawKind::Rcdata => memchr::memchr2(b'<', b'&', rest),
            _ => memchr::memchr(b'<', rest),
        };
        let Some(i) = found else {
            self.text(self.pos, self.b.len());
            self.pos = self.b.len();
            return Ok(());
        };
        self.text(self.pos, self.pos + i);
        self.pos += i;
        let at = self.pos;
        if self.b[at] == b'&' {
            let (decoded, used) = char_ref(&self.b[at + 1..], false)?;
            self.push_ref(decoded);
            self.pos += 1 + used;
            return Ok(());
        }
        if self.b.get(at + 1) == Some(&b'/') {
            let name = self.last_start.as_ref().map_or(&b""[..], |n| n.as_bytes());
            if end_tag_at(self.b, at, name)?.is_ok() {
                return self.tag(TagKind::EndTag, at + 2);
            }
        }
        self.pending.push('<');
        self.pos += 1;
        Ok(())
    }
}

/// At `</` at `lt` in raw text or script data: `Ok(lt)` when it starts the end tag of the
/// element named `name` (the tokenizer's appropriate end tag: its letters are `name`, followed
/// by white space, `/` or `>`); else `Err` with where to go on reading, the first character
/// that is not a letter. The end of the input there is [`Unsupported`].
fn end_tag_at(b: &[u8], lt: usize, name: &[u8]) -> Result<std::result::Result<usize, usize>> {
    let start = lt + 2;
    let mut j = start;
    while j < b.len() && b[j].is_ascii_alphabetic() {
        j += 1;
    }
    let next = *b.get(j).ok_or(Unsupported)?;
    if j > start
        && b[start..j].eq_ignore_ascii_case(name)
        && (is_space(next) || next == b'/' || next == b'>')
    {
        Ok(Ok(lt))
    } else {
        Ok(Err(j))
    }
}

/// Where the content of a script element that starts at `from` ends: the `<` of the end tag
/// named `name` (the last start tag's), as the tokenizer's script data states find it. The
/// content is text as it stands; those states only decide where it ends, after `<!--` (the
/// escaped states) and after `<script` inside that (the double escaped ones, where
/// `</script>` does not end it).
fn script_end(b: &[u8], from: usize, name: &[u8]) -> Result<usize> {
    /// The escaped states: double escaped or not, and how many `-` were just read (up to 2;
    /// `-->` after two ends the escape). The six states of the tokenizer, as two facts.
    #[derive(Clone, Copy)]
    struct Escaped {
        double: bool,
        dashes: u8,
    }
    let eof = || Unsupported;
    let end_tag = |lt: usize| end_tag_at(b, lt, name);
    // After `<` (or `</` in the double escaped states) followed by a letter at `at`: the
    // letters, and whether they are `script` followed by white space, `/` or `>` (which
    // switches between escaped and double escaped), with where to go on reading.
    let script_word = |at: usize| -> Result<(bool, usize)> {
        let mut j = at;
        while j < b.len() && b[j].is_ascii_alphabetic() {
            j += 1;
        }
        let next = *b.get(j).ok_or_else(eof)?;
        if is_space(next) || next == b'/' || next == b'>' {
            Ok((b[at..j].eq_ignore_ascii_case(b"script"), j + 1))
        } else {
            Ok((false, j))
        }
    };
    // `None`: the script data state.
    let mut state: Option<Escaped> = None;
    let mut i = from;
    loop {
        let c = *b.get(i).ok_or_else(eof)?;
        let Some(Escaped { double, dashes }) = state else {
            let lt = memchr::memchr(b'<', &b[i..]).ok_or_else(eof)? + i;
            match b.get(lt + 1) {
                Some(b'/') => match end_tag(lt)? {
                    Ok(end) => return Ok(end),
                    Err(next) => i = next,
                },
                Some(b'!') => {
                    if b.get(lt + 2) == Some(&b'-') && b.get(lt + 3) == Some(&b'-') {
                        state = Some(Escaped {
                            double: false,
                            dashes: 2,
                        });
                        i = lt + 4;
                    } else {
                        i = lt + 2;
                    }
                }
                Some(_) => i = lt + 1,
                None => return Err(eof()),
            }
            continue;
        };
        let mut to = |double| {
            state = Some(Escaped { double, dashes: 0 });
        };
        match c {
            b'<' if !double => {
                let next = *b.get(i + 1).ok_or_else(eof)?;
                let mut script = false;
                if next == b'/' {
                    match end_tag(i)? {
                        Ok(end) => return Ok(end),
                        Err(next) => i = next,
                    }
                } else if next.is_ascii_alphabetic() {
                    (script, i) = script_word(i + 1)?;
                } else {
                    i += 1;
                }
                to(script);
                continue;
            }
            b'<' => {
                let mut script = false;
                if b.get(i + 1) == Some(&b'/') {
                    (script, i) = match b.get(i + 2) {
                        Some(c) if c.is_ascii_alphabetic() => script_word(i + 2)?,
                        Some(_) => (false, i + 2),
                        None => return Err(eof()),
                    };
                } else {
                    i += 1;
                }
                to(!script);
                continue;
            }
            b'-' => {
                state = Some(Escaped {
                    double,
                    dashes: (dashes + 1).min(2),
                })
            }
            b'>' if dashes == 2 => state = None,
            _ => to(double),
        }
        i += 1;
    }
}

/// A character reference after its `&` (`rest` starts after it), decoded as html5ever's
/// character reference tokenizer does: the characters it stands for (or `None`: the `&` is
/// text), and how many bytes of `rest` it used. The end of the input inside a reference is
/// [`Unsupported`].
fn char_ref(rest: &[u8], in_attribute: bool) -> Result<Reference> {
    match rest.first() {
        Some(c) if c.is_ascii_alphanumeric() => named(rest, in_attribute),
        Some(b'#') => numeric(rest),
        Some(_) => Ok((None, 0)),
        None => Err(Unsupported),
    }
}

/// [`char_ref`] for a reference that runs to the end of an attribute value: the character
/// after it is the delimiter (a quote, white space or `>`).
fn char_ref_at_end(rest: &[u8]) -> Result<Reference> {
    let mut with_end = rest.to_vec();
    with_end.push(b'"');
    char_ref(&with_end, true)
}

fn named(rest: &[u8], in_attribute: bool) -> Result<Reference> {
    let mut matched: Option<((u32, u32), usize)> = None;
    let mut k = 1;
    // The name grows one character at a time while it is the start of an entity's name.
    let end_char = loop {
        let Some(&c) = rest.get(k - 1) else {
            return Err(Unsupported);
        };
        let known = c.is_ascii()
            && std::str::from_utf8(&rest[..k])
                .ok()
                .and_then(|name| NAMED_ENTITIES.get(name))
                .map(|&m| {
                    if m.0 != 0 {
                        matched = Some((m, k));
                    }
                })
                .is_some();
        if !known {
            break c;
        }
        k += 1;
    };
    let Some(((c1, c2), len)) = matched else {
        // No entity: the `&` is text (the name is read again as text).
        if end_char.is_ascii_alphanumeric() {
            // The bogus name state reads on to the end of the name; then the same.
            let more = rest[k..].iter().position(|c| !c.is_ascii_alphanumeric());
            if more.is_none() {
                return Err(Unsupported);
            }
        }
        return Ok((None, 0));
    };
    let last = rest[len - 1];
    let next = rest[len];
    if last != b';' && in_attribute && (next == b'=' || next.is_ascii_alphanumeric()) {
        return Ok((None, 0));
    }
    let c1 = char::from_u32(c1).ok_or(Unsupported)?;
    let c2 = if c2 == 0 {
        None
    } else {
        Some(char::from_u32(c2).ok_or(Unsupported)?)
    };
    Ok((Some((c1, c2)), len))
}

/// After `&`: `#`, an optional `x`, digits and an optional `;`.
fn numeric(rest: &[u8]) -> Result<Reference> {
    let mut i = 1;
    let base = match rest.get(i) {
        Some(b'x' | b'X') => {
            i += 1;
            16
        }
        Some(_) => 10,
        None => return Err(Unsupported),
    };
    let digits_start = i;
    let mut num: u32 = 0;
    let mut too_big = false;
    loop {
        let Some(&c) = rest.get(i) else {
            return Err(Unsupported);
        };
        let Some(d) = (c as char).to_digit(base) else {
            break;
        };
        num = num.wrapping_mul(base);
        if num > 0x10FFFF {
            too_big = true;
        }
        num = num.wrapping_add(d);
        i += 1;
    }
    if i == digits_start {
        // No digits: `&`, `#` and `x` are text.
        return Ok((None, 0));
    }
    if rest[i] == b';' {
        i += 1;
    }
    let c = match num {
        n if n > 0x10FFFF || too_big => '\u{fffd}',
        0x00 | 0xD800..=0xDFFF => '\u{fffd}',
        0x80..=0x9F => {
            C1_REPLACEMENTS[(num - 0x80) as usize].unwrap_or_else(|| char::from_u32(num).unwrap())
        }
        n => char::from_u32(n).ok_or(Unsupported)?,
    };
    Ok((Some((c, None)), i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newlines_are_normalised_as_the_input_stream_is() {
        for (text, want) in [
            ("a\r\nb\rc\n", "a\nb\nc\n"),
            ("\r\r\n\n\r", "\n\n\n\n"),
            ("é\r\nü", "é\nü"),
            ("none", "none"),
        ] {
            assert_eq!(newlines(text), want, "{text:?}");
        }
    }

    #[test]
    fn references_decode_as_the_tokenizer_does() {
        let r = |s: &str, attr: bool| char_ref(s.as_bytes(), attr);
        assert_eq!(r("amp; x", false), Ok((Some(('&', None)), 4)));
        assert_eq!(r("amp x", false), Ok((Some(('&', None)), 3)));
        // Legacy names without `;` are not decoded in an attribute before `=` or a letter.
        assert_eq!(r("amp=1", true), Ok((None, 0)));
        assert_eq!(r("ampx", true), Ok((None, 0)));
        assert_eq!(r("ampx ", false), Ok((Some(('&', None)), 3)));
        assert_eq!(r("notit; ", false), Ok((Some(('¬', None)), 3)));
        assert_eq!(r("zz; ", false), Ok((None, 0)));
        assert_eq!(r(" x", false), Ok((None, 0)));
        assert_eq!(r("#38; ", false), Ok((Some(('&', None)), 4)));
        assert_eq!(r("#x26 ", false), Ok((Some(('&', None)), 4)));
        assert_eq!(r("#150; ", false), Ok((Some(('–', None)), 5)));
        assert_eq!(r("#0; ", false), Ok((Some(('\u{fffd}', None)), 3)));
        assert_eq!(
            r("#99999999999; ", false),
            Ok((Some(('\u{fffd}', None)), 13))
        );
        assert_eq!(r("#x; ", false), Ok((None, 0)));
        assert_eq!(r("NotNestedLessLess; ", false).unwrap().1, 18);
        assert_eq!(r("amp", false), Err(Unsupported));
        assert_eq!(char_ref_at_end(b"amp"), Ok((Some(('&', None)), 3)));
    }
}

#[cfg(test)]
mod same_tree {
    use super::super::depth;
    use super::super::dom::Dom;
    use crate::ner::train::Rng;

    /// The trees the two tokenizers give, and whether the fast one took the page.
    fn both(html: &str) -> (String, String, bool) {
        let (text, tags) = depth::prepare(html);
        let (_, took) = Dom::parse_prepared_with(&text, tags, true);
        (
            Dom::parse_with_html5ever(html).outline(),
            Dom::parse(html).outline(),
            took,
        )
    }

    #[test]
    fn hand_written_pages() {
        // Attributes past the point where the duplicate check keeps a set, one repeated.
        let many_attributes = format!(
            "<p \"{}>x",
            (0..100)
                .map(|i| format!("a{} b{i}=1 ", i % 70))
                .collect::<String>()
        );
        let pages = [
            "<!DOCTYPE html><html><head><title>A &amp; B</title></head><body><p>x</p></body></html>",
            "<!doctype html public \"-//W3C//DTD HTML 4.01 Transitional//EN\"><table><p>q<tr><td>a</table>",
            "<table><p>quirks</table>",
            "<p>AT&T &copy &copyx &#169; &#x1F600; &#128; &#0; &bogus; &amp</p>",
            "<a href=\"?a=1&b=2&amp=3&copy=4\" title='&notit;' class=x&lt;y id=&quot>t</a>",
            "<div CLASS=A Class=b>dup</div><BR/><img/src=x alt><p/ id=1>",
            "<pre>\nfirst line dropped</pre><textarea>\n&lt;b&gt;</textarea>",
            "<title>a</titlex></title><style>p{}</b></style ><xmp><p></xmp>",
            "<script type=application/ld+json>{\"a\":\"</scr\"}</script><p>after",
            "<!-- c --><!----><!--><!---><!-- a --!><p>x<!-- -- y --->z",
            "<?xml version=1?><!bogus><p>a</ b></>c</p>",
            "<svg><title>in svg</title><p>out</svg>",
            "<select><option>a<textarea>b</textarea></select><noscript><p>n</noscript>",
            "<p>a<p>b<li>c<dd>d</table></body></html><p>after",
            "text < 3 and <3 and a<b",
            "\u{feff}<p>bom</p>",
            "<p>crlf\r\nline\rline</p>",
            "<iframe><p>raw</iframe><noembed>x</noembed><noframes>y</noframes>",
            "<a b=\"1\"c=2 d = '3' e =4 f=>x</a><a =x>y</a>",
            many_attributes.as_str(),
            "<frameset><frame></frameset>",
            "<script><!-- x </script> --></script><p>y",
            "<script><!-- <script>a</script> b --></script> c --></script><p>y",
            "<script><!-- <SCRIPT/>a</Script > b --> </script><p>y",
            "<script>if (a<!--b) c; <!-x </scr </script\n><p>y",
            "<script><!--- -> <!-- -- > --!> --></script ><p>y",
            "<math><mi>x</mi></math><p>after",
            "<form><form><input type=hidden><input type=text></form>",
            "<b><i>mis</b>nested</i><table>foster text<tr><td>c</td></tr></table>",
        ];
        for page in pages {
            let page: &str = page;
            let (slow, fast, _) = both(page);
            assert_eq!(slow, fast, "{page}");
        }
    }

    #[test]
    fn pages_it_leaves_to_html5ever() {
        for page in [
            "<p>a\0b</p>",
            "<svg><![CDATA[x]]></svg>",
            "<plaintext><p>all text",
            "<p>unclosed <a href=",
            "<!doctype html bogus>",
            "<!-- never closed",
        ] {
            let (slow, fast, took) = both(page);
            assert!(!took, "{page}");
            assert_eq!(slow, fast, "{page}");
        }
    }

    /// One of `from`, picked by the seeded generator the tagger's training shuffles with.
    fn pick<'a>(g: &mut Rng, from: &[&'a str]) -> &'a str {
        from[(g.next() % from.len() as u64) as usize]
    }

    #[test]
    fn generated_pages() {
        const PIECES: &[&str] = &[
            "<p>",
            "</p>",
            "<div class=a>",
            "</div>",
            "<table>",
            "</table>",
            "<tr>",
            "<td>",
            "</td>",
            "<li>",
            "<ul>",
            "</ul>",
            "<b>",
            "</b>",
            "<i>",
            "</i>",
            "<a href=x>",
            "</a>",
            "<title>",
            "</title>",
            "<textarea>",
            "</textarea>",
            "<style>",
            "</style>",
            "<script>",
            "</script>",
            "<pre>",
            "</pre>",
            "<svg>",
            "</svg>",
            "<math>",
            "</math>",
            "<select>",
            "</select>",
            "<option>",
            "<form>",
            "</form>",
            "<br/>",
            "<img src=x>",
            "<html>",
            "<body>",
            "<head>",
            "</head>",
            "</body>",
            "</html>",
            "<frameset>",
            "<noscript>",
            "</noscript>",
            "<template>",
            "</template>",
            "<h1>",
            "</h2>",
            "<!DOCTYPE html>",
            "<!-- c -->",
            "<!--x-->",
            "<!>",
            "<?p?>",
            "</>",
            "</ x>",
            "&amp;",
            "&amp",
            "&ampx",
            "&copy",
            "&#65;",
            "&#x42",
            "&#;",
            "&",
            "&#128;",
            "<",
            ">",
            "/",
            "=",
            "\"",
            "'",
            " ",
            "\n",
            "\t",
            "text",
            "Wörter",
            "€",
            "a=b",
            "<a b=\"&amp=1\" c='x&copy=y' d=e&notin;f>",
            "<p =x>",
            "<div/ class=b>",
            "<P CLASS=Up>",
            "</P>",
            "<tbody>",
            "<caption>",
            "<col>",
            "<colgroup>",
            "<th>",
            "<dd>",
            "<dt>",
            "<ruby>",
            "<rt>",
            "<button>",
            "</button>",
            "<object>",
            "<applet>",
            "<marquee>",
            "<nobr>",
            "</nobr>",
            "<font color=red>",
            "</font>",
            "<xmp>",
            "</xmp>",
            "<iframe>",
            "</iframe>",
            "<input type=hidden>",
            "<keygen>",
            "<hr>",
            "<image>",
            "<foreignObject>",
            "</foreignObject>",
            "<desc>",
            "<mglyph>",
            "<mi>",
            "<annotation-xml encoding=text/html>",
            "<frame>",
            "<base>",
            "<meta charset=utf-8>",
            "<script>",
            "</script>",
            "<!--",
            "-->",
            "<!-",
            "--",
            "<script ",
            "</script ",
            "<s",
            "</s",
            "-",
            "<script>x<!--",
            "</scripts>",
        ];
        // Pages from pieces of markup that tell tokenizers apart.
        let mut g = Rng(0x9E37_79B9_7F4A_7C15);
        let mut took = 0;
        for round in 0..4000 {
            let n = 1 + g.next() % 40;
            let page: String = (0..n).map(|_| pick(&mut g, PIECES)).collect();
            let (slow, fast, t) = both(&page);
            took += usize::from(t);
            assert_eq!(slow, fast, "round {round}: {page:?}");
        }
        // Most generated pages are taken by the fast tokenizer, so the comparison tests it.
        assert!(took > 3000, "only {took} of 4000 taken");
    }

    /// Every web-dev page gives the same tree with either tokenizer.
    #[test]
    fn web_dev_pages() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/web-dev/html");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            eprintln!(
                "SKIPPED: no {} (the shared data is beside the repository)",
                dir.display()
            );
            return;
        };
        let (mut pages, mut took) = (0, 0);
        for entry in entries {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            let bytes = crate::read::gzip::gunzip(&bytes, 1 << 30).unwrap_or(bytes);
            let decoded = super::super::charset::decode(&bytes, None, None);
            let (slow, fast, t) = both(&decoded.text);
            pages += 1;
            took += usize::from(t);
            assert!(slow == fast, "{} parses differently", path.display());
        }
        eprintln!("web-dev: {took} of {pages} pages taken by the fast tokenizer");
        assert!(took * 10 > pages * 9, "only {took} of {pages} taken");
    }
}
