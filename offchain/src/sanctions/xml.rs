//! A streaming XML 1.0 tokenizer for the sanctions lists, with no dependency and bounded
//! memory.
//!
//! It checks well-formedness byte by byte and reports elements to a [`Handler`], which says
//! which attributes and which element texts it needs; everything else is skipped without being
//! buffered. Supported: the XML declaration and processing instructions, comments, CDATA
//! sections, a DOCTYPE without internal subset, start, end and empty-element tags, attributes
//! in `'` or `"`, the predefined entities (`&amp; &lt; &gt; &quot; &apos;`) and character
//! references (`&#NN; &#xHH;`) in text and attributes, namespace prefixes (handlers match local
//! names). A DOCTYPE with an internal subset (where entities would be declared) is refused as
//! [`ParseError::UnexpectedDocument`]: entities are never expanded.
//!
//! Memory: the names of the open elements (at most [`Limits::max_depth`] of at most
//! [`Limits::max_value_len`] bytes), the current tag and attribute names, the wanted attribute
//! value and the kept element text (each at most [`Limits::max_value_len`] bytes).

use super::{utf8::Utf8, Limits, ParseError};
use alloc::vec::Vec;

/// The text of `idType` and `FeatureType` that marks a digital-currency value, followed by the
/// currency symbol.
pub(crate) const CURRENCY_PREFIX: &[u8] = b"Digital Currency Address - ";

/// The kept text of an element.
pub(crate) struct Kept<'a> {
	/// The text (entities decoded, CDATA included), or its first [`Limits::max_value_len`]
	/// bytes when it is longer.
	pub(crate) prefix: &'a [u8],
	/// Where the text starts, when it is longer than the limit.
	pub(crate) too_long_at: Option<u64>,
}

impl<'a> Kept<'a> {
	/// The whole text, or [`ParseError::TooLong`].
	pub(crate) fn text(&self) -> Result<&'a [u8], ParseError> {
		match self.too_long_at {
			Some(offset) => Err(ParseError::TooLong { offset }),
			None => Ok(self.prefix),
		}
	}
}

/// What a list format does with the elements of its document.
pub(crate) trait Handler {
	/// A start tag named `name` (prefix included) opens an element at `depth` (the root is at
	/// depth 1); the tag starts at `offset`.
	fn open(&mut self, name: &[u8], depth: u32, offset: u64) -> Result<(), ParseError>;
	/// Whether the element being opened needs the value of its attribute `name`.
	fn wants_attribute(&self, name: &[u8]) -> bool;
	/// A wanted attribute of the element being opened, entities decoded.
	fn attribute(&mut self, name: &[u8], value: &[u8]) -> Result<(), ParseError>;
	/// The start tag is complete: whether the element's text must be kept for [`Self::close`].
	fn opened(&mut self) -> Result<bool, ParseError>;
	/// The innermost open element closes, with its kept text (empty when not kept).
	fn close(&mut self, text: Kept) -> Result<(), ParseError>;
}

/// The local part of a qualified name.
pub(crate) fn local_name(name: &[u8]) -> &[u8] {
	match name.iter().position(|&b| b == b':') {
		Some(colon) => name.get(colon + 1..).unwrap_or_default(),
		None => name,
	}
}

/// The root element's name and namespace check, shared by both XML formats: the namespace is
/// the one its own prefix (or the default `xmlns`) is bound to on the root tag.
pub(crate) struct RootCheck {
	offset: u64,
	local: Vec<u8>,
	/// `xmlns` or `xmlns:<prefix>`: the attribute binding the root's prefix.
	binding: Vec<u8>,
	namespace: Option<Vec<u8>>,
}

impl RootCheck {
	/// Nothing seen yet.
	pub(crate) fn new() -> Self {
		Self { offset: 0, local: Vec::new(), binding: Vec::new(), namespace: None }
	}

	/// The root's start tag named `name` starts at `offset`.
	pub(crate) fn open(&mut self, name: &[u8], offset: u64) {
		self.offset = offset;
		self.binding.clear();
		self.binding.extend_from_slice(b"xmlns");
		match name.iter().position(|&b| b == b':') {
			Some(colon) => {
				self.local = name.get(colon + 1..).unwrap_or_default().to_vec();
				self.binding.push(b':');
				self.binding.extend_from_slice(name.get(..colon).unwrap_or_default());
			},
			None => self.local = name.to_vec(),
		}
	}

	/// Whether `attribute` of the root binds its prefix.
	pub(crate) fn wants(&self, attribute: &[u8]) -> bool {
		attribute == self.binding.as_slice()
	}

	/// The namespace bound to the root's prefix.
	pub(crate) fn set_namespace(&mut self, value: &[u8]) {
		self.namespace = Some(value.to_vec());
	}

	/// The root must be named `local` in one of `namespaces`.
	pub(crate) fn check(&self, local: &[u8], namespaces: &[&[u8]]) -> Result<(), ParseError> {
		let namespace_ok = self.namespace.as_deref().is_some_and(|ns| namespaces.contains(&ns));
		if self.local.as_slice() == local && namespace_ok {
			Ok(())
		} else {
			Err(ParseError::UnexpectedDocument { offset: self.offset })
		}
	}
}

/// The markup keywords after `<!`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keyword {
	/// `<!-` + `-`.
	Comment,
	/// `<![` + `CDATA[`.
	CData,
	/// `<!D` + `OCTYPE`.
	Doctype,
}

impl Keyword {
	/// The bytes still to match after the first one.
	fn rest(self) -> &'static [u8] {
		match self {
			Self::Comment => b"-",
			Self::CData => b"CDATA[",
			Self::Doctype => b"OCTYPE",
		}
	}
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
	/// Character data: the prolog, an element's content, or the epilog.
	Content,
	/// After `<`.
	Lt,
	/// In a start tag's name.
	StartName,
	/// In a start tag, after whitespace.
	InTag,
	/// In an attribute name.
	AttrName,
	/// After an attribute name and whitespace, before `=`.
	AfterAttrName,
	/// After `=`, before the quote.
	BeforeValue,
	/// In an attribute value quoted with `quote`.
	AttrValue { quote: u8 },
	/// Right after an attribute value's closing quote.
	AfterValue,
	/// After the `/` of an empty-element tag.
	SelfClose,
	/// In an end tag's name.
	EndName,
	/// After an end tag's name and whitespace, before `>`.
	AfterEndName,
	/// After `<?`: the target's first byte.
	PiTarget,
	/// In a processing instruction; whether the last byte was `?`.
	Pi { question: bool },
	/// After `<!`.
	Bang,
	/// Matching the rest of a keyword after `<!`; `matched` bytes of [`Keyword::rest`] so far.
	Keyword { keyword: Keyword, matched: u8 },
	/// In a comment; consecutive `-` just read (at most 2).
	Comment { dashes: u8 },
	/// In a CDATA section; consecutive `]` just read (at most 2).
	CData { brackets: u8 },
	/// In a DOCTYPE; the quote of the literal being read, or 0.
	Doctype { quote: u8 },
	/// In an entity or character reference after `&`; the attribute value's quote to return
	/// to, or 0 in content.
	Reference { quote: u8 },
}

/// Longest entity or character reference accepted between `&` and `;`.
const MAX_REFERENCE: usize = 16;

/// The streaming tokenizer, feeding `H`.
pub(crate) struct Tokenizer<H> {
	handler: H,
	max_len: usize,
	max_depth: u32,
	utf8: Utf8,
	state: State,
	/// Offset of the next byte.
	pos: u64,
	depth: u32,
	root_seen: bool,
	root_closed: bool,
	doctype_seen: bool,
	/// The names of the open elements, concatenated, and where each one ends.
	open_names: Vec<u8>,
	open_ends: Vec<usize>,
	/// The current tag's name and where the tag starts.
	name: Vec<u8>,
	tag_start: u64,
	/// The current attribute's name, whether the handler wants its value, the value so far and
	/// where the attribute starts.
	attr_name: Vec<u8>,
	attr_wanted: bool,
	attr_value: Vec<u8>,
	attr_start: u64,
	/// The kept text of the element at `keep_depth` (0: none), where it starts, and whether it
	/// outgrew the limit.
	text: Vec<u8>,
	keep_depth: u32,
	text_start: u64,
	text_too_long: bool,
	/// The reference being read after `&`, and where it starts.
	reference: [u8; MAX_REFERENCE],
	reference_len: usize,
	reference_start: u64,
}

fn is_space(byte: u8) -> bool {
	matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}

fn is_name_start(byte: u8) -> bool {
	byte.is_ascii_alphabetic() || byte == b'_' || byte == b':' || byte >= 0x80
}

fn is_name_byte(byte: u8) -> bool {
	is_name_start(byte) || byte.is_ascii_digit() || byte == b'-' || byte == b'.'
}

/// ASCII bytes of a name after its first.
fn is_ascii_name_byte(byte: u8) -> bool {
	byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b':' | b'-' | b'.')
}

/// Bytes of character data that need no attention (not markup, not a reference, ASCII).
fn is_plain(byte: u8) -> bool {
	matches!(byte, b' '..=b'~' | b'\t' | b'\n' | b'\r') && byte != b'<' && byte != b'&'
}

/// The character of a predefined entity or a character reference (`#NN`, `#xHH`), if it is a
/// character XML allows.
fn decode_reference(reference: &[u8]) -> Option<char> {
	let code = match reference {
		b"amp" => u32::from(b'&'),
		b"lt" => u32::from(b'<'),
		b"gt" => u32::from(b'>'),
		b"quot" => u32::from(b'"'),
		b"apos" => u32::from(b'\''),
		[b'#', b'x', hex @ ..] if !hex.is_empty() => hex.iter().try_fold(0u32, |code, &b| {
			let digit = char::from(b).to_digit(16)?;
			code.checked_mul(16)?.checked_add(digit).filter(|&c| c <= 0x10FFFF)
		})?,
		[b'#', decimal @ ..] if !decimal.is_empty() => {
			decimal.iter().try_fold(0u32, |code, &b| {
				let digit = char::from(b).to_digit(10)?;
				code.checked_mul(10)?.checked_add(digit).filter(|&c| c <= 0x10FFFF)
			})?
		},
		_ => return None,
	};
	match code {
		0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF => {
			char::from_u32(code)
		},
		_ => None,
	}
}

impl<H: Handler> Tokenizer<H> {
	/// A tokenizer bounded by `limits`, feeding `handler`.
	pub(crate) fn new(limits: Limits, handler: H) -> Self {
		Self {
			handler,
			max_len: limits.max_value_len as usize,
			max_depth: limits.max_depth,
			utf8: Utf8::new(),
			state: State::Content,
			pos: 0,
			depth: 0,
			root_seen: false,
			root_closed: false,
			doctype_seen: false,
			open_names: Vec::new(),
			open_ends: Vec::new(),
			name: Vec::new(),
			tag_start: 0,
			attr_name: Vec::new(),
			attr_wanted: false,
			attr_value: Vec::new(),
			attr_start: 0,
			text: Vec::new(),
			keep_depth: 0,
			text_start: 0,
			text_too_long: false,
			reference: [0; MAX_REFERENCE],
			reference_len: 0,
			reference_start: 0,
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
			if self.utf8.is_idle() {
				// Fast path: a run of ASCII bytes that only continue the current token.
				let run = self.plain_run(rest);
				if run > 0 {
					let (plain, after) = rest.split_at(run);
					self.take_run(plain)?;
					self.pos = self.pos.saturating_add(run as u64);
					rest = after;
					continue;
				}
			}
			if !self.utf8.step(byte) {
				return Err(ParseError::InvalidUtf8 { offset: self.pos });
			}
			if byte < 0x20 && !is_space(byte) {
				return Err(self.syntax());
			}
			self.step(byte)?;
			self.pos = self.pos.saturating_add(1);
			rest = tail;
		}
		Ok(())
	}

	/// The body ended: the handler, once the root element has closed and nothing is left open.
	pub(crate) fn finish(self) -> Result<H, ParseError> {
		if self.root_closed && self.state == State::Content && self.utf8.is_idle() {
			Ok(self.handler)
		} else {
			Err(ParseError::Truncated)
		}
	}

	/// How many bytes at the start of `bytes` continue the current token without changing the
	/// state: plain character data, ASCII name bytes, plain attribute-value or comment bytes.
	fn plain_run(&self, bytes: &[u8]) -> usize {
		let count =
			|plain: fn(u8) -> bool| bytes.iter().position(|&b| !plain(b)).unwrap_or(bytes.len());
		match self.state {
			State::Content if self.depth > 0 => count(is_plain),
			State::StartName | State::AttrName => count(is_ascii_name_byte),
			State::EndName if !self.name.is_empty() => count(is_ascii_name_byte),
			State::AttrValue { quote } => {
				let plain =
					|b: u8| matches!(b, b' '..=b'~') && b != b'<' && b != b'&' && b != quote;
				bytes.iter().position(|&b| !plain(b)).unwrap_or(bytes.len())
			},
			State::Comment { dashes: 0 } => {
				count(|b| is_plain(b) && b != b'-' || b == b'&' || b == b'<')
			},
			_ => 0,
		}
	}

	/// Takes a run found by [`Self::plain_run`].
	fn take_run(&mut self, run: &[u8]) -> Result<(), ParseError> {
		match self.state {
			State::Content if self.keep_depth == self.depth => self.keep(run),
			State::StartName | State::EndName => {
				Self::name_run(&mut self.name, run, self.max_len, self.tag_start)?
			},
			State::AttrName => {
				Self::name_run(&mut self.attr_name, run, self.max_len, self.attr_start)?
			},
			State::AttrValue { .. } => self.attr_data(run)?,
			_ => {},
		}
		Ok(())
	}

	/// Adds bytes to a tag or attribute name.
	fn name_run(
		name: &mut Vec<u8>,
		run: &[u8],
		max_len: usize,
		start: u64,
	) -> Result<(), ParseError> {
		if name.len().saturating_add(run.len()) > max_len {
			return Err(ParseError::TooLong { offset: start });
		}
		name.extend_from_slice(run);
		Ok(())
	}

	fn syntax(&self) -> ParseError {
		ParseError::Syntax { offset: self.pos }
	}

	/// Keeps character data of the element whose text is kept, up to the limit.
	fn keep(&mut self, bytes: &[u8]) {
		let room = self.max_len.saturating_sub(self.text.len());
		if bytes.len() > room {
			self.text_too_long = true;
		}
		self.text.extend_from_slice(bytes.get(..room).unwrap_or(bytes));
	}

	/// Character data in content (never markup).
	fn content(&mut self, bytes: &[u8]) -> Result<(), ParseError> {
		if self.depth == 0 {
			// Only whitespace outside the root.
			if !bytes.iter().all(|&b| is_space(b)) {
				return Err(self.syntax());
			}
		} else if self.keep_depth == self.depth {
			self.keep(bytes);
		}
		Ok(())
	}

	/// Character data of an attribute value.
	fn attr_data(&mut self, bytes: &[u8]) -> Result<(), ParseError> {
		if self.attr_wanted {
			if self.attr_value.len().saturating_add(bytes.len()) > self.max_len {
				return Err(ParseError::TooLong { offset: self.attr_start });
			}
			self.attr_value.extend_from_slice(bytes);
		}
		Ok(())
	}

	fn step(&mut self, byte: u8) -> Result<(), ParseError> {
		self.state = match self.state {
			State::Content => match byte {
				b'<' => {
					self.tag_start = self.pos;
					State::Lt
				},
				b'&' if self.depth > 0 => {
					self.reference_len = 0;
					self.reference_start = self.pos;
					State::Reference { quote: 0 }
				},
				b'&' => return Err(self.syntax()),
				_ => {
					self.content(&[byte])?;
					State::Content
				},
			},
			State::Lt => match byte {
				b'/' => {
					self.name.clear();
					State::EndName
				},
				b'?' => State::PiTarget,
				b'!' => State::Bang,
				_ if is_name_start(byte) => {
					if self.root_closed {
						return Err(ParseError::Syntax { offset: self.tag_start });
					}
					self.name.clear();
					self.name.push(byte);
					State::StartName
				},
				_ => return Err(self.syntax()),
			},
			State::StartName => match byte {
				_ if is_name_byte(byte) => {
					Self::name_run(&mut self.name, &[byte], self.max_len, self.tag_start)?;
					State::StartName
				},
				_ if is_space(byte) => {
					self.start_tag_named()?;
					State::InTag
				},
				b'>' => {
					self.start_tag_named()?;
					self.start_tag_end(false)?
				},
				b'/' => {
					self.start_tag_named()?;
					State::SelfClose
				},
				_ => return Err(self.syntax()),
			},
			State::InTag => match byte {
				_ if is_space(byte) => State::InTag,
				b'>' => self.start_tag_end(false)?,
				b'/' => State::SelfClose,
				_ if is_name_start(byte) => {
					self.attr_name.clear();
					self.attr_name.push(byte);
					self.attr_start = self.pos;
					State::AttrName
				},
				_ => return Err(self.syntax()),
			},
			State::AttrName => match byte {
				_ if is_name_byte(byte) => {
					Self::name_run(&mut self.attr_name, &[byte], self.max_len, self.attr_start)?;
					State::AttrName
				},
				_ if is_space(byte) => {
					self.attr_named();
					State::AfterAttrName
				},
				b'=' => {
					self.attr_named();
					State::BeforeValue
				},
				_ => return Err(self.syntax()),
			},
			State::AfterAttrName => match byte {
				_ if is_space(byte) => State::AfterAttrName,
				b'=' => State::BeforeValue,
				_ => return Err(self.syntax()),
			},
			State::BeforeValue => match byte {
				_ if is_space(byte) => State::BeforeValue,
				b'"' | b'\'' => State::AttrValue { quote: byte },
				_ => return Err(self.syntax()),
			},
			State::AttrValue { quote } => match byte {
				_ if byte == quote => {
					if self.attr_wanted {
						self.handler.attribute(&self.attr_name, &self.attr_value)?;
					}
					State::AfterValue
				},
				b'<' => return Err(self.syntax()),
				b'&' => {
					self.reference_len = 0;
					self.reference_start = self.pos;
					State::Reference { quote }
				},
				// Attribute-value normalization: literal whitespace is a space.
				_ if is_space(byte) => {
					self.attr_data(b" ")?;
					State::AttrValue { quote }
				},
				_ => {
					self.attr_data(&[byte])?;
					State::AttrValue { quote }
				},
			},
			State::AfterValue => match byte {
				_ if is_space(byte) => State::InTag,
				b'>' => self.start_tag_end(false)?,
				b'/' => State::SelfClose,
				_ => return Err(self.syntax()),
			},
			State::SelfClose => match byte {
				b'>' => self.start_tag_end(true)?,
				_ => return Err(self.syntax()),
			},
			State::EndName => match byte {
				_ if is_name_byte(byte) && (!self.name.is_empty() || is_name_start(byte)) => {
					Self::name_run(&mut self.name, &[byte], self.max_len, self.tag_start)?;
					State::EndName
				},
				_ if is_space(byte) && !self.name.is_empty() => {
					self.check_end_tag()?;
					State::AfterEndName
				},
				b'>' if !self.name.is_empty() => {
					self.check_end_tag()?;
					self.close_element()?;
					State::Content
				},
				_ => return Err(self.syntax()),
			},
			State::AfterEndName => match byte {
				_ if is_space(byte) => State::AfterEndName,
				b'>' => {
					self.close_element()?;
					State::Content
				},
				_ => return Err(self.syntax()),
			},
			State::PiTarget if is_name_start(byte) => State::Pi { question: false },
			State::PiTarget => return Err(self.syntax()),
			State::Pi { question } => match byte {
				b'>' if question => State::Content,
				b'?' => State::Pi { question: true },
				_ => State::Pi { question: false },
			},
			State::Bang => match byte {
				b'-' => State::Keyword { keyword: Keyword::Comment, matched: 0 },
				b'[' if self.depth > 0 => State::Keyword { keyword: Keyword::CData, matched: 0 },
				b'D' if !self.root_seen && !self.doctype_seen => {
					State::Keyword { keyword: Keyword::Doctype, matched: 0 }
				},
				_ => return Err(self.syntax()),
			},
			State::Keyword { keyword, matched } => {
				let rest = keyword.rest();
				if rest.get(usize::from(matched)) != Some(&byte) {
					return Err(self.syntax());
				}
				let matched = matched + 1;
				if usize::from(matched) < rest.len() {
					State::Keyword { keyword, matched }
				} else {
					match keyword {
						Keyword::Comment => State::Comment { dashes: 0 },
						Keyword::CData => State::CData { brackets: 0 },
						Keyword::Doctype => State::Doctype { quote: 0 },
					}
				}
			},
			State::Comment { dashes } => match byte {
				// `--` must end the comment.
				b'-' if dashes == 2 => return Err(self.syntax()),
				b'-' => State::Comment { dashes: dashes + 1 },
				b'>' if dashes == 2 => State::Content,
				_ if dashes == 2 => return Err(self.syntax()),
				_ => State::Comment { dashes: 0 },
			},
			State::CData { brackets } => match byte {
				b']' if brackets == 2 => {
					// `]]]`: the first one is data.
					self.content(b"]")?;
					State::CData { brackets: 2 }
				},
				b']' => State::CData { brackets: brackets + 1 },
				b'>' if brackets == 2 => State::Content,
				_ => {
					for _ in 0..brackets {
						self.content(b"]")?;
					}
					self.content(&[byte])?;
					State::CData { brackets: 0 }
				},
			},
			State::Doctype { quote } => match byte {
				_ if quote != 0 => State::Doctype { quote: if byte == quote { 0 } else { quote } },
				b'"' | b'\'' => State::Doctype { quote: byte },
				// An internal subset: declarations, entities among them, are not supported.
				b'[' => return Err(ParseError::UnexpectedDocument { offset: self.pos }),
				b'<' => return Err(self.syntax()),
				b'>' => {
					self.doctype_seen = true;
					State::Content
				},
				_ => State::Doctype { quote: 0 },
			},
			State::Reference { quote } => match byte {
				b';' => {
					let reference = self.reference.get(..self.reference_len).unwrap_or_default();
					let c = decode_reference(reference)
						.ok_or(ParseError::Syntax { offset: self.reference_start })?;
					let mut buffer = [0u8; 4];
					let bytes = c.encode_utf8(&mut buffer).as_bytes();
					if quote == 0 {
						self.content(bytes)?;
						State::Content
					} else {
						self.attr_data(bytes)?;
						State::AttrValue { quote }
					}
				},
				_ if (byte.is_ascii_alphanumeric() || byte == b'#')
					&& self.reference_len < MAX_REFERENCE =>
				{
					if let Some(slot) = self.reference.get_mut(self.reference_len) {
						*slot = byte;
					}
					self.reference_len += 1;
					State::Reference { quote }
				},
				_ => return Err(ParseError::Syntax { offset: self.reference_start }),
			},
		};
		Ok(())
	}

	/// A start tag's name is complete: the element opens.
	fn start_tag_named(&mut self) -> Result<(), ParseError> {
		let depth = self.depth.saturating_add(1);
		if depth > self.max_depth {
			return Err(ParseError::TooDeep { offset: self.tag_start });
		}
		self.handler.open(&self.name, depth, self.tag_start)?;
		self.open_names.extend_from_slice(&self.name);
		self.open_ends.push(self.open_names.len());
		self.depth = depth;
		self.root_seen = true;
		Ok(())
	}

	fn attr_named(&mut self) {
		self.attr_wanted = self.handler.wants_attribute(&self.attr_name);
		self.attr_value.clear();
	}

	/// The start tag ends (`>`, or `/>` when `empty`).
	fn start_tag_end(&mut self, empty: bool) -> Result<State, ParseError> {
		if self.handler.opened()? {
			self.keep_depth = self.depth;
			self.text.clear();
			self.text_start = self.pos.saturating_add(1);
			self.text_too_long = false;
		}
		if empty {
			self.close_element()?;
		}
		Ok(State::Content)
	}

	/// The end tag's name must be the innermost open element's.
	fn check_end_tag(&self) -> Result<(), ParseError> {
		let start = match self.open_ends.len() {
			0 => return Err(ParseError::Syntax { offset: self.tag_start }),
			1 => 0,
			n => self.open_ends.get(n - 2).copied().unwrap_or_default(),
		};
		if self.open_names.get(start..) == Some(self.name.as_slice()) {
			Ok(())
		} else {
			Err(ParseError::Syntax { offset: self.tag_start })
		}
	}

	/// The innermost open element closes.
	fn close_element(&mut self) -> Result<(), ParseError> {
		let kept = self.keep_depth == self.depth;
		let text = if kept {
			Kept {
				prefix: &self.text,
				too_long_at: if self.text_too_long { Some(self.text_start) } else { None },
			}
		} else {
			Kept { prefix: &[], too_long_at: None }
		};
		self.handler.close(text)?;
		if kept {
			self.keep_depth = 0;
			self.text.clear();
		}
		self.open_ends.pop();
		let start = self.open_ends.last().copied().unwrap_or_default();
		self.open_names.truncate(start);
		self.depth = self.depth.saturating_sub(1);
		if self.depth == 0 {
			self.root_closed = true;
		}
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use alloc::{format, string::String, vec, vec::Vec};

	/// Records every event as text.
	struct Recorder {
		events: Vec<String>,
	}

	impl Handler for Recorder {
		fn open(&mut self, name: &[u8], depth: u32, _: u64) -> Result<(), ParseError> {
			self.events.push(format!("open {} {depth}", String::from_utf8_lossy(name)));
			Ok(())
		}
		fn wants_attribute(&self, _: &[u8]) -> bool {
			true
		}
		fn attribute(&mut self, name: &[u8], value: &[u8]) -> Result<(), ParseError> {
			self.events.push(format!(
				"attr {}={}",
				String::from_utf8_lossy(name),
				String::from_utf8_lossy(value)
			));
			Ok(())
		}
		fn opened(&mut self) -> Result<bool, ParseError> {
			Ok(true)
		}
		fn close(&mut self, text: Kept) -> Result<(), ParseError> {
			self.events.push(format!("close {}", String::from_utf8_lossy(text.text()?)));
			Ok(())
		}
	}

	fn events(xml: &str, chunk: usize) -> Result<Vec<String>, ParseError> {
		let mut tokenizer = Tokenizer::new(Limits::default(), Recorder { events: vec![] });
		for piece in xml.as_bytes().chunks(chunk) {
			tokenizer.feed(piece)?;
		}
		Ok(tokenizer.finish()?.events)
	}

	#[test]
	fn tokens() {
		let xml = "<?xml version='1.0'?><!DOCTYPE r SYSTEM \"r[.dtd\"><!-- c - c -->\
			<p:r xmlns:p='u' a=\"1&amp;2&#x41;&#66;\"><b>t&lt;&gt;&quot;&apos;<![CDATA[<]]]>x</b>\
			<e/><f a = 'x\ty' /></p:r>\n<?pi?><!---->\n";
		let expected = vec![
			"open p:r 1",
			"attr xmlns:p=u",
			"attr a=1&2AB",
			"open b 2",
			"close t<>\"'<]x",
			"open e 2",
			"close ",
			"open f 2",
			"attr a=x y",
			"close ",
			"close ",
		];
		for chunk in [1, 2, 3, 5, 1000] {
			assert_eq!(events(xml, chunk).unwrap(), expected, "chunk {chunk}");
		}
	}

	#[test]
	fn errors() {
		for (xml, error) in [
			("", ParseError::Truncated),
			("<a>", ParseError::Truncated),
			("<a></a><!-- x", ParseError::Truncated),
			("<a><b></a>", ParseError::Syntax { offset: 6 }),
			("<a>&nbsp;</a>", ParseError::Syntax { offset: 3 }),
			("<a>&#0;</a>", ParseError::Syntax { offset: 3 }),
			("<a>&#xD800;</a>", ParseError::Syntax { offset: 3 }),
			("<a>&#x110000;</a>", ParseError::Syntax { offset: 3 }),
			("<a>< b</a>", ParseError::Syntax { offset: 4 }),
			("<a></a><b/>", ParseError::Syntax { offset: 7 }),
			("<a></a>x", ParseError::Syntax { offset: 7 }),
			("x<a></a>", ParseError::Syntax { offset: 0 }),
			("<a b='1'c='2'/>", ParseError::Syntax { offset: 8 }),
			("<a b=1/>", ParseError::Syntax { offset: 5 }),
			("<a><!-- a -- b --></a>", ParseError::Syntax { offset: 12 }),
			("<!DOCTYPE a [<!ENTITY x 'y'>]><a/>", ParseError::UnexpectedDocument { offset: 12 }),
			("<a/><!DOCTYPE a>", ParseError::Syntax { offset: 6 }),
			("<![CDATA[x]]><a/>", ParseError::Syntax { offset: 2 }),
			("<a>\u{1}</a>", ParseError::Syntax { offset: 3 }),
			("</a>", ParseError::Syntax { offset: 0 }),
		] {
			for chunk in [1, 3, 100] {
				assert_eq!(events(xml, chunk), Err(error), "{xml} in chunks of {chunk}");
			}
		}
	}
}
