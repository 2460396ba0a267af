//! Control characters in the headers of a multipart body's parts.
//!
//! Where a form schema allows any property (`additionalProperties`), a
//! part's name is free text, and clients send it as they were given it,
//! control characters included. A header field value cannot hold those
//! (RFC 9110 §5.5), so the multipart parser (multer, through httparse)
//! would refuse the whole body for one odd name. [`escape_part_headers`]
//! rewrites each control character in a part's header block as an escape
//! the parser lets through, and [`part_name`] restores the names read
//! from it, so no name is lost or changed. Part contents pass untouched.

use axum::body::{Body, Bytes};
use bytes::BytesMut;
use futures_util::stream::{self, StreamExt};
use memchr::memmem;

/// Opens an escape: a private-use character, followed by the escaped
/// byte as two hex digits, or by itself for a literal one. Its UTF-8 bytes
/// are all obs-text, which a header value may hold.
const ESCAPE: char = '\u{10FFFD}';
const ESCAPE_UTF8: &[u8] = "\u{10FFFD}".as_bytes();

/// A header block still unended past this many bytes is passed on as it
/// is, for the parser to judge.
const HEADER_BLOCK_LIMIT: usize = 64 * 1024;

/// `body`, a `multipart/form-data` body delimited by `boundary`, with the
/// control characters in its part headers escaped.
pub(super) fn escape_part_headers(body: Body, boundary: &str) -> Body {
    let scanner = Scanner::new(boundary);
    let chunks = body.into_data_stream();
    let escaped = stream::unfold(
        (chunks, scanner, false),
        |(mut chunks, mut scanner, ended)| async move {
            if ended {
                return None;
            }
            match chunks.next().await {
                Some(Ok(chunk)) => Some((Ok(scanner.feed(&chunk)), (chunks, scanner, false))),
                Some(Err(error)) => Some((Err(error), (chunks, scanner, true))),
                None => Some((Ok(scanner.finish()), (chunks, scanner, true))),
            }
        },
    );
    Body::from_stream(escaped)
}

/// A part name (or file name) as it was sent, its escapes undone.
pub(super) fn part_name(read: &str) -> String {
    if !read.contains(ESCAPE) {
        return read.to_owned();
    }
    let mut name = String::with_capacity(read.len());
    let mut chars = read.chars();
    while let Some(c) = chars.next() {
        if c != ESCAPE {
            name.push(c);
            continue;
        }
        let rest = chars.as_str();
        if rest.starts_with(ESCAPE) {
            name.push(ESCAPE);
            chars.next();
        } else if let Some(byte) = rest
            .get(..2)
            .filter(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|hex| u8::from_str_radix(hex, 16).ok())
        {
            name.push(char::from(byte));
            chars.next();
            chars.next();
        } else {
            name.push(c);
        }
    }
    name
}

/// Where in the multipart body the bytes not yet passed on stand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum At {
    /// The body's first bytes, which may be a delimiter without its CRLF.
    Start,
    /// A preamble or a part's content: everything up to the next delimiter.
    Content,
    /// After a delimiter: its transport padding, or the `--` that closes.
    DelimiterLine,
    /// A part's header block, up to the empty line.
    Headers,
    /// The epilogue, or a body this scanner no longer follows.
    Rest,
}

/// Follows the body's structure chunk by chunk, holding back only what
/// may be the start of a delimiter or an unended header block.
struct Scanner {
    /// `CRLF--boundary`.
    delimiter: Vec<u8>,
    pending: BytesMut,
    at: At,
}

impl Scanner {
    fn new(boundary: &str) -> Self {
        Self {
            delimiter: [b"\r\n--", boundary.as_bytes()].concat(),
            pending: BytesMut::new(),
            at: At::Start,
        }
    }

    /// The bytes of `chunk` (and of earlier ones held back) that can be
    /// passed on.
    fn feed(&mut self, chunk: &[u8]) -> Bytes {
        self.pending.extend_from_slice(chunk);
        let mut out = BytesMut::new();
        while let Some(taken) = self.step() {
            out.unsplit(taken);
        }
        out.freeze()
    }

    /// Everything held back, at the end of the body.
    fn finish(&mut self) -> Bytes {
        self.pending.split().freeze()
    }

    /// Takes the next stretch the position allows, or `None` when more
    /// bytes are needed to go on.
    fn step(&mut self) -> Option<BytesMut> {
        let pending = &self.pending;
        match self.at {
            At::Start => {
                let opening = &self.delimiter[2..];
                let known = pending.len().min(opening.len());
                if pending[..known] != opening[..known] {
                    self.at = At::Content;
                    return Some(BytesMut::new());
                }
                if known < opening.len() {
                    return None;
                }
                self.at = At::DelimiterLine;
                Some(self.pending.split_to(opening.len()))
            }
            At::Content => match memmem::find(pending, &self.delimiter) {
                Some(at) => {
                    self.at = At::DelimiterLine;
                    Some(self.pending.split_to(at + self.delimiter.len()))
                }
                None => {
                    // The tail may be the start of a delimiter.
                    let kept = (self.delimiter.len() - 1).min(pending.len());
                    let passed = pending.len() - kept;
                    (passed > 0).then(|| self.pending.split_to(passed))
                }
            },
            At::DelimiterLine => {
                if pending.len() < 2 {
                    return None;
                }
                if pending.starts_with(b"--") {
                    self.at = At::Rest;
                    return Some(BytesMut::new());
                }
                match memmem::find(pending, b"\r\n") {
                    Some(at) => {
                        self.at = At::Headers;
                        Some(self.pending.split_to(at + 2))
                    }
                    None => self.give_up(),
                }
            }
            At::Headers => {
                if pending.len() < 2 {
                    return None;
                }
                if pending.starts_with(b"\r\n") {
                    self.at = At::Content;
                    return Some(self.pending.split_to(2));
                }
                match memmem::find(pending, b"\r\n\r\n") {
                    Some(at) => {
                        self.at = At::Content;
                        let block = self.pending.split_to(at + 4);
                        Some(escape_controls(block))
                    }
                    None => self.give_up(),
                }
            }
            At::Rest => (!pending.is_empty()).then(|| self.pending.split()),
        }
    }

    /// Waits for more of an unended line, unless it is past the limit:
    /// then the rest is passed on as it is.
    fn give_up(&mut self) -> Option<BytesMut> {
        if self.pending.len() <= HEADER_BLOCK_LIMIT {
            return None;
        }
        self.at = At::Rest;
        Some(BytesMut::new())
    }
}

/// A control character a header value cannot hold: all but HTAB, and CR
/// and LF, which end the lines.
fn is_refused_control(byte: u8) -> bool {
    (byte.is_ascii_control() && !matches!(byte, b'\t' | b'\r' | b'\n')) || byte == 0x7f
}

/// `block` with its refused control characters escaped, and any escape
/// character already in it doubled, so [`part_name`] restores it exactly.
fn escape_controls(block: BytesMut) -> BytesMut {
    let needs_escape = block.iter().copied().any(is_refused_control)
        || memmem::find(&block, ESCAPE_UTF8).is_some();
    if !needs_escape {
        return block;
    }
    let mut escaped = BytesMut::with_capacity(block.len() + 16);
    let mut rest = &block[..];
    while let Some((&byte, after)) = rest.split_first() {
        if rest.starts_with(ESCAPE_UTF8) {
            escaped.extend_from_slice(ESCAPE_UTF8);
            escaped.extend_from_slice(ESCAPE_UTF8);
            rest = &rest[ESCAPE_UTF8.len()..];
            continue;
        }
        if is_refused_control(byte) {
            escaped.extend_from_slice(ESCAPE_UTF8);
            escaped.extend_from_slice(format!("{byte:02X}").as_bytes());
        } else {
            escaped.extend_from_slice(&[byte]);
        }
        rest = after;
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &[u8] = b"--XyZ\r\n\
        Content-Disposition: form-data; name=\"a\x01b\x7f\"\r\n\r\n\
        value \x01 kept\r\n\
        --XyZ\r\n\
        Content-Disposition: form-data; name=\"plain\"\r\n\r\n\
        x\r\n\
        --XyZ--\r\n";

    /// `body` fed in chunks of `size`, as the scanner passes it on.
    fn scanned(body: &[u8], size: usize) -> Vec<u8> {
        let mut scanner = Scanner::new("XyZ");
        let mut out = Vec::new();
        for chunk in body.chunks(size) {
            out.extend_from_slice(&scanner.feed(chunk));
        }
        out.extend_from_slice(&scanner.finish());
        out
    }

    #[test]
    fn escapes_controls_in_header_blocks_only_whatever_the_chunking() {
        let expected = [
            &b"--XyZ\r\nContent-Disposition: form-data; name=\"a"[..],
            ESCAPE_UTF8,
            b"01b",
            ESCAPE_UTF8,
            b"7F\"\r\n\r\nvalue \x01 kept\r\n--XyZ\r\n\
              Content-Disposition: form-data; name=\"plain\"\r\n\r\nx\r\n--XyZ--\r\n",
        ]
        .concat();
        for size in 1..=BODY.len() {
            assert_eq!(scanned(BODY, size), expected, "chunks of {size}");
        }
    }

    #[test]
    fn names_are_restored_exactly() {
        for name in [
            "a\u{1}b\u{7f}",
            "tab\there",
            "\u{10FFFD}01",
            "plain",
            "é\u{0}",
        ] {
            let block = BytesMut::from(name.as_bytes());
            let escaped = escape_controls(block);
            let read = std::str::from_utf8(&escaped).unwrap();
            assert!(!read.bytes().any(is_refused_control), "{read:?}");
            assert_eq!(part_name(read), name);
        }
    }

    #[test]
    fn a_preamble_and_an_epilogue_pass_as_they_are() {
        let body = b"pre\x01amble\r\n--XyZ\r\nName: \x02\r\n\r\n\x03\r\n--XyZ--\r\nepi\x04logue";
        let out = scanned(body, 3);
        let expected = [
            &b"pre\x01amble\r\n--XyZ\r\nName: "[..],
            ESCAPE_UTF8,
            b"02\r\n\r\n\x03\r\n--XyZ--\r\nepi\x04logue",
        ]
        .concat();
        assert_eq!(out, expected);
    }

    #[test]
    fn an_unended_header_block_past_the_limit_passes_as_it_is() {
        let mut body = b"--XyZ\r\nName: \x01".to_vec();
        body.resize(HEADER_BLOCK_LIMIT + 100, b'a');
        assert_eq!(scanned(&body, 4096), body);
    }
}
