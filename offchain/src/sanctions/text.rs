//! Text lists: one value per line, LF or CRLF line ends, `#` starting a comment (a whole line or
//! after a value), surrounding whitespace ignored, blank lines ignored.

use super::{collect::Collector, utf8::Utf8, Limits, ParseError, SanctionsList};
use alloc::vec::Vec;

/// The streaming text-list parser.
pub(crate) struct TextParser {
	max_line: u32,
	collector: Collector,
	utf8: Utf8,
	/// Offset of the next byte.
	pos: u64,
	/// Offset where the current line starts, and its length so far.
	line_start: u64,
	line_len: u32,
	/// Whether the rest of the current line is a comment.
	in_comment: bool,
	/// The current line's value so far, from its first non-whitespace byte.
	value: Vec<u8>,
	value_start: u64,
}

impl TextParser {
	/// A parser bounded by `limits`.
	pub(crate) fn new(limits: Limits) -> Self {
		Self {
			max_line: limits.max_value_len,
			collector: Collector::new(limits.max_entries),
			utf8: Utf8::new(),
			pos: 0,
			line_start: 0,
			line_len: 0,
			in_comment: false,
			value: Vec::new(),
			value_start: 0,
		}
	}

	/// Skips `n` bytes at the start (the byte order mark).
	pub(crate) fn skip(&mut self, n: u64) {
		self.pos = self.pos.saturating_add(n);
		self.line_start = self.pos;
	}

	/// Takes the next bytes.
	pub(crate) fn feed(&mut self, bytes: &[u8]) -> Result<(), ParseError> {
		let mut rest = bytes;
		while let Some((&byte, tail)) = rest.split_first() {
			if self.utf8.is_idle() {
				// Fast path: a run of a value's printable ASCII, or of a comment's ASCII.
				let plain = |b: &u8| {
					if self.in_comment {
						*b != b'\n' && b.is_ascii()
					} else {
						(0x21..=0x7E).contains(b) && *b != b'#'
					}
				};
				let run = rest.iter().position(|b| !plain(b)).unwrap_or(rest.len());
				if run > 0 {
					let (plain, after) = rest.split_at(run);
					self.line_len =
						self.line_len.saturating_add(u32::try_from(run).unwrap_or(u32::MAX));
					if self.line_len > self.max_line {
						return Err(ParseError::TooLong { offset: self.line_start });
					}
					if !self.in_comment {
						if self.value.is_empty() {
							self.value_start = self.pos;
						}
						self.value.extend_from_slice(plain);
					}
					self.pos = self.pos.saturating_add(run as u64);
					rest = after;
					continue;
				}
			}
			rest = tail;
			if !self.utf8.step(byte) {
				return Err(ParseError::InvalidUtf8 { offset: self.pos });
			}
			if byte == b'\n' {
				self.end_line()?;
			} else {
				self.line_len = self.line_len.saturating_add(1);
				if self.line_len > self.max_line {
					return Err(ParseError::TooLong { offset: self.line_start });
				}
				if byte == b'#' {
					self.in_comment = true;
				} else if !self.in_comment
					&& (!self.value.is_empty() || !byte.is_ascii_whitespace())
				{
					if self.value.is_empty() {
						self.value_start = self.pos;
					}
					self.value.push(byte);
				}
			}
			self.pos = self.pos.saturating_add(1);
		}
		Ok(())
	}

	/// The line ends (at a line feed or at the end of the body): its value, if any, is read.
	fn end_line(&mut self) -> Result<(), ParseError> {
		let value = self.value.trim_ascii_end();
		if !value.is_empty() {
			self.collector.strict_value(value, self.value_start)?;
		}
		self.value.clear();
		self.in_comment = false;
		self.line_len = 0;
		self.line_start = self.pos.saturating_add(1);
		Ok(())
	}

	/// The body ended: the last line needs no line feed.
	pub(crate) fn finish(mut self) -> Result<SanctionsList, ParseError> {
		if !self.utf8.is_idle() {
			return Err(ParseError::InvalidUtf8 { offset: self.pos });
		}
		self.end_line()?;
		Ok(self.collector.into_list(None))
	}
}
