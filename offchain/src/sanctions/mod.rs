//! Streaming parsers for sanctions lists of digital-currency addresses.
//!
//! The compliance worker downloads a list over HTTP and feeds the body to a [`ListParser`] chunk
//! by chunk (off-chain worker bodies arrive in 4 KiB pieces); [`ListParser::finish`] then gives
//! the [`SanctionsList`]: the sorted, deduplicated 20-byte addresses, the list's publication date
//! when the format carries one, counters of what was skipped, and the EIP-55 failures.
//!
//! Four formats ([`ListFormat`]):
//! - OFAC's SDN Advanced XML (`SDN_ADVANCED.XML`, ~80 MB): the digital-currency feature types are
//!   looked up by name in `ReferenceValueSets`, then every party's features of those types give
//!   the values, in one streaming pass;
//! - OFAC's legacy SDN XML (`SDN.XML`): `sdnEntry/idList/id` with a digital-currency `idType`;
//! - text: one value per line, `#` comments;
//! - JSON: one array of strings.
//!
//! Both XML formats share one streaming tokenizer written for this purpose (no entity
//! expansion, no DOCTYPE internal subsets, text kept only where a value is expected). Every
//! parser works byte by byte with a state machine, so a token split across chunks at any place
//! parses as if it were whole, and memory stays bounded whatever the body size: apart from the
//! address set itself (at most [`Limits::max_entries`]), nothing grows beyond
//! [`Limits::max_value_len`] per kept value and [`Limits::max_depth`] open elements.
//!
//! Values are classified the same way in every format: `0x` + 40 hex digits is an address
//! (mixed case must match the EIP-55 checksum; failing ones are still blocked and reported in
//! [`SanctionsList::bad_checksums`]); values of other chains (Tron `T…`, Bitcoin…) are counted in
//! [`SanctionsList::non_evm`] and skipped. A malformed `0x` value fails a text or JSON list
//! ([`ParseError::BadAddress`]) but is only counted in an XML list
//! ([`SanctionsList::invalid_values`]), so one odd entry in OFAC's large files does not stop the
//! sync.

use alloc::vec::Vec;
use core::fmt;

mod advanced;
mod collect;
#[cfg(feature = "std")]
pub mod fixtures;
mod json;
mod sdn;
pub mod sync;
mod text;
mod utf8;
mod xml;

/// The format of a sanctions list body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListFormat {
	/// OFAC's SDN Advanced XML (`SDN_ADVANCED.XML`), either namespace (before and since May 2024).
	AdvancedXml,
	/// OFAC's legacy SDN XML (`SDN.XML`), either namespace.
	SdnXml,
	/// One value per line, `#` comments, LF or CRLF line ends.
	Text,
	/// One JSON array of strings.
	Json,
}

/// Bounds on what a parser keeps, so that a hostile or broken body cannot exhaust the worker's
/// memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
	/// Distinct addresses kept; one more gives [`ParseError::TooManyEntries`].
	pub max_entries: u32,
	/// Longest kept text in bytes: a value, a text line, an XML name, a kept XML attribute or
	/// element text, a JSON string. Longer gives [`ParseError::TooLong`].
	pub max_value_len: u32,
	/// Deepest XML element nesting (the root is at depth 1); deeper gives
	/// [`ParseError::TooDeep`].
	pub max_depth: u32,
	/// Digital-currency feature types of an Advanced XML list remembered; more gives
	/// [`ParseError::TooManyEntries`].
	pub max_feature_types: u32,
}

impl Default for Limits {
	/// 100,000 addresses, 1,024-byte values, 32 levels of XML, 1,024 feature types.
	fn default() -> Self {
		Self { max_entries: 100_000, max_value_len: 1_024, max_depth: 32, max_feature_types: 1_024 }
	}
}

/// Why a body is not a complete list of the expected format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParseError {
	/// The body ended before the document did (open element, array, string, comment, tag…).
	Truncated,
	/// Not well-formed at this byte offset.
	Syntax {
		/// Offset in the body of the offending byte or token.
		offset: u64,
	},
	/// Well-formed, but not a list of this format: wrong XML root or namespace, JSON that is not
	/// an array of strings, a DOCTYPE with an internal subset (entity declarations), Advanced XML
	/// parties before the reference values…
	UnexpectedDocument {
		/// Offset in the body of the unexpected token.
		offset: u64,
	},
	/// Text or JSON: a value starting with `0` that is not `0x` + 40 hex digits.
	BadAddress {
		/// Offset in the body where the value starts.
		offset: u64,
	},
	/// More distinct addresses than [`Limits::max_entries`] (or Advanced XML digital-currency
	/// feature types than [`Limits::max_feature_types`]).
	TooManyEntries,
	/// A name, kept attribute, value or line longer than [`Limits::max_value_len`].
	TooLong {
		/// Offset in the body where the too-long item starts.
		offset: u64,
	},
	/// XML elements nested deeper than [`Limits::max_depth`].
	TooDeep {
		/// Offset in the body of the start tag one level too deep.
		offset: u64,
	},
	/// The body is not valid UTF-8.
	InvalidUtf8 {
		/// Offset in the body of the first byte that cannot be part of valid UTF-8.
		offset: u64,
	},
}

impl fmt::Display for ParseError {
	fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
		match self {
			Self::Truncated => write!(f, "The list ends before its document does (truncated)."),
			Self::Syntax { offset } => write!(f, "The list is malformed at byte {offset}."),
			Self::UnexpectedDocument { offset } => {
				write!(f, "The document is not a list of the expected format (byte {offset}).")
			},
			Self::BadAddress { offset } => write!(
				f,
				"The value at byte {offset} starts like an address but is not 0x and 40 hex digits."
			),
			Self::TooManyEntries => write!(f, "The list has more entries than the limit allows."),
			Self::TooLong { offset } => {
				write!(f, "The item at byte {offset} is longer than the limit allows.")
			},
			Self::TooDeep { offset } => {
				write!(f, "The elements at byte {offset} are nested deeper than the limit allows.")
			},
			Self::InvalidUtf8 { offset } => {
				write!(f, "The list is not valid UTF-8 at byte {offset}.")
			},
		}
	}
}

#[cfg(feature = "std")]
impl std::error::Error for ParseError {}

/// A parsed sanctions list.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct SanctionsList {
	/// The sanctioned addresses, sorted ascending, each once (whatever the case it was written
	/// in).
	pub addresses: Vec<[u8; 20]>,
	/// The list's date (00:00 UTC) in milliseconds since the Unix epoch, when the format
	/// carries one (both XML formats).
	pub published_at: Option<u64>,
	/// Digital-currency values read, of every currency, before deduplication.
	pub values: u32,
	/// `0x` addresses seen again (in any case).
	pub duplicates: u32,
	/// Values that are not `0x` addresses (Tron `T…`, Bitcoin…): counted and skipped.
	pub non_evm: u32,
	/// XML only: `0x` values that are not `0x` + 40 hex digits: counted and skipped.
	pub invalid_values: u32,
	/// Addresses written in mixed case that fails the EIP-55 checksum, sorted and unique. They
	/// are in [`Self::addresses`] too (blocked all the same); this reports them.
	pub bad_checksums: Vec<[u8; 20]>,
}

impl SanctionsList {
	/// keccak-256 of the sorted 20-byte addresses concatenated: the same set of addresses gives
	/// the same hash whatever the format it came in.
	pub fn list_hash(&self) -> [u8; 32] {
		sp_io::hashing::keccak_256(self.addresses.as_flattened())
	}

	/// Whether `address` is on the list (binary search).
	pub fn contains(&self, address: &[u8; 20]) -> bool {
		self.addresses.binary_search(address).is_ok()
	}
}

/// The UTF-8 byte order mark, optional at the start of every format.
const BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];

/// The parser of one format; all of them count offsets from the start of the body.
enum Inner {
	Text(text::TextParser),
	Json(json::JsonParser),
	Advanced(xml::Tokenizer<advanced::AdvancedHandler>),
	Sdn(xml::Tokenizer<sdn::SdnHandler>),
}

impl Inner {
	fn feed(&mut self, bytes: &[u8]) -> Result<(), ParseError> {
		match self {
			Self::Text(parser) => parser.feed(bytes),
			Self::Json(parser) => parser.feed(bytes),
			Self::Advanced(parser) => parser.feed(bytes),
			Self::Sdn(parser) => parser.feed(bytes),
		}
	}

	/// Skips `n` bytes (the byte order mark) without parsing them.
	fn skip(&mut self, n: u64) {
		match self {
			Self::Text(parser) => parser.skip(n),
			Self::Json(parser) => parser.skip(n),
			Self::Advanced(parser) => parser.skip(n),
			Self::Sdn(parser) => parser.skip(n),
		}
	}

	fn finish(self) -> Result<SanctionsList, ParseError> {
		match self {
			Self::Text(parser) => parser.finish(),
			Self::Json(parser) => parser.finish(),
			Self::Advanced(parser) => parser.finish()?.finish(),
			Self::Sdn(parser) => parser.finish()?.finish(),
		}
	}
}

/// A streaming parser of one list body: [`feed`](Self::feed) it the body's chunks as they
/// arrive, then [`finish`](Self::finish) it.
///
/// After an error every further call returns that same error.
pub struct ListParser {
	inner: Inner,
	/// Bytes of the byte order mark matched so far, while the start of the body is undecided.
	bom_matched: u8,
	/// Whether the start of the body (byte order mark or not) is still undecided.
	bom_pending: bool,
	bytes_read: u64,
	error: Option<ParseError>,
}

impl ListParser {
	/// A parser for a body of `format`, bounded by `limits`.
	pub fn new(format: ListFormat, limits: Limits) -> Self {
		let inner = match format {
			ListFormat::Text => Inner::Text(text::TextParser::new(limits)),
			ListFormat::Json => Inner::Json(json::JsonParser::new(limits)),
			ListFormat::AdvancedXml => {
				Inner::Advanced(xml::Tokenizer::new(limits, advanced::AdvancedHandler::new(limits)))
			},
			ListFormat::SdnXml => {
				Inner::Sdn(xml::Tokenizer::new(limits, sdn::SdnHandler::new(limits)))
			},
		};
		Self { inner, bom_matched: 0, bom_pending: true, bytes_read: 0, error: None }
	}

	/// Feeds the next bytes of the body. Chunks may have any size, down to one byte: a token
	/// split across chunks parses as if it were whole.
	pub fn feed(&mut self, chunk: &[u8]) -> Result<(), ParseError> {
		if let Some(error) = self.error {
			return Err(error);
		}
		self.bytes_read = self.bytes_read.saturating_add(chunk.len() as u64);
		let result = self.feed_inner(chunk);
		if let Err(error) = result {
			self.error = Some(error);
		}
		result
	}

	fn feed_inner(&mut self, mut chunk: &[u8]) -> Result<(), ParseError> {
		while self.bom_pending {
			let Some((&byte, rest)) = chunk.split_first() else { return Ok(()) };
			if BOM.get(usize::from(self.bom_matched)) == Some(&byte) {
				self.bom_matched += 1;
				chunk = rest;
				if usize::from(self.bom_matched) == BOM.len() {
					self.bom_pending = false;
					self.inner.skip(BOM.len() as u64);
				}
			} else {
				self.end_bom()?;
			}
		}
		self.inner.feed(chunk)
	}

	/// The body does not start with a byte order mark: the bytes taken for one are content.
	fn end_bom(&mut self) -> Result<(), ParseError> {
		self.bom_pending = false;
		let matched = BOM.get(..usize::from(self.bom_matched)).unwrap_or_default();
		self.inner.feed(matched)
	}

	/// The body ended: the list, or why the body is not a complete list of the format.
	pub fn finish(mut self) -> Result<SanctionsList, ParseError> {
		if let Some(error) = self.error {
			return Err(error);
		}
		if self.bom_pending {
			self.end_bom()?;
		}
		self.inner.finish()
	}

	/// Bytes fed so far.
	pub fn bytes_read(&self) -> u64 {
		self.bytes_read
	}
}

/// Parses a whole body, fed in 4 KiB chunks as an off-chain worker receives it.
pub fn parse(format: ListFormat, body: &[u8], limits: Limits) -> Result<SanctionsList, ParseError> {
	let mut parser = ListParser::new(format, limits);
	for chunk in body.chunks(4_096) {
		parser.feed(chunk)?;
	}
	parser.finish()
}
