//! A small JSON reader and writer for the project file and the rollout export.
//!
//! fwpolicy used to read and write JSON through a general-purpose serialization library; this
//! module does the little that is needed by hand, because in the browser every byte of the
//! editor's WebAssembly counts. It behaves exactly like that library did, so files, messages
//! and positions are unchanged:
//!
//! * [`parse`] is strict RFC 8259 JSON (no comments, no trailing commas, no leading zeros, no
//!   `NaN`), nested at most 127 arrays/objects deep. A failure gives the 1-based line, the
//!   column (counted in bytes, 0 right after a line break) and one of a fixed set of
//!   messages (`expected value`, `trailing comma`, `EOF while parsing an object`, ...).
//! * Numbers are kept as an unsigned integer, a negative integer or a finite float; floats
//!   are computed as `digits × 10^exponent` (the significand rounded to `f64` first), and a
//!   number too large for `f64` is an error (`number out of range`).
//! * An object keeps its members in file order; [`Map::get`] finds the **last** member of a
//!   name (a repeated key overrides the earlier one) and [`Map::sorted`] lists the members by
//!   name, each name once, as the old reader's sorted map did.
//! * [`Value`]'s `Display` is compact JSON with the members sorted by name; [`Pretty`]
//!   writes indented JSON (2 spaces, `"key": value`, `[]` and `{}` when empty). Both escape
//!   `"`, `\` and control characters only (`\n`, `\t`, ..., otherwise `\u00XX` in lowercase
//!   hex) and write floats in the shortest form that reads back to the same `f64`, with a
//!   `.0` on whole numbers and an exponent outside `1e-5 ≤ |x| < 1e16` (`1e+16`, `1.5e-7`).

use crate::text::join;
use std::fmt::{self, Write as _};

/// A JSON value as read by [`parse`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string (escapes decoded).
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object.
    Object(Map),
}

/// A JSON number: an integer when it is one that fits, a float otherwise.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Number {
    /// A whole number ≥ 0 that fits in `u64`.
    PosInt(u64),
    /// A whole number < 0 that fits in `i64`.
    NegInt(i64),
    /// Anything else (finite; `-0` is a float).
    Float(f64),
}

/// The members of an object, in file order (names may repeat; see the module documentation).
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Map {
    members: Vec<(String, Value)>,
}

impl Map {
    /// The value of the last member called `key`.
    pub(crate) fn get(&self, key: &str) -> Option<&Value> {
        self.members
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// True when a member is called `key`.
    pub(crate) fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The members sorted by name (byte order), each name once with its last value.
    pub(crate) fn sorted(&self) -> Vec<&(String, Value)> {
        let mut out: Vec<&(String, Value)> = Vec::with_capacity(self.members.len());
        for member in &self.members {
            match out.binary_search_by(|m| m.0.as_str().cmp(&member.0)) {
                Ok(at) => out[at] = member,
                Err(at) => out.insert(at, member),
            }
        }
        out
    }
}

impl Value {
    /// The members, if this is an object.
    pub(crate) fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    /// The items, if this is an array.
    pub(crate) fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The text, if this is a string.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean, if this is `true` or `false`.
    pub(crate) fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The number, if this is a whole number ≥ 0 that fits in `u64`.
    pub(crate) fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(Number::PosInt(n)) => Some(*n),
            _ => None,
        }
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Number::PosInt(n) => write!(f, "{n}"),
            Number::NegInt(n) => write!(f, "{n}"),
            Number::Float(x) => {
                let mut s = String::new();
                push_f64(&mut s, x);
                f.write_str(&s)
            }
        }
    }
}

/// Compact JSON, members sorted by name.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        push_compact(&mut out, self);
        f.write_str(&out)
    }
}

fn push_compact(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            let _ = write!(out, "{n}");
        }
        Value::String(s) => push_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_compact(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in map.sorted().into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_string(out, key);
                out.push(':');
                push_compact(out, item);
            }
            out.push('}');
        }
    }
}

/// Appends `text` as a JSON string literal.
fn push_string(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        if escape.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(&text[start..]);
    out.push('"');
}

/// Appends a finite float in the shortest form that reads back to the same value (see the
/// module documentation for the layout).
fn push_f64(out: &mut String, x: f64) {
    if x.is_sign_negative() {
        out.push('-');
    }
    if x == 0.0 {
        out.push_str("0.0");
        return;
    }
    // `Display` gives the shortest round-tripping digits, never with an exponent.
    let (mut digits, mut exp) = significant(&format!("{}", x.abs()));
    if digits.len() >= 16 {
        // Two shortest candidates can be equally close (only with 16 or more digits). The
        // old writer took the one with an even last digit; `Display` may take the other.
        // The exact value then has one digit more, a 5.
        let (exact, exact_exp) = significant(&format!("{:.1100}", x.abs()));
        let n = digits.len();
        if exact.len() == n + 1
            && exact.ends_with('5')
            && exact_exp == exp
            && digits.as_bytes()[n - 1] % 2 == 1
        {
            let lower = &exact[..n];
            if digits == lower {
                digits = increment(lower);
                if digits.len() > n {
                    exp += 1;
                }
                digits = digits.trim_end_matches('0').to_string();
            } else {
                digits = lower.to_string();
            }
        }
    }
    let digits = digits.as_str();
    let len = digits.len() as i64;
    let zeros = |out: &mut String, n: i64| out.extend((0..n).map(|_| '0'));
    if (-5..=15).contains(&exp) {
        if len - 1 <= exp {
            out.push_str(digits);
            zeros(out, exp + 1 - len);
            out.push_str(".0");
        } else if exp >= 0 {
            let (a, b) = digits.split_at((exp + 1) as usize);
            out.push_str(a);
            out.push('.');
            out.push_str(b);
        } else {
            out.push_str("0.");
            zeros(out, -exp - 1);
            out.push_str(digits);
        }
    } else {
        let (a, b) = digits.split_at(1);
        out.push_str(a);
        if !b.is_empty() {
            out.push('.');
            out.push_str(b);
        }
        let _ = write!(out, "e{}{}", if exp < 0 { '-' } else { '+' }, exp.abs());
    }
}

/// The significant digits of a plain decimal (`"0.0125"` → `("125", -2)`), with the decimal
/// exponent of the first one. Not for zero.
fn significant(plain: &str) -> (String, i64) {
    let (int, frac) = plain.split_once('.').unwrap_or((plain, ""));
    let all: String = join(&[int, frac], "");
    let lead = all.bytes().take_while(|&b| b == b'0').count();
    let digits = all.get(lead..).unwrap_or_default().trim_end_matches('0');
    (digits.to_string(), int.len() as i64 - 1 - lead as i64)
}

/// A string of decimal digits plus one in the last place (`"199"` → `"200"`, `"99"` → `"100"`).
fn increment(digits: &str) -> String {
    let mut out = digits.as_bytes().to_vec();
    for d in out.iter_mut().rev() {
        if *d == b'9' {
            *d = b'0';
        } else {
            *d += 1;
            return String::from_utf8(out).unwrap_or_default();
        }
    }
    out.insert(0, b'1');
    String::from_utf8(out).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

/// Builds indented JSON (2 spaces), token by token. The caller keeps the structure balanced:
/// [`Pretty::key`] inside objects, [`Pretty::item`] before each array element.
#[derive(Debug, Default)]
pub(crate) struct Pretty {
    out: String,
    depth: usize,
    first: bool,
    has_value: bool,
}

impl Pretty {
    /// An empty document.
    pub(crate) fn new() -> Self {
        Pretty::default()
    }

    /// The text written (no trailing line break).
    pub(crate) fn finish(self) -> String {
        self.out
    }

    fn open(&mut self, c: char) {
        self.out.push(c);
        self.depth += 1;
        self.first = true;
        self.has_value = false;
    }

    fn close(&mut self, c: char) {
        self.depth -= 1;
        if self.has_value {
            self.newline();
        }
        self.out.push(c);
        self.first = false;
        self.has_value = true;
    }

    fn newline(&mut self) {
        self.out.push('\n');
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }

    fn separate(&mut self) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        self.newline();
    }

    /// `{`.
    pub(crate) fn begin_object(&mut self) {
        self.open('{');
    }

    /// `}`.
    pub(crate) fn end_object(&mut self) {
        self.close('}');
    }

    /// `[`.
    pub(crate) fn begin_array(&mut self) {
        self.open('[');
    }

    /// `]`.
    pub(crate) fn end_array(&mut self) {
        self.close(']');
    }

    /// Starts a member of the current object: `"key": `.
    pub(crate) fn key(&mut self, key: &str) {
        self.separate();
        push_string(&mut self.out, key);
        self.out.push_str(": ");
    }

    /// Starts an element of the current array.
    pub(crate) fn item(&mut self) {
        self.separate();
    }

    fn scalar(&mut self) -> &mut String {
        self.has_value = true;
        &mut self.out
    }

    /// A string value.
    pub(crate) fn string(&mut self, text: &str) {
        push_string(self.scalar(), text);
    }

    /// A whole number.
    pub(crate) fn uint(&mut self, n: u64) {
        let _ = write!(self.scalar(), "{n}");
    }

    /// `true` / `false`.
    pub(crate) fn boolean(&mut self, b: bool) {
        self.scalar().push_str(if b { "true" } else { "false" });
    }

    /// `null`.
    pub(crate) fn null(&mut self) {
        self.scalar().push_str("null");
    }

    /// A float; `null` when it is not finite.
    pub(crate) fn float(&mut self, x: f64) {
        if x.is_finite() {
            push_f64(self.scalar(), x);
        } else {
            self.null();
        }
    }

    /// `"key": "text"`.
    pub(crate) fn string_field(&mut self, key: &str, text: &str) {
        self.key(key);
        self.string(text);
    }

    /// `"key": n`.
    pub(crate) fn uint_field(&mut self, key: &str, n: u64) {
        self.key(key);
        self.uint(n);
    }
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

/// Why a text is not JSON, and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    /// 1-based line.
    pub(crate) line: usize,
    /// Column in bytes from the start of the line (0 right after a line break).
    pub(crate) column: usize,
    /// What is wrong, e.g. `expected value`.
    pub(crate) message: &'static str,
}

const EOF_LIST: &str = "EOF while parsing a list";
const EOF_OBJECT: &str = "EOF while parsing an object";
const EOF_STRING: &str = "EOF while parsing a string";
const EOF_VALUE: &str = "EOF while parsing a value";
const EXPECTED_COLON: &str = "expected `:`";
const EXPECTED_LIST_END: &str = "expected `,` or `]`";
const EXPECTED_OBJECT_END: &str = "expected `,` or `}`";
const EXPECTED_IDENT: &str = "expected ident";
const EXPECTED_VALUE: &str = "expected value";
const INVALID_ESCAPE: &str = "invalid escape";
const INVALID_NUMBER: &str = "invalid number";
const OUT_OF_RANGE: &str = "number out of range";
const CONTROL: &str = "control character (\\u0000-\\u001F) found while parsing a string";
const KEY_NOT_STRING: &str = "key must be a string";
const LONE_SURROGATE: &str = "lone leading surrogate in hex escape";
const TRAILING_COMMA: &str = "trailing comma";
const TRAILING: &str = "trailing characters";
const HEX_ESCAPE_END: &str = "unexpected end of hex escape";
const TOO_DEEP: &str = "recursion limit exceeded";

/// Arrays and objects may nest this deep minus one.
const DEPTH_LIMIT: u32 = 128;

/// Reads one JSON value (surrounded by optional whitespace) from `text`.
pub(crate) fn parse(text: &str) -> Result<Value, SyntaxError> {
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        index: 0,
        remaining_depth: DEPTH_LIMIT,
    };
    let value = p.value()?;
    match p.whitespace() {
        Some(_) => Err(p.peek_error(TRAILING)),
        None => Ok(value),
    }
}

type Parsed<T> = Result<T, SyntaxError>;

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    index: usize,
    remaining_depth: u32,
}

impl Parser<'_> {
    fn position(&self, i: usize) -> (usize, usize) {
        let before = &self.bytes[..i];
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let line = 1 + before[..line_start].iter().filter(|&&b| b == b'\n').count();
        (line, i - line_start)
    }

    /// An error at the current position (after the byte just read). (This and
    /// [`Parser::peek_error`] are kept out of line: many call sites.)
    #[inline(never)]
    fn error(&self, message: &'static str) -> SyntaxError {
        let (line, column) = self.position(self.index);
        SyntaxError {
            line,
            column,
            message,
        }
    }

    /// An error at the byte just peeked.
    #[inline(never)]
    fn peek_error(&self, message: &'static str) -> SyntaxError {
        let (line, column) = self.position(self.bytes.len().min(self.index + 1));
        SyntaxError {
            line,
            column,
            message,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.index).copied()
    }

    fn peek_or_null(&self) -> u8 {
        self.peek().unwrap_or(0)
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.index += 1;
        Some(b)
    }

    fn whitespace(&mut self) -> Option<u8> {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.index += 1;
        }
        self.peek()
    }

    fn skip_digits(&mut self) {
        while self.peek_or_null().is_ascii_digit() {
            self.index += 1;
        }
    }

    fn value(&mut self) -> Parsed<Value> {
        let Some(peek) = self.whitespace() else {
            return Err(self.peek_error(EOF_VALUE));
        };
        match peek {
            b'n' => self.ident(b"null", Value::Null),
            b't' => self.ident(b"true", Value::Bool(true)),
            b'f' => self.ident(b"false", Value::Bool(false)),
            b'-' => {
                self.index += 1;
                self.number(false).map(Value::Number)
            }
            b'0'..=b'9' => self.number(true).map(Value::Number),
            b'"' => {
                self.index += 1;
                self.string().map(Value::String)
            }
            b'[' | b'{' => {
                self.remaining_depth -= 1;
                if self.remaining_depth == 0 {
                    return Err(self.peek_error(TOO_DEEP));
                }
                self.index += 1;
                let value = if peek == b'[' {
                    self.array().map(Value::Array)
                } else {
                    self.object().map(Value::Object)
                };
                self.remaining_depth += 1;
                value
            }
            _ => Err(self.peek_error(EXPECTED_VALUE)),
        }
    }

    fn ident(&mut self, word: &[u8], value: Value) -> Parsed<Value> {
        self.index += 1;
        for &expected in &word[1..] {
            match self.next() {
                None => return Err(self.error(EOF_VALUE)),
                Some(b) if b != expected => return Err(self.error(EXPECTED_IDENT)),
                Some(_) => {}
            }
        }
        Ok(value)
    }

    /// After `[`; consumes the closing `]`.
    fn array(&mut self) -> Parsed<Vec<Value>> {
        let mut items = Vec::new();
        loop {
            let peek = match self.whitespace() {
                None => return Err(self.peek_error(EOF_LIST)),
                Some(b']') => break,
                Some(b) => b,
            };
            if !items.is_empty() {
                if peek != b',' {
                    return Err(self.peek_error(EXPECTED_LIST_END));
                }
                self.index += 1;
                match self.whitespace() {
                    Some(b']') => return Err(self.peek_error(TRAILING_COMMA)),
                    Some(_) => {}
                    None => return Err(self.peek_error(EOF_VALUE)),
                }
            }
            items.push(self.value()?);
        }
        self.index += 1;
        Ok(items)
    }

    /// After `{`; consumes the closing `}`.
    fn object(&mut self) -> Parsed<Map> {
        let mut map = Map::default();
        loop {
            let peek = match self.whitespace() {
                None => return Err(self.peek_error(EOF_OBJECT)),
                Some(b'}') => break,
                Some(b) => b,
            };
            if map.members.is_empty() {
                if peek != b'"' {
                    return Err(self.peek_error(KEY_NOT_STRING));
                }
            } else {
                if peek != b',' {
                    return Err(self.peek_error(EXPECTED_OBJECT_END));
                }
                self.index += 1;
                match self.whitespace() {
                    Some(b'"') => {}
                    Some(b'}') => return Err(self.peek_error(TRAILING_COMMA)),
                    Some(_) => return Err(self.peek_error(KEY_NOT_STRING)),
                    None => return Err(self.peek_error(EOF_VALUE)),
                }
            }
            self.index += 1;
            let key = self.string()?;
            match self.whitespace() {
                Some(b':') => self.index += 1,
                Some(_) => return Err(self.peek_error(EXPECTED_COLON)),
                None => return Err(self.peek_error(EOF_OBJECT)),
            }
            let value = self.value()?;
            map.members.push((key, value));
        }
        self.index += 1;
        Ok(map)
    }

    /// After the opening `"`; consumes the closing one.
    fn string(&mut self) -> Parsed<String> {
        let mut out = String::new();
        let mut start = self.index;
        loop {
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.index += 1;
            }
            let Some(b) = self.peek() else {
                return Err(self.error(EOF_STRING));
            };
            // The scan stops only at ASCII bytes, so both ends are character boundaries.
            out.push_str(self.text.get(start..self.index).unwrap_or_default());
            self.index += 1;
            match b {
                b'"' => return Ok(out),
                b'\\' => self.escape(&mut out)?,
                _ => return Err(self.error(CONTROL)),
            }
            start = self.index;
        }
    }

    /// After `\`.
    fn escape(&mut self, out: &mut String) -> Parsed<()> {
        let Some(b) = self.next() else {
            return Err(self.error(EOF_STRING));
        };
        let c = match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => return self.unicode_escape(out),
            _ => return Err(self.error(INVALID_ESCAPE)),
        };
        out.push(c);
        Ok(())
    }

    /// After `\u`: one code point, or a surrogate pair written as two escapes.
    fn unicode_escape(&mut self, out: &mut String) -> Parsed<()> {
        let n = self.hex4()?;
        if (0xDC00..=0xDFFF).contains(&n) {
            return Err(self.error(LONE_SURROGATE));
        }
        let code = if (0xD800..=0xDBFF).contains(&n) {
            for expected in [b'\\', b'u'] {
                match self.peek() {
                    None => return Err(self.error(EOF_STRING)),
                    Some(b) => {
                        self.index += 1;
                        if b != expected {
                            return Err(self.error(HEX_ESCAPE_END));
                        }
                    }
                }
            }
            let low = self.hex4()?;
            if !(0xDC00..=0xDFFF).contains(&low) {
                return Err(self.error(LONE_SURROGATE));
            }
            (((n - 0xD800) << 10) | (low - 0xDC00)) + 0x1_0000
        } else {
            n
        };
        out.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
        Ok(())
    }

    fn hex4(&mut self) -> Parsed<u32> {
        let Some(digits) = self.bytes.get(self.index..self.index + 4) else {
            self.index = self.bytes.len();
            return Err(self.error(EOF_STRING));
        };
        self.index += 4;
        let mut n = 0;
        for &d in digits {
            let v = char::from(d)
                .to_digit(16)
                .ok_or_else(|| self.error(INVALID_ESCAPE))?;
            n = n * 16 + v;
        }
        Ok(n)
    }

    /// After an optional `-`.
    fn number(&mut self, positive: bool) -> Parsed<Number> {
        let significand = match self.next() {
            None => return Err(self.error(EOF_VALUE)),
            Some(b'0') => {
                if self.peek_or_null().is_ascii_digit() {
                    return Err(self.peek_error(INVALID_NUMBER));
                }
                0
            }
            Some(c @ b'1'..=b'9') => {
                let mut significand = u64::from(c - b'0');
                while let c @ b'0'..=b'9' = self.peek_or_null() {
                    match append_digit(significand, c) {
                        Some(s) => significand = s,
                        None => {
                            // Too long for u64: the further digits only scale it.
                            let start = self.index;
                            self.skip_digits();
                            let exponent = (self.index - start) as i32;
                            return self.fraction(positive, significand, exponent);
                        }
                    }
                    self.index += 1;
                }
                significand
            }
            Some(_) => return Err(self.error(INVALID_NUMBER)),
        };
        if matches!(self.peek_or_null(), b'.' | b'e' | b'E') {
            return self.fraction(positive, significand, 0);
        }
        Ok(if positive {
            Number::PosInt(significand)
        } else {
            match 0i64.checked_sub_unsigned(significand) {
                Some(n) if n < 0 => Number::NegInt(n),
                _ => Number::Float(-(significand as f64)),
            }
        })
    }

    /// The optional `.digits` and `e±digits` after the integer part.
    fn fraction(
        &mut self,
        positive: bool,
        mut significand: u64,
        mut exponent: i32,
    ) -> Parsed<Number> {
        if self.peek_or_null() == b'.' {
            self.index += 1;
            let start = self.index;
            while let c @ b'0'..=b'9' = self.peek_or_null() {
                match append_digit(significand, c) {
                    Some(s) => significand = s,
                    None => {
                        // Too many digits: the rest are ignored.
                        self.skip_digits();
                        break;
                    }
                }
                self.index += 1;
                exponent -= 1;
            }
            if self.index == start {
                return Err(self.peek_error(match self.peek() {
                    Some(_) => INVALID_NUMBER,
                    None => EOF_VALUE,
                }));
            }
        }
        if matches!(self.peek_or_null(), b'e' | b'E') {
            self.index += 1;
            let positive_exp = match self.peek_or_null() {
                b'+' => {
                    self.index += 1;
                    true
                }
                b'-' => {
                    self.index += 1;
                    false
                }
                _ => true,
            };
            let mut exp = match self.next() {
                None => return Err(self.error(EOF_VALUE)),
                Some(c @ b'0'..=b'9') => i32::from(c - b'0'),
                Some(_) => return Err(self.error(INVALID_NUMBER)),
            };
            while let c @ b'0'..=b'9' = self.peek_or_null() {
                self.index += 1;
                match exp
                    .checked_mul(10)
                    .and_then(|e| e.checked_add(i32::from(c - b'0')))
                {
                    Some(e) => exp = e,
                    None => {
                        if significand != 0 && positive_exp {
                            return Err(self.error(OUT_OF_RANGE));
                        }
                        self.skip_digits();
                        return Ok(Number::Float(if positive { 0.0 } else { -0.0 }));
                    }
                }
            }
            exponent = if positive_exp {
                exponent.saturating_add(exp)
            } else {
                exponent.saturating_sub(exp)
            };
        }
        let mut f = significand as f64;
        loop {
            let abs = exponent.unsigned_abs();
            if abs <= 308 {
                if exponent >= 0 {
                    f *= pow10(abs);
                    if f.is_infinite() {
                        return Err(self.error(OUT_OF_RANGE));
                    }
                } else {
                    f /= pow10(abs);
                }
                break;
            }
            if f == 0.0 {
                break;
            }
            if exponent >= 0 {
                return Err(self.error(OUT_OF_RANGE));
            }
            f /= 1e308;
            exponent += 308;
        }
        Ok(Number::Float(if positive { f } else { -f }))
    }
}

/// `10^n` rounded to the nearest `f64` (ties to even), as the literal `1e{n}` is; `n ≤ 308`.
fn pow10(n: u32) -> f64 {
    // 5^n as little-endian 32-bit limbs; 10^n = 5^n × 2^n.
    let mut limbs: Vec<u32> = vec![1];
    for _ in 0..n {
        let mut carry = 0u64;
        for limb in &mut limbs {
            let v = u64::from(*limb) * 5 + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            limbs.push(carry as u32);
        }
    }
    // The top 128 bits, with the bits below folded into the last one (enough to round).
    let bits = limbs.len() as u32 * 32 - limbs.last().map_or(0, |l| l.leading_zeros());
    let shift = bits.saturating_sub(128);
    let mut top: u128 = 0;
    let mut sticky = false;
    for (i, &limb) in limbs.iter().enumerate().rev() {
        let at = i as u32 * 32;
        if at >= shift {
            top |= u128::from(limb) << (at - shift);
        } else if at + 32 > shift {
            top |= u128::from(limb) >> (shift - at);
            sticky |= limb & ((1u32 << (shift - at)) - 1) != 0;
        } else {
            sticky |= limb != 0;
        }
    }
    let top = (top | u128::from(sticky)) as f64;
    // An exact power of two: 2^(shift + n) ≤ 2^(588 + 308), well inside the normal range.
    top * f64::from_bits(u64::from(shift + n + 1023) << 52)
}

/// `significand` with the ASCII digit `c` appended, or `None` when it no longer fits a u64.
fn append_digit(significand: u64, c: u8) -> Option<u64> {
    significand
        .checked_mul(10)
        .and_then(|s| s.checked_add(u64::from(c - b'0')))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> (usize, usize, &'static str) {
        match parse(text) {
            Err(e) => (e.line, e.column, e.message),
            Ok(v) => panic!("{text:?} parsed as {v}"),
        }
    }

    #[test]
    fn powers_of_ten_match_the_literals() {
        assert_eq!(pow10(0), 1.0);
        assert_eq!(pow10(22), 1e22);
        assert_eq!(pow10(23), 1e23);
        assert_eq!(pow10(100), 1e100);
        assert_eq!(pow10(308), 1e308);
        for n in 0..=308 {
            let literal: f64 = format!("1e{n}").parse().unwrap_or(0.0);
            assert_eq!(pow10(n), literal, "1e{n}");
        }
    }

    #[test]
    fn errors_name_line_and_column() {
        assert_eq!(err(""), (1, 0, EOF_VALUE));
        assert_eq!(err("{\n  \"a\": 1,\n}"), (3, 1, TRAILING_COMMA));
        assert_eq!(err("[1 2]"), (1, 4, EXPECTED_LIST_END));
        assert_eq!(err("{} x"), (1, 4, TRAILING));
        assert_eq!(err("01"), (1, 2, INVALID_NUMBER));
        assert_eq!(err("1e400"), (1, 5, OUT_OF_RANGE));
        assert_eq!(err("\"a\nb\""), (2, 0, CONTROL));
        assert_eq!(err("nul"), (1, 3, EOF_VALUE));
        assert_eq!(err("nulx"), (1, 4, EXPECTED_IDENT));
        assert_eq!(err(&"[".repeat(128)), (1, 128, TOO_DEEP));
        assert!(parse(&format!("{}{}", "[".repeat(127), "]".repeat(127))).is_ok());
    }

    #[test]
    fn floats_are_written_like_before() {
        let text = |x: f64| {
            let mut s = String::new();
            push_f64(&mut s, x);
            s
        };
        assert_eq!(text(0.0), "0.0");
        assert_eq!(text(-0.0), "-0.0");
        assert_eq!(text(1.5), "1.5");
        assert_eq!(text(90.0), "90.0");
        assert_eq!(text(1e15), "1000000000000000.0");
        assert_eq!(text(1e16), "1e+16");
        assert_eq!(text(1.25e-5), "0.0000125");
        assert_eq!(text(1e-6), "1e-6");
        assert_eq!(text(-1.5e300), "-1.5e+300");
    }

    #[test]
    fn objects_keep_the_last_repeated_member_and_display_sorted() {
        let v =
            parse(r#"{"b": 1, "a": [true, null, "x\u00e9\n"], "b": -2.5}"#).unwrap_or(Value::Null);
        assert_eq!(v.to_string(), r#"{"a":[true,null,"xé\n"],"b":-2.5}"#);
        let map = v.as_object().cloned().unwrap_or_default();
        assert_eq!(map.get("b"), Some(&Value::Number(Number::Float(-2.5))));
    }

    #[test]
    fn pretty_writes_two_space_indentation() {
        let mut w = Pretty::new();
        w.begin_object();
        w.uint_field("a", 1);
        w.key("b");
        w.begin_array();
        w.end_array();
        w.key("c");
        w.begin_array();
        w.item();
        w.string("x\"");
        w.item();
        w.begin_object();
        w.end_object();
        w.end_array();
        w.end_object();
        assert_eq!(
            w.finish(),
            "{\n  \"a\": 1,\n  \"b\": [],\n  \"c\": [\n    \"x\\\"\",\n    {}\n  ]\n}"
        );
    }
}
