//! OFAC's SDN Advanced XML (`SDN_ADVANCED.XML`).
//!
//! - root `Sanctions` in `http://www.un.org/sanctions/1.0` (until May 2024) or
//!   `https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML`;
//! - `Sanctions/DateOfIssue/{Year,Month,Day}`: the publication date;
//! - `Sanctions/ReferenceValueSets/FeatureTypeValues/FeatureType`: the feature types; those
//!   whose text is `Digital Currency Address - <SYMBOL>` are remembered by their `ID` (looked up
//!   by name: ids differ between files);
//! - `Sanctions/DistinctParties/DistinctParty/Profile/Feature[@FeatureTypeID]/FeatureVersion/
//!   VersionDetail`: the values of the features of those types.
//!
//! `ReferenceValueSets` precedes `DistinctParties` in the published files, which is what lets
//! one streaming pass find the values; a file in another order is refused rather than misread.

use super::{
	collect::Collector,
	xml::{local_name, Handler, Kept, RootCheck, CURRENCY_PREFIX},
	Limits, ParseError, SanctionsList,
};
use alloc::{collections::BTreeSet, vec::Vec};
use genex_primitives::calendar::{days_from_civil, DAY_MS};

/// The namespace of the files published until May 2024.
pub(crate) const NAMESPACE_OLD: &[u8] = b"http://www.un.org/sanctions/1.0";
/// The namespace of the files published since May 2024.
pub(crate) const NAMESPACE_CURRENT: &[u8] =
	b"https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML";

/// The elements the handler follows; everything else is [`Node::Other`], and so is all it
/// contains.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Node {
	Other,
	Root,
	DateOfIssue,
	Year,
	Month,
	Day,
	ReferenceValueSets,
	FeatureTypeValues,
	FeatureType,
	DistinctParties,
	DistinctParty,
	Profile,
	/// A feature whose type is not (yet known to be) a digital currency.
	Feature,
	CurrencyFeature,
	FeatureVersion,
	VersionDetail,
}

/// The Advanced XML handler.
pub(crate) struct AdvancedHandler {
	max_feature_types: usize,
	collector: Collector,
	nodes: Vec<Node>,
	root: RootCheck,
	/// `ID`s of the digital-currency feature types.
	currency_types: BTreeSet<Vec<u8>>,
	/// The `ID` of the `FeatureType` being read.
	type_id: Vec<u8>,
	reference_values_seen: bool,
	parties_seen: bool,
	date: [Option<u32>; 3],
	published_at: Option<u64>,
}

/// A whole decimal number of at most 9 digits.
pub(crate) fn number(text: &[u8]) -> Option<u32> {
	let text = text.trim_ascii();
	if text.is_empty() || text.len() > 9 {
		return None;
	}
	text.iter()
		.try_fold(0u32, |n, &b| b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0')))
}

/// The start of a civil date in milliseconds since the Unix epoch.
pub(crate) fn date_ms(year: u32, month: u32, day: u32) -> Option<u64> {
	days_from_civil(year, month, day).map(|days| u64::from(days) * DAY_MS)
}

impl AdvancedHandler {
	/// A handler bounded by `limits`.
	pub(crate) fn new(limits: Limits) -> Self {
		Self {
			max_feature_types: limits.max_feature_types as usize,
			collector: Collector::new(limits.max_entries),
			nodes: Vec::new(),
			root: RootCheck::new(),
			currency_types: BTreeSet::new(),
			type_id: Vec::new(),
			reference_values_seen: false,
			parties_seen: false,
			date: [None; 3],
			published_at: None,
		}
	}

	/// The document ended well-formed: the list.
	pub(crate) fn finish(self) -> Result<SanctionsList, ParseError> {
		Ok(self.collector.into_list(self.published_at))
	}

	fn top(&self) -> Node {
		self.nodes.last().copied().unwrap_or(Node::Other)
	}
}

impl Handler for AdvancedHandler {
	fn open(&mut self, name: &[u8], depth: u32, offset: u64) -> Result<(), ParseError> {
		let local = local_name(name);
		let node = match self.nodes.last() {
			None if depth == 1 => {
				self.root.open(name, offset);
				Node::Root
			},
			Some(Node::Root) => match local {
				b"DateOfIssue" => Node::DateOfIssue,
				b"ReferenceValueSets" if self.parties_seen => {
					return Err(ParseError::UnexpectedDocument { offset })
				},
				b"ReferenceValueSets" => {
					self.reference_values_seen = true;
					Node::ReferenceValueSets
				},
				b"DistinctParties" if !self.reference_values_seen => {
					return Err(ParseError::UnexpectedDocument { offset })
				},
				b"DistinctParties" => {
					self.parties_seen = true;
					Node::DistinctParties
				},
				_ => Node::Other,
			},
			Some(Node::DateOfIssue) => match local {
				b"Year" => Node::Year,
				b"Month" => Node::Month,
				b"Day" => Node::Day,
				_ => Node::Other,
			},
			Some(Node::ReferenceValueSets) if local == b"FeatureTypeValues" => {
				Node::FeatureTypeValues
			},
			Some(Node::FeatureTypeValues) if local == b"FeatureType" => {
				self.type_id.clear();
				Node::FeatureType
			},
			Some(Node::DistinctParties) if local == b"DistinctParty" => Node::DistinctParty,
			Some(Node::DistinctParty) if local == b"Profile" => Node::Profile,
			Some(Node::Profile) if local == b"Feature" => Node::Feature,
			Some(Node::CurrencyFeature) if local == b"FeatureVersion" => Node::FeatureVersion,
			Some(Node::FeatureVersion) if local == b"VersionDetail" => Node::VersionDetail,
			_ => Node::Other,
		};
		self.nodes.push(node);
		Ok(())
	}

	fn wants_attribute(&self, name: &[u8]) -> bool {
		match self.top() {
			Node::Root => self.root.wants(name),
			Node::FeatureType => name == b"ID",
			Node::Feature => name == b"FeatureTypeID",
			_ => false,
		}
	}

	fn attribute(&mut self, _name: &[u8], value: &[u8]) -> Result<(), ParseError> {
		match self.nodes.last_mut() {
			Some(Node::Root) => self.root.set_namespace(value),
			Some(Node::FeatureType) => {
				self.type_id.clear();
				self.type_id.extend_from_slice(value.trim_ascii());
			},
			Some(node @ Node::Feature) if self.currency_types.contains(value.trim_ascii()) => {
				*node = Node::CurrencyFeature;
			},
			_ => {},
		}
		Ok(())
	}

	fn opened(&mut self) -> Result<bool, ParseError> {
		Ok(match self.top() {
			Node::Root => {
				self.root.check(b"Sanctions", &[NAMESPACE_OLD, NAMESPACE_CURRENT])?;
				false
			},
			Node::Year | Node::Month | Node::Day | Node::FeatureType | Node::VersionDetail => true,
			_ => false,
		})
	}

	fn close(&mut self, text: Kept) -> Result<(), ParseError> {
		let node = self.nodes.pop().unwrap_or(Node::Other);
		match node {
			Node::Year | Node::Month | Node::Day => {
				let value = number(text.text()?);
				let slot = match node {
					Node::Year => 0,
					Node::Month => 1,
					_ => 2,
				};
				if let Some(field) = self.date.get_mut(slot) {
					*field = value;
				}
			},
			Node::DateOfIssue => {
				if let (None, [Some(year), Some(month), Some(day)]) = (self.published_at, self.date)
				{
					self.published_at = date_ms(year, month, day);
				}
			},
			Node::FeatureType
				if text.prefix.trim_ascii_start().starts_with(CURRENCY_PREFIX)
					&& !self.type_id.is_empty() =>
			{
				text.text()?;
				if !self.currency_types.contains(&self.type_id) {
					if self.currency_types.len() >= self.max_feature_types {
						return Err(ParseError::TooManyEntries);
					}
					self.currency_types.insert(self.type_id.clone());
				}
			},
			Node::VersionDetail => self.collector.xml_value(text.text()?)?,
			_ => {},
		}
		Ok(())
	}
}
