//! Bytes to text: byte-order marks, UTF-16 (with or without a BOM), legacy Chinese encodings
//! (GBK, GB18030, Big5) and other legacy encodings, binary detection, and invalid UTF-8
//! replaced (and reported) rather than refused.
//!
//! The order of the checks is what makes the answer right:
//!
//! 1. A byte-order mark decides (UTF-8, UTF-16LE, UTF-16BE).
//! 2. Magic numbers of binary formats refuse the file.
//! 3. UTF-16 without a BOM is recognised by the NUL bytes of mostly-ASCII text (every other
//!    byte NUL); any other NUL byte near the start means binary.
//! 4. Valid UTF-8 is UTF-8.
//! 5. Bytes that are *mostly* UTF-8 are UTF-8 with a few damaged spots (see
//!    `looks_like_damaged_utf8`): decoded with U+FFFD replacements and a warning naming the
//!    first bad byte, never re-read as GBK.
//! 6. An HTML `<meta charset>` (or `http-equiv` Content-Type) in the first 2 KB names the
//!    encoding, unless it names UTF-8, which the bytes have just shown they are not.
//! 7. A handful of bad bytes in otherwise plain ASCII is too little to guess an encoding from:
//!    UTF-8 with replacements and a warning.
//! 8. Otherwise `chardetng` guesses, and `encoding_rs` decodes.
//!
//! A file in a legacy encoding that decodes cleanly gets no warning; [`Decoded::encoding`]
//! says which encoding was used.

use std::borrow::Cow;

use encoding_rs::Encoding;

/// A decoded file, with what was wrong with its bytes if anything.
#[derive(Debug)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    /// Set when bytes had to be replaced: says what and where.
    pub warning: Option<String>,
    /// The encoding the bytes were read as: `UTF-8`, `UTF-16LE`, `UTF-16BE`, `GBK`,
    /// `GB18030`, `Big5`, `windows-1252`, ... (the WHATWG names, GB18030 in capitals).
    pub encoding: &'static str,
}

/// Why a file could not be decoded at all.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("empty file")]
    Empty,
    #[error("binary file ({0}), not text")]
    Binary(&'static str),
}

/// How far into the file binary sniffing, UTF-16 detection and `<meta charset>` look.
const SNIFF_LEN: usize = 8192;
const META_LEN: usize = 2048;

/// Damaged UTF-8 may have at most this share (in percent) of its non-ASCII bytes invalid.
/// Legacy CJK text read as UTF-8 has 60-80% of its non-ASCII bytes invalid (only some GBK and
/// Big5 byte pairs happen to form UTF-8 sequences), so 5% leaves a wide margin on both sides.
const DAMAGED_UTF8_MAX_PERCENT: usize = 5;

/// With no more bad bytes than this in text that is otherwise ASCII, there is nothing to guess
/// an encoding from: a stray byte is reported rather than turned into an accented letter.
const STRAY_BYTES_MAX: usize = 4;

/// `text` without the control characters a terminal or a spreadsheet would act on: escape
/// sequences (`ESC [ 2 J`, C1 `CSI`) are dropped whole, a vertical tab, form feed, next-line
/// character or lone carriage return becomes a line break, and any other C0 or C1 control
/// character (bell, backspace, delete, ...) a space. Tabs and line breaks stay. `None` when
/// there is nothing to remove, which is nearly always.
pub fn without_controls(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let control = bytes.iter().enumerate().any(|(at, &b)| match b {
        b'\t' | b'\n' => false,
        b'\r' => bytes.get(at + 1) != Some(&b'\n'),
        0x00..=0x1F | 0x7F => true,
        // U+0080 to U+009F, the C1 controls.
        0xC2 => bytes
            .get(at + 1)
            .is_some_and(|next| (0x80..=0x9F).contains(next)),
        _ => false,
    });
    if !control {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\t' | '\n' => out.push(c),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' => out.push('\n'),
            '\u{1B}' => match chars.peek() {
                Some('[') => {
                    chars.next();
                    skip_csi(&mut chars);
                }
                Some(']') => {
                    // An operating-system command runs to a bell or `ESC \\`.
                    while let Some(c) = chars.next() {
                        if c == '\u{07}' || c == '\u{1B}' && chars.next_if_eq(&'\\').is_some() {
                            break;
                        }
                    }
                }
                _ => {
                    chars.next();
                }
            },
            '\u{9B}' => skip_csi(&mut chars),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    Some(out)
}

/// Skips a control sequence's parameters, intermediates and final character (`2J`, `31m`).
fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while chars
        .next_if(|c| ('\u{30}'..='\u{3F}').contains(c))
        .is_some()
    {}
    while chars
        .next_if(|c| ('\u{20}'..='\u{2F}').contains(c))
        .is_some()
    {}
    chars.next_if(|c| ('\u{40}'..='\u{7E}').contains(c));
}

/// Decodes a file's bytes.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, DecodeError> {
    let decoded = decode_any(bytes)?;
    if decoded.text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok(decoded)
}

/// Decodes bytes whose charset is stated apart from them (a MIME part's `charset=gb2312`): in
/// that charset when it names a legacy one, else as [`decode`] reads any file. The result owns
/// its text.
pub fn decode_labelled(bytes: &[u8], label: Option<&str>) -> Result<Decoded<'static>, DecodeError> {
    let stated = label
        .and_then(|l| Encoding::for_label(l.trim().as_bytes()))
        .filter(|e| *e != encoding_rs::UTF_8);
    let decoded = match stated {
        Some(encoding) => legacy(bytes, encoding),
        None => decode(bytes)?,
    };
    if decoded.text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok(Decoded {
        text: Cow::Owned(decoded.text.into_owned()),
        warning: decoded.warning,
        encoding: decoded.encoding,
    })
}

fn decode_any(bytes: &[u8]) -> Result<Decoded<'_>, DecodeError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Ok(utf8(rest));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Ok(utf16(rest, u16::from_le_bytes, "UTF-16LE"));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Ok(utf16(rest, u16::from_be_bytes, "UTF-16BE"));
    }
    if let Some(kind) = sniff_magic(bytes) {
        return Err(DecodeError::Binary(kind));
    }
    match utf16_without_bom(bytes) {
        Some(Utf16::Le) => return Ok(utf16(bytes, u16::from_le_bytes, "UTF-16LE")),
        Some(Utf16::Be) => return Ok(utf16(bytes, u16::from_be_bytes, "UTF-16BE")),
        None => {}
    }
    if bytes
        .get(..bytes.len().min(SNIFF_LEN))
        .unwrap_or(bytes)
        .contains(&0)
    {
        return stray_nuls(bytes).ok_or(DecodeError::Binary("contains NUL bytes"));
    }
    if std::str::from_utf8(bytes).is_ok() {
        return Ok(utf8(bytes));
    }
    let stats = Utf8Stats::of(bytes);
    if looks_like_damaged_utf8(&stats) {
        return Ok(utf8(bytes));
    }
    if let Some(decoded) = mixed(bytes) {
        return Ok(decoded);
    }
    // A page that declares UTF-8 but failed the damaged-UTF-8 test above is in some other
    // encoding (a template's declaration over GBK text): the bytes outweigh the declaration.
    if let Some(encoding) = declared_charset(bytes).filter(|e| *e != encoding_rs::UTF_8) {
        return Ok(legacy(bytes, encoding));
    }
    if stats.bad_bytes <= STRAY_BYTES_MAX && stats.good_non_ascii == 0 {
        return Ok(utf8(bytes));
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    // A guess is never silent: the file is named with the encoding it was read as.
    let mut decoded = legacy(bytes, guess);
    let guessed = format!("not UTF-8: decoded as {}", decoded.encoding);
    decoded.warning = Some(match decoded.warning.take() {
        Some(more) => format!("{guessed}; {more}"),
        None => guessed,
    });
    Ok(decoded)
}

/// Whether a file whose first bytes are `head` can be read line by line as UTF-8 (see
/// [`LineDecoder`]): what the whole-file checks above make of the head is UTF-8, so the file is
/// neither binary, UTF-16 nor in a legacy encoding. A head cut inside a character is cut back to
/// the last whole line (or the last ASCII byte) first, so the cut itself is no damage.
pub fn streams_as_utf8(head: &[u8]) -> bool {
    let end = match head.iter().rposition(|&b| b == b'\n') {
        Some(newline) => newline + 1,
        None => {
            head.len()
                - head
                    .iter()
                    .rev()
                    .take(3)
                    .take_while(|b| !b.is_ascii())
                    .count()
        }
    };
    let head = &head[..end];
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return false;
    }
    decode_any(head).is_ok_and(|d| d.encoding == "UTF-8")
}

/// Decodes a UTF-8 file one line at a time, replacing invalid bytes with U+FFFD and counting
/// them, so a feed of any size is decoded without holding more than a line; [`warning`] then
/// reports the count once for the whole file, in the words [`decode`] uses.
///
/// [`warning`]: LineDecoder::warning
#[derive(Debug, Default)]
pub struct LineDecoder {
    /// Bytes decoded so far (the offset of the next line).
    offset: u64,
    bad: u64,
    first_bad: Option<u64>,
}

impl LineDecoder {
    /// Decodes one line's bytes (a byte-order mark at the very start of the file is dropped).
    pub fn line<'a>(&mut self, bytes: &'a [u8]) -> Cow<'a, str> {
        let start = self.offset;
        let bytes = if start == 0 {
            bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
        } else {
            bytes
        };
        // Offsets count from after the byte-order mark, as in [`decode`].
        self.offset += bytes.len() as u64;
        match std::str::from_utf8(bytes) {
            Ok(text) => Cow::Borrowed(text),
            Err(err) => {
                let bad: usize = bytes.utf8_chunks().map(|c| c.invalid().len()).sum();
                self.bad += bad as u64;
                self.first_bad
                    .get_or_insert(start + err.valid_up_to() as u64);
                String::from_utf8_lossy(bytes)
            }
        }
    }

    /// Invalid bytes replaced so far.
    pub fn replaced(&self) -> u64 {
        self.bad
    }

    /// The file's one message about its bytes, when some were replaced.
    pub fn warning(&self) -> Option<String> {
        let first = self.first_bad?;
        let bad = self.bad;
        let plural = if bad == 1 { "" } else { "s" };
        Some(format!(
            "not valid UTF-8: replaced {bad} invalid byte{plural} with U+FFFD (the first at byte {first})"
        ))
    }
}

/// How the non-ASCII bytes of a file that is not valid UTF-8 split into valid multi-byte
/// sequences and invalid ones.
#[derive(Debug, Default, PartialEq, Eq)]
struct Utf8Stats {
    /// Non-ASCII bytes that belong to valid UTF-8 sequences.
    good_non_ascii: usize,
    /// Bytes in invalid sequences.
    bad_bytes: usize,
}

impl Utf8Stats {
    fn of(bytes: &[u8]) -> Utf8Stats {
        let mut stats = Utf8Stats::default();
        for chunk in bytes.utf8_chunks() {
            stats.good_non_ascii += chunk.valid().bytes().filter(|b| !b.is_ascii()).count();
            stats.bad_bytes += chunk.invalid().len();
        }
        stats
    }
}

/// True when a file's non-ASCII bytes are overwhelmingly valid UTF-8, so the bad ones are
/// damage (a truncated character, a byte flipped by a bad copy) rather than another encoding:
/// invalid bytes are at most [`DAMAGED_UTF8_MAX_PERCENT`] of the non-ASCII bytes.
///
/// The share is taken of the non-ASCII bytes, not of the whole file, because a GBK web page
/// is mostly ASCII markup: its few hundred bytes of Chinese would be under 1% of the file
/// and yet every one of them needs GBK.
fn looks_like_damaged_utf8(stats: &Utf8Stats) -> bool {
    let non_ascii = stats.good_non_ascii + stats.bad_bytes;
    stats.good_non_ascii > 0 && stats.bad_bytes * 100 <= non_ascii * DAMAGED_UTF8_MAX_PERCENT
}

/// The most NUL bytes a text file may hold and still be text with stray bytes in it (a
/// scraper's damaged record) rather than binary; more than one must also be at most 1 % of its
/// bytes.
const STRAY_NULS_MAX: usize = 16;

/// UTF-8 text with a few NUL bytes in it, each replaced by U+FFFD and reported with the line of
/// the first: a stray byte must not make a feed of a thousand records binary and drop them all.
/// `None` when there are more, or when the rest is not UTF-8: binary.
fn stray_nuls(bytes: &[u8]) -> Option<Decoded<'static>> {
    let nuls = bytes.iter().filter(|&&b| b == 0).count();
    if nuls > STRAY_NULS_MAX || (nuls > 1 && nuls * 100 > bytes.len()) {
        return None;
    }
    let mut replaced = Vec::with_capacity(bytes.len() + 2 * nuls);
    for &byte in bytes {
        match byte {
            0 => replaced.extend_from_slice("\u{FFFD}".as_bytes()),
            _ => replaced.push(byte),
        }
    }
    let text = String::from_utf8(replaced).ok()?;
    let first = bytes.iter().position(|&b| b == 0)?;
    let line = 1 + bytes[..first].iter().filter(|&&b| b == b'\n').count();
    let plural = if nuls == 1 { "" } else { "s" };
    Some(Decoded {
        text: Cow::Owned(text),
        warning: Some(format!(
            "{nuls} NUL byte{plural} replaced with U+FFFD (the first on line {line})"
        )),
        encoding: "UTF-8",
    })
}

fn utf8(bytes: &[u8]) -> Decoded<'_> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Decoded {
            text: Cow::Borrowed(text),
            warning: None,
            encoding: "UTF-8",
        },
        Err(err) => {
            let bad: usize = bytes.utf8_chunks().map(|chunk| chunk.invalid().len()).sum();
            let plural = if bad == 1 { "" } else { "s" };
            Decoded {
                text: String::from_utf8_lossy(bytes),
                warning: Some(format!(
                    "not valid UTF-8: replaced {bad} invalid byte{plural} with U+FFFD (the first at byte {})",
                    err.valid_up_to()
                )),
                encoding: "UTF-8",
            }
        }
    }
}

/// A file of UTF-8 lines and lines in a legacy encoding (a GBK paragraph pasted into a UTF-8
/// release): each line read in its own. Taken only when several lines hold Chinese (or other
/// non-ASCII) text in valid UTF-8, which a file in one legacy encoding never does at length;
/// the other lines' encoding is guessed from them alone, and named in the warning.
fn mixed(bytes: &[u8]) -> Option<Decoded<'static>> {
    /// The non-ASCII bytes a valid line must hold to count as UTF-8 text (three Chinese
    /// characters; a legacy line is valid UTF-8 only by chance, and then only for a character
    /// or two).
    const LINE_NON_ASCII: usize = 9;
    /// The non-ASCII bytes of such lines the file must hold in all.
    const FILE_NON_ASCII: usize = 60;
    let lines: Vec<&[u8]> = bytes.split_inclusive(|&b| b == b'\n').collect();
    let utf8_text: usize = lines
        .iter()
        .filter(|l| std::str::from_utf8(l).is_ok())
        .map(|l| l.iter().filter(|b| !b.is_ascii()).count())
        .filter(|&n| n >= LINE_NON_ASCII)
        .sum();
    if utf8_text < FILE_NON_ASCII {
        return None;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    for line in lines.iter().filter(|l| std::str::from_utf8(l).is_err()) {
        detector.feed(line, false);
    }
    detector.feed(&[], true);
    let other = detector.guess(None, chardetng::Utf8Detection::Deny);
    let mut text = String::with_capacity(bytes.len() * 3 / 2);
    let (mut moved, mut first) = (0usize, None);
    for (n, line) in lines.iter().enumerate() {
        match std::str::from_utf8(line) {
            Ok(valid) => text.push_str(valid),
            Err(_) => {
                let (decoded, _) = other.decode_without_bom_handling(line);
                text.push_str(&decoded);
                moved += 1;
                first.get_or_insert(n + 1);
            }
        }
    }
    let plural = if moved == 1 { "" } else { "s" };
    Some(Decoded {
        text: Cow::Owned(text),
        warning: Some(format!(
            "mixed encodings: {moved} line{plural} not UTF-8 decoded as {} (the first on line {}), \
             the rest as UTF-8",
            display_name(other),
            first.unwrap_or(1)
        )),
        encoding: "UTF-8",
    })
}

/// Decodes with a legacy (non-UTF) encoding; a warning only when bytes had to be replaced.
fn legacy(bytes: &[u8], encoding: &'static Encoding) -> Decoded<'static> {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    let name = display_name(encoding);
    let warning = had_errors.then(|| {
        let bad = text.matches('\u{FFFD}').count();
        format!("invalid {name} ({bad} bad sequence(s) replaced with U+FFFD)")
    });
    Decoded {
        text: Cow::Owned(text.into_owned()),
        warning,
        encoding: name,
    }
}

/// encoding_rs's name, except that `gb18030` is written like its sibling `GBK`.
fn display_name(encoding: &'static Encoding) -> &'static str {
    if encoding == encoding_rs::GB18030 {
        "GB18030"
    } else {
        encoding.name()
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16, name: &'static str) -> Decoded<'static> {
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let mut bad = 0;
    let text: String = char::decode_utf16(units)
        .map(|r| {
            r.unwrap_or_else(|_| {
                bad += 1;
                char::REPLACEMENT_CHARACTER
            })
        })
        .collect();
    let odd = bytes.len() % 2 == 1;
    let warning = (bad > 0 || odd).then(|| {
        format!(
            "invalid UTF-16 ({bad} bad unit(s) replaced{})",
            if odd { ", odd length" } else { "" }
        )
    });
    Decoded {
        text: Cow::Owned(text),
        warning,
        encoding: name,
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Utf16 {
    Le,
    Be,
}

/// UTF-16 without a BOM, recognised the only way it can be: text that is mostly ASCII has a
/// NUL in every other byte. At least half of the first 8 KB's code units must have their high
/// byte NUL, and almost none (under 2%) their low byte NUL (which a real U+0000, or a binary
/// file, would have). Chinese UTF-16 has no such pattern: its few NULs (spaces, digits, line
/// breaks) all on one side, it is recognised by its units being Han characters and
/// punctuation (see [`han_utf16`]).
fn utf16_without_bom(bytes: &[u8]) -> Option<Utf16> {
    let head = bytes.get(..bytes.len().min(SNIFF_LEN)).unwrap_or(bytes);
    let pairs = head.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut even_nul, mut odd_nul) = (0usize, 0usize);
    for pair in head.chunks_exact(2) {
        even_nul += usize::from(pair[0] == 0);
        odd_nul += usize::from(pair[1] == 0);
    }
    let mostly = |n: usize| n * 2 >= pairs;
    let rare = |n: usize| n * 50 < pairs;
    if mostly(odd_nul) && rare(even_nul) {
        Some(Utf16::Le)
    } else if mostly(even_nul) && rare(odd_nul) {
        Some(Utf16::Be)
    } else if even_nul < odd_nul && odd_nul >= 2 && han_utf16(head, u16::from_le_bytes) {
        // (A Han character may have a NUL byte too: 一 is U+4E00.)
        Some(Utf16::Le)
    } else if odd_nul < even_nul && even_nul >= 2 && han_utf16(head, u16::from_be_bytes) {
        Some(Utf16::Be)
    } else {
        None
    }
}

/// Whether `head` reads as Chinese text in UTF-16 (its NULs, all on one side, being those of
/// its spaces, digits and line breaks): nearly every unit is a Han character, CJK or
/// full-width punctuation, or printable ASCII.
fn han_utf16(head: &[u8], unit: fn([u8; 2]) -> u16) -> bool {
    let units: Vec<u16> = head.chunks_exact(2).map(|p| unit([p[0], p[1]])).collect();
    let han = units
        .iter()
        .filter(|&&u| (0x4E00..=0x9FFF).contains(&u) || (0x3400..=0x4DBF).contains(&u))
        .count();
    let plausible = units
        .iter()
        .filter(|&&u| {
            matches!(u, 0x09 | 0x0A | 0x0D | 0x20..=0x7E | 0x3000..=0x303F | 0xFF00..=0xFFEF
                | 0x2010..=0x206F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF)
        })
        .count();
    han * 4 >= units.len() && plausible * 100 >= units.len() * 98
}

/// The encoding a page or feed declares in its first 2 KB: an XML declaration
/// (`<?xml version="1.0" encoding="gb2312"?>`), `<meta charset="gbk">` or
/// `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`. Labels are
/// resolved as browsers do (`gb2312` → GBK, `latin1` → windows-1252). A declared UTF-16 is
/// ignored: bytes that got this far are not UTF-16, so the declaration is stale.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..bytes.len().min(META_LEN)).unwrap_or(bytes);
    let lower = head.to_ascii_lowercase();
    let encoding = xml_encoding(&lower).or_else(|| meta_charset(&lower))?;
    (encoding != encoding_rs::UTF_16LE && encoding != encoding_rs::UTF_16BE).then_some(encoding)
}

/// `encoding="..."` of an XML declaration that opens the (lowercased) text.
fn xml_encoding(lower: &[u8]) -> Option<&'static Encoding> {
    let declaration = trim_ascii_start(lower).strip_prefix(b"<?xml")?;
    let declaration = &declaration[..find(declaration, b"?>")?];
    let at = find(declaration, b"encoding")?;
    label_after(&declaration[at + b"encoding".len()..])
}

/// `charset=...` inside a tag of the (lowercased) text.
fn meta_charset(lower: &[u8]) -> Option<&'static Encoding> {
    let mut from = 0;
    while let Some(at) = find(lower.get(from..)?, b"charset") {
        let start = from + at + b"charset".len();
        from = start;
        // Only inside a tag: `charset` in running text is not a declaration.
        let before = lower.get(..start)?;
        let last_open = before.iter().rposition(|&b| b == b'<');
        let last_close = before.iter().rposition(|&b| b == b'>');
        if last_open.is_none() || last_close > last_open {
            continue;
        }
        if let Some(encoding) = label_after(lower.get(start..)?) {
            return Some(encoding);
        }
    }
    None
}

/// The encoding named after an attribute's name: `="gbk"`, `= 'big5'`, `=gb2312;`.
fn label_after(rest: &[u8]) -> Option<&'static Encoding> {
    let rest = trim_ascii_start(trim_ascii_start(rest).strip_prefix(b"=")?);
    let rest = rest.strip_prefix(b"\"").unwrap_or(rest);
    let rest = rest.strip_prefix(b"'").unwrap_or(rest);
    let end = rest
        .iter()
        .position(|&b| {
            matches!(b, b'"' | b'\'' | b';' | b'>' | b'/' | b'?') || b.is_ascii_whitespace()
        })
        .unwrap_or(rest.len());
    Encoding::for_label(rest.get(..end)?)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn trim_ascii_start(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    bytes.get(start..).unwrap_or_default()
}

/// Recognises common binary formats by their magic numbers.
fn sniff_magic(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF", "PDF"),
        (b"PK\x03\x04", "ZIP archive or Office document"),
        (b"\x89PNG", "PNG image"),
        (b"\xFF\xD8\xFF", "JPEG image"),
        (b"GIF8", "GIF image"),
        (b"\x1F\x8B", "gzip archive"),
        (b"7z\xBC\xAF", "7z archive"),
        (b"Rar!", "RAR archive"),
        (b"\xD0\xCF\x11\xE0", "legacy Office document"),
        (b"\x7FELF", "executable"),
    ];
    MAGIC
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, kind)| *kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode("香山".as_bytes()).unwrap().text, "香山");
        assert_eq!(decode(b"\xEF\xBB\xBFforum").unwrap().text, "forum");
    }

    #[test]
    fn utf16_both_byte_orders() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("香山 forum".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("香山 forum".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(&le).unwrap().text, "香山 forum");
        assert_eq!(decode(&be).unwrap().text, "香山 forum");
        assert_eq!(decode(&be).unwrap().encoding, "UTF-16BE");
    }

    #[test]
    fn invalid_utf8_is_replaced_and_reported() {
        let decoded = decode(b"Xiangshan \xFF\xFE Forum").unwrap();
        assert!(decoded.text.contains("Forum"));
        assert!(decoded.warning.unwrap().contains("byte 10"));
    }

    #[test]
    fn a_few_stray_bytes_are_reported_not_guessed_at() {
        // Two Latin-1 bytes are too little to tell Latin-1 from damage (tests/robustness.rs
        // expects the warning); a text full of them is windows-1252, decoded cleanly.
        const FEW: &[u8] = b"Caf\xe9 briefing\nThe spokesperson met reporters at the caf\xe9.\n";
        let decoded = decode(FEW).unwrap();
        assert_eq!(decoded.encoding, "UTF-8");
        assert!(decoded.warning.unwrap().starts_with(
            "not valid UTF-8: replaced 2 invalid bytes with U+FFFD (the first at byte 3)"
        ));

        const MANY: &[u8] = b"The d\xe9l\xe9gation visited the caf\xe9 and the mus\xe9e \x93today\x94 \x96 a r\xe9sum\xe9 followed.";
        let decoded = decode(MANY).unwrap();
        assert_eq!(decoded.encoding, "windows-1252");
        assert_eq!(
            decoded.warning.as_deref(),
            Some("not UTF-8: decoded as windows-1252")
        );
        assert!(decoded.text.contains("délégation"), "{}", decoded.text);
        assert!(
            decoded.text.contains("\u{201C}today\u{201D}"),
            "{}",
            decoded.text
        );
    }

    #[test]
    fn binary_and_empty_files_are_refused() {
        assert_eq!(
            decode(b"%PDF-1.7 ...").unwrap_err(),
            DecodeError::Binary("PDF")
        );
        let mut many = b"abc".to_vec();
        many.extend([0u8, 1, 2, 0].repeat(20));
        assert!(matches!(decode(&many), Err(DecodeError::Binary(_))));
        assert_eq!(decode(b"  \n\t").unwrap_err(), DecodeError::Empty);
        assert_eq!(decode(b"").unwrap_err(), DecodeError::Empty);
        assert_eq!(decode(b"\xFF\xFE").unwrap_err(), DecodeError::Empty);
    }

    #[test]
    fn a_few_nul_bytes_in_text_are_replaced_not_binary() {
        let first = format!("{{\"title\": \"{}\"}}\n", "a".repeat(100));
        let mut bytes = first.clone().into_bytes();
        bytes.extend_from_slice(b"{\"title\": \"b\0c\"}\n");
        let decoded = decode(&bytes).unwrap();
        let second = "{\"title\": \"b\u{FFFD}c\"}\n";
        assert_eq!(decoded.text, format!("{first}{second}"));
        let warning = decoded.warning.unwrap();
        assert!(warning.contains("1 NUL byte replaced"), "{warning}");
        assert!(warning.contains("line 2"), "{warning}");
    }

    /// The same release in every encoding (tests/fixtures/encodings/make.py writes them).
    const SIMPLIFIED: &[u8] = include_bytes!("../../tests/fixtures/encodings/utf8.txt");
    const TRADITIONAL: &[u8] = include_bytes!("../../tests/fixtures/encodings/traditional.txt");
    const ENCODED: &[(&str, &[u8], &str)] = &[
        (
            "utf8-bom.txt",
            include_bytes!("../../tests/fixtures/encodings/utf8-bom.txt"),
            "UTF-8",
        ),
        (
            "gbk.txt",
            include_bytes!("../../tests/fixtures/encodings/gbk.txt"),
            "GBK",
        ),
        (
            "gb18030.txt",
            include_bytes!("../../tests/fixtures/encodings/gb18030.txt"),
            "GBK",
        ),
        (
            "utf16le-bom.txt",
            include_bytes!("../../tests/fixtures/encodings/utf16le-bom.txt"),
            "UTF-16LE",
        ),
    ];

    #[test]
    fn every_encoding_of_the_fixture_decodes_to_the_same_text() {
        let expected = std::str::from_utf8(SIMPLIFIED).unwrap();
        let plain = decode(SIMPLIFIED).unwrap();
        assert_eq!((plain.encoding, plain.warning), ("UTF-8", None));
        for (name, bytes, encoding) in ENCODED {
            let decoded = decode(bytes).unwrap();
            assert_eq!(decoded.text, expected, "{name}");
            assert_eq!(decoded.encoding, *encoding, "{name}");
            // Declared encodings are read quietly; a guess is named.
            let guessed = format!("not UTF-8: decoded as {encoding}");
            assert!(
                decoded.warning.is_none() || decoded.warning == Some(guessed),
                "{name}: {:?}",
                decoded.warning
            );
        }
        let big5 = decode(include_bytes!("../../tests/fixtures/encodings/big5.txt")).unwrap();
        assert_eq!(big5.text, std::str::from_utf8(TRADITIONAL).unwrap());
        assert_eq!(big5.encoding, "Big5");
        assert_eq!(big5.warning.as_deref(), Some("not UTF-8: decoded as Big5"));
    }

    #[test]
    fn gb18030_four_byte_sequences() {
        // "国防部•" with U+2022 (outside GBK: four bytes in GB18030), declared in a meta tag.
        const PAGE: &[u8] =
            b"<meta charset=\"gb18030\"><p>\xB9\xFA\xB7\xC0\xB2\xBF\x81\x36\xA6\x31</p>";
        let decoded = decode(PAGE).unwrap();
        assert_eq!(decoded.text, "<meta charset=\"gb18030\"><p>国防部•</p>");
        assert_eq!((decoded.encoding, decoded.warning), ("GB18030", None));
    }

    #[test]
    fn one_bad_byte_in_utf8_chinese_stays_utf8() {
        let mut bytes = std::str::from_utf8(SIMPLIFIED).unwrap().as_bytes().to_vec();
        // Cut a character in half in the middle of the file.
        let at = bytes.len() / 2;
        let at = (at..bytes.len()).find(|&i| bytes[i] >= 0xE0).unwrap();
        bytes.remove(at + 1);
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.encoding, "UTF-8");
        let warning = decoded.warning.unwrap();
        assert!(warning.contains(&format!("byte {at}")), "{warning}");
        assert!(decoded.text.contains("国防部新闻发言人"));
    }

    #[test]
    fn declared_charset_is_followed() {
        const CASES: &[(&[u8], &str, &str)] = &[
            // 国防 in GBK, declared the old way (gb2312 means GBK to browsers).
            (
                b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head>\xB9\xFA\xB7\xC0",
                "GBK",
                "国防",
            ),
            (b"<meta charset='big5'>\xB0\xEA\xA8\xBE", "Big5", "國防"),
            (b"<META CHARSET=GBK>\xB9\xFA", "GBK", "国"),
            // A feed's XML declaration.
            (
                b"<?xml version=\"1.0\" encoding=\"GB2312\"?>\n<rss><title>\xB9\xFA\xB7\xC0</title>",
                "GBK",
                "<title>国防</title>",
            ),
            // Declared UTF-8, but the text is GBK: the bytes win.
            (
                b"<meta charset=utf-8><p>\xB9\xFA\xB7\xC0\xB2\xBF\xD0\xC2\xCE\xC5\xB7\xA2\xD1\xD4\xC8\xCB</p>",
                "GBK",
                "<p>国防部新闻发言人</p>",
            ),
            // No tag around `charset=`: not a declaration; too little to guess from.
            (b"charset=big5 \xB0", "UTF-8", "charset=big5 \u{FFFD}"),
        ];
        for (bytes, encoding, tail) in CASES {
            let decoded = decode(bytes).unwrap();
            assert_eq!(decoded.encoding, *encoding, "{bytes:?}");
            assert!(decoded.text.ends_with(tail), "{}", decoded.text);
        }
    }

    #[test]
    fn legacy_text_without_declaration_is_guessed() {
        // 国防部新闻发言人表示 in GBK, no declaration.
        const GBK: &[u8] =
            b"\xB9\xFA\xB7\xC0\xB2\xBF\xD0\xC2\xCE\xC5\xB7\xA2\xD1\xD4\xC8\xCB\xB1\xED\xCA\xBE";
        let decoded = decode(GBK).unwrap();
        assert_eq!(decoded.text, "国防部新闻发言人表示");
        assert_eq!(decoded.encoding, "GBK");
        assert_eq!(
            decoded.warning.as_deref(),
            Some("not UTF-8: decoded as GBK")
        );
    }

    #[test]
    fn utf16_without_bom_is_text_not_binary() {
        const TEXT: &str = "Defense spokesperson: the drill is routine.\n";
        let le: Vec<u8> = TEXT.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = TEXT.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let decoded = decode(&le).unwrap();
        assert_eq!(
            (decoded.text.as_ref(), decoded.encoding),
            (TEXT, "UTF-16LE")
        );
        let decoded = decode(&be).unwrap();
        assert_eq!(
            (decoded.text.as_ref(), decoded.encoding),
            (TEXT, "UTF-16BE")
        );
        // NULs in no such pattern are still binary.
        assert!(matches!(
            decode(b"\0\0\0\x01ab\0\0cd\0\0"),
            Err(DecodeError::Binary(_))
        ));
    }

    #[test]
    fn chinese_utf16_without_bom_is_text_not_binary() {
        // Its few NULs are those of its digits and line breaks; 一 (U+4E00) has one on the
        // other side.
        const TEXT: &str = "中国海军第47批护航编队从湛江启航，一路向西。\n编队由驱逐舰、护卫舰和综合补给舰组成。\n";
        for (bytes, name) in [
            (
                TEXT.encode_utf16()
                    .flat_map(u16::to_le_bytes)
                    .collect::<Vec<u8>>(),
                "UTF-16LE",
            ),
            (
                TEXT.encode_utf16().flat_map(u16::to_be_bytes).collect(),
                "UTF-16BE",
            ),
        ] {
            let decoded = decode(&bytes).unwrap();
            assert_eq!((decoded.text.as_ref(), decoded.encoding), (TEXT, name));
        }
    }

    #[test]
    fn a_gbk_paragraph_in_a_utf8_file_is_read_as_gbk() {
        let (gbk, _, _) = encoding_rs::GBK.encode("山东舰编队完成远海训练后返回三亚。\n");
        let mut bytes = "山东舰航母编队赴西太平洋开展训练\n\n据国防部消息，山东舰航母编队近日赴西太平洋海域开展远海实战化训练。\n"
            .as_bytes()
            .to_vec();
        bytes.extend_from_slice(&gbk);
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.encoding, "UTF-8");
        assert!(
            decoded
                .text
                .ends_with("山东舰编队完成远海训练后返回三亚。\n"),
            "{}",
            decoded.text
        );
        assert!(
            decoded.text.starts_with("山东舰航母编队"),
            "{}",
            decoded.text
        );
        let warning = decoded.warning.unwrap();
        assert!(
            warning.contains("decoded as GBK (the first on line 4)"),
            "{warning}"
        );
        // A file in GBK alone is still read as GBK, whole.
        let text = "山东舰航母编队赴西太平洋开展训练。\n".repeat(20);
        let (whole, _, _) = encoding_rs::GBK.encode(&text);
        assert_eq!(decode(&whole).unwrap().encoding, "GBK");
    }

    #[test]
    fn odd_bytes_never_panic() {
        const INPUTS: &[&[u8]] = &[
            b"\xFF",
            b"\xFE",
            b"\xEF\xBB",
            b"\xC3",
            b"<meta charset=",
            b"<meta charset=\"",
            b"<meta charset=utf-16>\xB9\xFA",
            b"<meta charset=x-unknown>\xB9\xFA\xB7\xC0\xB2\xBF\xD0\xC2\xCE",
            b"a\0",
            b"\0a",
            b"\x80\x80\x80\x80\x80\x80\x80",
        ];
        for input in INPUTS {
            let _ = decode(input);
        }
    }

    #[test]
    fn control_characters_that_act_on_a_terminal_are_removed() {
        assert_eq!(without_controls("plain text\twith a tab\nand a line"), None);
        assert_eq!(without_controls("line\r\nline"), None);
        assert_eq!(
            without_controls("drill.\u{07} Bell\u{1B}[2J\u{1B}[31m red\u{08}x\u{7F}").as_deref(),
            Some("drill.  Bell red x ")
        );
        assert_eq!(
            without_controls("a\u{0B}b\u{0C}c\u{85}d\re").as_deref(),
            Some("a\nb\nc\nd\ne")
        );
        assert_eq!(
            without_controls("C1\u{9B}31m CSI").as_deref(),
            Some("C1 CSI")
        );
        assert_eq!(
            without_controls("title\u{1B}]0;owned\u{07} rest").as_deref(),
            Some("title rest")
        );
    }
}
