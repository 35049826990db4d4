//! OFAC's legacy SDN XML (`SDN.XML`).
//!
//! - root `sdnList` in `http://tempuri.org/sdnList.xsd` (older files) or
//!   `https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML`;
//! - `sdnList/publshInformation/Publish_Date` (`MM/DD/YYYY`): the publication date;
//! - `sdnList/sdnEntry/idList/id`: an identifier whose `idType` is
//!   `Digital Currency Address - <SYMBOL>` has the value in `idNumber` (in either order).

use super::{
	advanced::{date_ms, number},
	collect::Collector,
	xml::{local_name, Handler, Kept, RootCheck, CURRENCY_PREFIX},
	Limits, ParseError, SanctionsList,
};
use alloc::vec::Vec;

/// The namespace of the older files.
pub(crate) const NAMESPACE_OLD: &[u8] = b"http://tempuri.org/sdnList.xsd";
/// The namespace of the files published by the Sanctions List Service.
pub(crate) const NAMESPACE_CURRENT: &[u8] =
	b"https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML";

/// The elements the handler follows; everything else is [`Node::Other`], and so is all it
/// contains.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Node {
	Other,
	Root,
	PublishInformation,
	PublishDate,
	Entry,
	IdList,
	Id,
	IdType,
	IdNumber,
}

/// The SDN XML handler.
pub(crate) struct SdnHandler {
	collector: Collector,
	nodes: Vec<Node>,
	root: RootCheck,
	/// The current `id`'s type and number (at most the value limit each), and where the number
	/// starts when it is longer.
	id_type: Vec<u8>,
	id_number: Option<Vec<u8>>,
	id_number_too_long: Option<u64>,
	published_at: Option<u64>,
}

/// `MM/DD/YYYY` (one or two digits for the month and day).
fn us_date(text: &[u8]) -> Option<u64> {
	let mut parts = text.trim_ascii().split(|&b| b == b'/');
	let (month, day, year) = (parts.next()?, parts.next()?, parts.next()?);
	if parts.next().is_some() || month.len() > 2 || day.len() > 2 || year.len() != 4 {
		return None;
	}
	date_ms(number(year)?, number(month)?, number(day)?)
}

impl SdnHandler {
	/// A handler bounded by `limits`.
	pub(crate) fn new(limits: Limits) -> Self {
		Self {
			collector: Collector::new(limits.max_entries),
			nodes: Vec::new(),
			root: RootCheck::new(),
			id_type: Vec::new(),
			id_number: None,
			id_number_too_long: None,
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

impl Handler for SdnHandler {
	fn open(&mut self, name: &[u8], depth: u32, offset: u64) -> Result<(), ParseError> {
		let local = local_name(name);
		let node = match self.nodes.last() {
			None if depth == 1 => {
				self.root.open(name, offset);
				Node::Root
			},
			Some(Node::Root) => match local {
				b"publshInformation" => Node::PublishInformation,
				b"sdnEntry" => Node::Entry,
				_ => Node::Other,
			},
			Some(Node::PublishInformation) if local == b"Publish_Date" => Node::PublishDate,
			Some(Node::Entry) if local == b"idList" => Node::IdList,
			Some(Node::IdList) if local == b"id" => {
				self.id_type.clear();
				self.id_number = None;
				self.id_number_too_long = None;
				Node::Id
			},
			Some(Node::Id) => match local {
				b"idType" => Node::IdType,
				b"idNumber" => Node::IdNumber,
				_ => Node::Other,
			},
			_ => Node::Other,
		};
		self.nodes.push(node);
		Ok(())
	}

	fn wants_attribute(&self, name: &[u8]) -> bool {
		self.top() == Node::Root && self.root.wants(name)
	}

	fn attribute(&mut self, _name: &[u8], value: &[u8]) -> Result<(), ParseError> {
		if self.top() == Node::Root {
			self.root.set_namespace(value);
		}
		Ok(())
	}

	fn opened(&mut self) -> Result<bool, ParseError> {
		Ok(match self.top() {
			Node::Root => {
				self.root.check(b"sdnList", &[NAMESPACE_OLD, NAMESPACE_CURRENT])?;
				false
			},
			Node::PublishDate | Node::IdType | Node::IdNumber => true,
			_ => false,
		})
	}

	fn close(&mut self, text: Kept) -> Result<(), ParseError> {
		match self.nodes.pop().unwrap_or(Node::Other) {
			Node::PublishDate if self.published_at.is_none() => {
				self.published_at = us_date(text.text()?);
			},
			Node::IdType => {
				// The prefix is enough to recognize a currency.
				self.id_type.clear();
				self.id_type.extend_from_slice(text.prefix);
			},
			Node::IdNumber => {
				self.id_number = Some(text.prefix.to_vec());
				self.id_number_too_long = text.too_long_at;
			},
			Node::Id if self.id_type.trim_ascii_start().starts_with(CURRENCY_PREFIX) => {
				if let Some(number) = &self.id_number {
					if let Some(offset) = self.id_number_too_long {
						return Err(ParseError::TooLong { offset });
					}
					self.collector.xml_value(number)?;
				}
			},
			_ => {},
		}
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn dates() {
		assert_eq!(us_date(b"05/03/2024"), date_ms(2024, 5, 3));
		assert_eq!(us_date(b" 5/3/2024 "), date_ms(2024, 5, 3));
		assert_eq!(us_date(b"2024-05-03"), None);
		assert_eq!(us_date(b"13/01/2024"), None);
		assert_eq!(us_date(b"05/03/24"), None);
		assert_eq!(us_date(b"05/03/2024/1"), None);
		assert!(date_ms(2024, 5, 3).is_some());
	}
}
