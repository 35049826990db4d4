//! JSON lists: exactly one top-level array of strings (RFC 8259 strings with every escape,
//! surrogate pairs included), whitespace anywhere between tokens. Each string is a value,
//! classified as in a text list.

use super::{collect::Collector, utf8::Utf8, Limits, ParseError, SanctionsList};
use alloc::vec::Vec;

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
	/// Before the `[`.
	Start,
	/// After the `[`: a string or `]`.
	First,
	/// After a `,`: a string.
	Next,
	/// After a string: `,` or `]`.
	After,
	/// In a string.
	Str,
	/// After a backslash in a string.
	Escape,
	/// In the four hex digits of `\u`, `digits` read so far.
	Unicode { digits: u8 },
	/// After a high surrogate: expecting the `\` of its low surrogate.
	LowBackslash,
	/// After a high surrogate's `\`: expecting `u`.
	LowU,
	/// After the `]`: only whitespace.
	Done,
}

/// The streaming JSON-list parser.
pub(crate) struct JsonParser {
	max_len: u32,
	collector: Collector,
	utf8: Utf8,
	state: State,
	pos: u64,
	/// The current string, decoded, and the offset of its opening quote.
	value: Vec<u8>,
	value_start: u64,
	/// The `\u` code unit being read, and a high surrogate waiting for its low half.
	unit: u32,
	high: Option<u32>,
}

fn is_space(byte: u8) -> bool {
	matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}

/// The first byte of a JSON value that is not a string.
fn starts_other_value(byte: u8) -> bool {
	matches!(byte, b'[' | b'{' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n')
}

impl JsonParser {
	/// A parser bounded by `limits`.
	pub(crate) fn new(limits: Limits) -> Self {
		Self {
			max_len: limits.max_value_len,
			collector: Collector::new(limits.max_entries),
			utf8: Utf8::new(),
			state: State::Start,
			pos: 0,
			value: Vec::new(),
			value_start: 0,
			unit: 0,
			high: None,
		}
	}

	/// Skips `n` bytes at the start (the byte order mark).
	pub(crate) fn skip(&mut self, n: u64) {
		self.pos = self.pos.saturating_add(n);
	}

	/// Takes the next bytes.
	pub(crate) fn feed(&mut self, bytes: &[u8]) -> Result<(), ParseError> {
		let mut rest = bytes;
		while let Some((&byte, tail)) = rest.split_first() {
			if self.state == State::Str && self.utf8.is_idle() {
				// Fast path: the plain bytes of a string.
				let run = rest
					.iter()
					.position(|&b| b == b'"' || b == b'\\' || !(0x20..0x80).contains(&b))
					.unwrap_or(rest.len());
				if run > 0 {
					let (plain, after) = rest.split_at(run);
					self.push(plain)?;
					self.pos = self.pos.saturating_add(run as u64);
					rest = after;
					continue;
				}
			}
			if !self.utf8.step(byte) {
				return Err(ParseError::InvalidUtf8 { offset: self.pos });
			}
			self.step(byte)?;
			self.pos = self.pos.saturating_add(1);
			rest = tail;
		}
		Ok(())
	}

	fn push(&mut self, bytes: &[u8]) -> Result<(), ParseError> {
		if self.value.len().saturating_add(bytes.len()) > self.max_len as usize {
			return Err(ParseError::TooLong { offset: self.value_start });
		}
		self.value.extend_from_slice(bytes);
		Ok(())
	}

	fn push_char(&mut self, code: u32) -> Result<(), ParseError> {
		let c = char::from_u32(code).ok_or(ParseError::Syntax { offset: self.pos })?;
		let mut buffer = [0u8; 4];
		self.push(c.encode_utf8(&mut buffer).as_bytes())
	}

	fn step(&mut self, byte: u8) -> Result<(), ParseError> {
		let syntax = ParseError::Syntax { offset: self.pos };
		let unexpected = ParseError::UnexpectedDocument { offset: self.pos };
		self.state = match self.state {
			State::Start | State::Done if is_space(byte) => self.state,
			State::Start if byte == b'[' => State::First,
			State::Start if starts_other_value(byte) || byte == b'"' => return Err(unexpected),
			State::Start | State::Done => return Err(syntax),
			State::First | State::Next | State::After if is_space(byte) => self.state,
			State::First | State::Next if byte == b'"' => {
				self.value.clear();
				self.value_start = self.pos;
				State::Str
			},
			State::First if byte == b']' => State::Done,
			State::First | State::Next if starts_other_value(byte) => return Err(unexpected),
			State::After if byte == b',' => State::Next,
			State::After if byte == b']' => State::Done,
			State::First | State::Next | State::After => return Err(syntax),
			State::Str => match byte {
				b'"' => {
					self.end_string()?;
					State::After
				},
				b'\\' => State::Escape,
				0x00..=0x1F => return Err(syntax),
				_ => {
					self.push(&[byte])?;
					State::Str
				},
			},
			State::Escape => {
				let decoded = match byte {
					b'"' => b'"',
					b'\\' => b'\\',
					b'/' => b'/',
					b'b' => 0x08,
					b'f' => 0x0C,
					b'n' => b'\n',
					b'r' => b'\r',
					b't' => b'\t',
					b'u' => {
						self.unit = 0;
						self.state = State::Unicode { digits: 0 };
						return Ok(());
					},
					_ => return Err(syntax),
				};
				self.push(&[decoded])?;
				State::Str
			},
			State::Unicode { digits } => {
				let nibble = char::from(byte).to_digit(16).ok_or(syntax)?;
				self.unit = (self.unit << 4) | nibble;
				if digits < 3 {
					State::Unicode { digits: digits + 1 }
				} else {
					self.end_unit()?
				}
			},
			State::LowBackslash if byte == b'\\' => State::LowU,
			State::LowU if byte == b'u' => {
				self.unit = 0;
				State::Unicode { digits: 0 }
			},
			// A high surrogate not followed by a low one.
			State::LowBackslash | State::LowU => return Err(syntax),
		};
		Ok(())
	}

	/// The four digits of a `\u` escape were read.
	fn end_unit(&mut self) -> Result<State, ParseError> {
		let unit = self.unit;
		match (self.high.take(), unit) {
			(None, 0xD800..=0xDBFF) => {
				self.high = Some(unit);
				Ok(State::LowBackslash)
			},
			(None, 0xDC00..=0xDFFF) => Err(ParseError::Syntax { offset: self.pos }),
			(None, _) => {
				self.push_char(unit)?;
				Ok(State::Str)
			},
			(Some(high), 0xDC00..=0xDFFF) => {
				self.push_char(0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00))?;
				Ok(State::Str)
			},
			(Some(_), _) => Err(ParseError::Syntax { offset: self.pos }),
		}
	}

	fn end_string(&mut self) -> Result<(), ParseError> {
		let value = self.value.trim_ascii();
		if value.is_empty() {
			return Ok(());
		}
		self.collector.strict_value(value, self.value_start)
	}

	/// The body ended: it must have ended after the array's `]`.
	pub(crate) fn finish(self) -> Result<SanctionsList, ParseError> {
		if self.state != State::Done {
			return Err(ParseError::Truncated);
		}
		Ok(self.collector.into_list(None))
	}
}
