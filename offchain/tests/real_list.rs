//! The 152 real OFAC ETH addresses give the same list in every format.

mod common;

use common::*;
use genex_offchain::sanctions::{
	fixtures::render, parse, Limits, ListFormat, ParseError, SanctionsList,
};
use genex_primitives::{AccountId20, AddressParseError};
use std::collections::BTreeSet;

/// The set the addresses give when parsed one by one with `AccountId20`, and those among them
/// that fail EIP-55.
fn reference_set(addresses: &[String]) -> (Vec<[u8; 20]>, Vec<[u8; 20]>) {
	let mut set = BTreeSet::new();
	let mut bad = BTreeSet::new();
	for address in addresses {
		match address.parse::<AccountId20>() {
			Ok(account) => {
				set.insert(account.0);
			},
			Err(AddressParseError::BadChecksum { .. }) => {
				set.insert(bytes_of(address));
				bad.insert(bytes_of(address));
			},
			Err(e) => panic!("{address}: {e}"),
		}
	}
	(set.into_iter().collect(), bad.into_iter().collect())
}

fn check(list: &SanctionsList, expected: &[[u8; 20]], bad: &[[u8; 20]]) {
	assert_eq!(list.addresses, expected);
	assert_eq!(list.bad_checksums, bad);
	assert_eq!(list.values, 152);
	assert_eq!((list.duplicates, list.non_evm, list.invalid_values), (0, 0, 0));
}

#[test]
fn real_lists_agree_in_every_format() {
	let addresses = real_addresses();
	assert_eq!(addresses.len(), 152);
	let (expected, bad) = reference_set(&addresses);
	assert_eq!(expected.len(), 152);

	let text =
		parse(ListFormat::Text, &ofac_file("sanctioned_addresses_ETH.txt"), Limits::default())
			.unwrap();
	let json =
		parse(ListFormat::Json, &ofac_file("sanctioned_addresses_ETH.json"), Limits::default())
			.unwrap();
	check(&text, &expected, &bad);
	check(&json, &expected, &bad);
	assert_eq!(text.published_at, None);
	assert_eq!(json, text);

	let hash = text.list_hash();
	let concatenated: Vec<u8> = expected.iter().flatten().copied().collect();
	assert_eq!(hash, sp_io::hashing::keccak_256(&concatenated));

	let entries = entries("ETH", &addresses);
	for (format, current) in RENDERINGS {
		let body = render(format, &entries, PUBLISHED, current);
		let list = parse(format, &body, Limits::default())
			.unwrap_or_else(|e| panic!("{format:?} current={current}: {e}"));
		check(&list, &expected, &bad);
		assert_eq!(list.list_hash(), hash, "{format:?} current={current}");
		let dated = matches!(format, ListFormat::AdvancedXml | ListFormat::SdnXml);
		assert_eq!(list.published_at, dated.then(published_ms), "{format:?}");
		for address in &expected {
			assert!(list.contains(address));
		}
		assert!(!list.contains(&[0u8; 20]));
	}
}

#[test]
fn same_set_in_another_case_and_order_gives_the_same_hash() {
	let addresses = real_addresses();
	let reference =
		parse(ListFormat::Text, &ofac_file("sanctioned_addresses_ETH.txt"), Limits::default())
			.unwrap();
	let mut changed: Vec<String> = addresses.iter().rev().map(|a| a.to_lowercase()).collect();
	// A duplicate too.
	changed.push(addresses[0].to_uppercase().replacen("0X", "0x", 1));
	let body = render(ListFormat::AdvancedXml, &entries("USDT", &changed), PUBLISHED, true);
	let list = parse(ListFormat::AdvancedXml, &body, Limits::default()).unwrap();
	assert_eq!(list.addresses, reference.addresses);
	assert_eq!(list.list_hash(), reference.list_hash());
	assert_eq!(list.duplicates, 1);
	assert!(list.bad_checksums.is_empty());
	// One address less: another hash.
	let fewer = render(ListFormat::Json, &entries("ETH", &addresses[1..]), PUBLISHED, true);
	let fewer = parse(ListFormat::Json, &fewer, Limits::default()).unwrap();
	assert_eq!(fewer.addresses.len(), 151);
	assert_ne!(fewer.list_hash(), reference.list_hash());
}

#[test]
fn the_real_list_fits_only_a_large_enough_limit() {
	let body = ofac_file("sanctioned_addresses_ETH.txt");
	let limits = Limits { max_entries: 152, ..Limits::default() };
	assert_eq!(parse(ListFormat::Text, &body, limits).unwrap().addresses.len(), 152);
	let limits = Limits { max_entries: 151, ..Limits::default() };
	assert_eq!(parse(ListFormat::Text, &body, limits), Err(ParseError::TooManyEntries));
}
