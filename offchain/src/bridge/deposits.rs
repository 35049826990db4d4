//! Deposits: the answer to `POST /deposits`, pages of `GET /deposits`, the worker's cursor, and
//! the plan of what to attest.

use super::{
	from_json, reference_hash,
	requests::{deposits_request, BankRequest},
	text::{parse_address, parse_currency, parse_minor_amount, parse_reference},
	BridgeError, Currency, MAX_BODY_BYTES, MAX_PAGE_LIMIT,
};
use alloc::{collections::BTreeMap, string::String, vec::Vec};
use codec::{Decode, Encode};
use genex_primitives::{AccountId20, Hash, Moment};
use serde::Deserialize;

/// The most bytes one listed deposit may take in a page body (a compact one takes about 200).
pub const MAX_DEPOSIT_ENTRY_BYTES: usize = 512;

/// The most bytes a page of `limit` deposits may take: what the worker reads at most, and what
/// [`parse_deposit_page`] accepts.
pub fn page_body_limit(limit: u32) -> usize {
	256 + MAX_DEPOSIT_ENTRY_BYTES * limit.min(MAX_PAGE_LIMIT) as usize
}

/// The bank's answer to `POST /deposits`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DepositReceipt {
	/// The bank's reference of the deposit.
	pub reference: String,
	/// The cursor it was (first) listed under.
	pub cursor: u64,
}

#[derive(Deserialize)]
struct RawReceipt {
	reference: String,
	cursor: u64,
}

/// Parses the answer to `POST /deposits`.
pub fn parse_deposit_receipt(body: &[u8]) -> Result<DepositReceipt, BridgeError> {
	let raw: RawReceipt = from_json(body, MAX_BODY_BYTES)?;
	parse_reference(&raw.reference, "reference")?;
	Ok(DepositReceipt { reference: raw.reference, cursor: raw.cursor })
}

/// A deposit as a bank lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BankDeposit {
	/// The cursor it is listed under (a duplicate notification has its own).
	pub cursor: u64,
	/// The bank's reference (the same for every notification of the deposit).
	pub reference: String,
	/// [`reference_hash`] of the reference: the chain's key of the deposit.
	pub reference_hash: Hash,
	/// Who receives the stablecoin.
	pub account: AccountId20,
	/// The currency received.
	pub currency: Currency,
	/// Minor units (hundredths) received: positive, at most
	/// [`MAX_AMOUNT_MINOR`](super::MAX_AMOUNT_MINOR).
	pub amount_minor: u128,
	/// When the bank received it (ms).
	pub received_at: Moment,
}

impl BankDeposit {
	/// Whether `other` reports the same money: reference, account, currency and amount (the
	/// cursor and the date may differ between notifications).
	pub fn same_money(&self, other: &Self) -> bool {
		self.reference == other.reference
			&& self.account == other.account
			&& self.currency == other.currency
			&& self.amount_minor == other.amount_minor
	}
}

/// A page of `GET /deposits`, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DepositPage {
	/// The cursor the page was asked for after.
	pub after: u64,
	/// The deposits, cursors strictly ascending and above `after`.
	pub deposits: Vec<BankDeposit>,
	/// The cursor to ask after next: the last deposit's, or `after` when there is none.
	pub next: u64,
}

#[derive(Deserialize)]
struct RawDeposit {
	cursor: u64,
	reference: String,
	account: String,
	currency: String,
	amount_minor: String,
	received_at: u64,
}

#[derive(Deserialize)]
struct RawPage {
	deposits: Vec<RawDeposit>,
	next: u64,
}

/// Parses a page of `GET /deposits?after=<after>&limit=<limit>`: every field checked, at most
/// `limit` deposits, cursors strictly ascending from above `after`, `next` the last cursor (or
/// `after`). Bodies longer than [`page_body_limit`] are refused.
pub fn parse_deposit_page(body: &[u8], after: u64, limit: u32) -> Result<DepositPage, BridgeError> {
	if limit == 0 || limit > MAX_PAGE_LIMIT {
		return Err(BridgeError::BadLimit);
	}
	let raw: RawPage = from_json(body, page_body_limit(limit))?;
	if raw.deposits.len() > limit as usize {
		return Err(BridgeError::TooManyEntries { limit });
	}
	let mut previous = after;
	let mut deposits = Vec::with_capacity(raw.deposits.len());
	for entry in raw.deposits {
		if entry.cursor <= previous {
			return Err(BridgeError::NonAscendingCursor { previous, cursor: entry.cursor });
		}
		previous = entry.cursor;
		parse_reference(&entry.reference, "reference")?;
		deposits.push(BankDeposit {
			cursor: entry.cursor,
			reference_hash: reference_hash(&entry.reference),
			account: parse_address(&entry.account, "account")?,
			currency: parse_currency(&entry.currency, "currency")?,
			amount_minor: parse_minor_amount(&entry.amount_minor, "amount_minor")?,
			received_at: entry.received_at,
			reference: entry.reference,
		});
	}
	if raw.next != previous {
		return Err(BridgeError::BadNext { expected: previous, found: raw.next });
	}
	Ok(DepositPage { after, deposits, next: raw.next })
}

/// Where the worker stands in a provider's deposit listing (kept SCALE-encoded in persistent
/// offchain storage under [`deposit_cursor_key`](super::deposit_cursor_key)).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub struct DepositCursor {
	/// The last cursor planned: the next page is asked for after it (0 at the start).
	pub after: u64,
}

impl DepositCursor {
	/// The request of the next page of at most `limit` deposits from the bank at `base`.
	pub fn request(&self, base: &str, limit: u32) -> Result<BankRequest, BridgeError> {
		deposits_request(base, self.after, limit)
	}

	/// Parses the answer to [`Self::request`] with the same `limit`.
	pub fn parse(&self, body: &[u8], limit: u32) -> Result<DepositPage, BridgeError> {
		parse_deposit_page(body, self.after, limit)
	}
}

/// What to do with a page of deposits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DepositPlan {
	/// The deposits to attest, in cursor order, each reference once (its first listing).
	pub attest: Vec<BankDeposit>,
	/// Listings not attested because their reference was listed before in the page with the
	/// same money (duplicate notifications).
	pub repeated: u32,
	/// Listings not attested because the chain already has this attestor's attestation of the
	/// reference.
	pub known: u32,
	/// References listed more than once in the page with different money (account, currency
	/// or amount): none of their listings is attested; the worker reports them.
	pub conflicting: Vec<String>,
	/// The cursor to store once the attestations are submitted.
	pub cursor: DepositCursor,
}

/// Plans a page read at `cursor`: deduplicates by reference within the page, skips the
/// references `known` says the chain already has from this attestor (given the reference
/// hash), withholds references listed with contradicting data, and moves the cursor to the
/// page's `next` (never backwards; listings at or below `cursor` are ignored).
pub fn plan_deposits(
	page: &DepositPage,
	cursor: DepositCursor,
	mut known: impl FnMut(&Hash) -> bool,
) -> DepositPlan {
	let mut first: BTreeMap<&str, usize> = BTreeMap::new();
	let mut listings: Vec<&BankDeposit> = Vec::new();
	let mut conflicting: Vec<String> = Vec::new();
	let mut repeated = 0;
	for deposit in page.deposits.iter().filter(|d| d.cursor > cursor.after) {
		match first.get(deposit.reference.as_str()) {
			None => {
				first.insert(&deposit.reference, listings.len());
				listings.push(deposit);
			},
			Some(&index) if listings[index].same_money(deposit) => repeated += 1,
			Some(_) => {
				if !conflicting.contains(&deposit.reference) {
					conflicting.push(deposit.reference.clone());
				}
			},
		}
	}
	let mut known_count = 0;
	let attest = listings
		.into_iter()
		.filter(|d| !conflicting.contains(&d.reference))
		.filter(|d| {
			let skip = known(&d.reference_hash);
			known_count += u32::from(skip);
			!skip
		})
		.cloned()
		.collect();
	DepositPlan {
		attest,
		repeated,
		known: known_count,
		conflicting,
		cursor: DepositCursor { after: cursor.after.max(page.next) },
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::bridge::text::hex;
	use alloc::{format, string::ToString, vec};

	fn entry(cursor: u64, reference: &str, account: u8, amount: &str) -> String {
		format!(
			r#"{{"cursor":{cursor},"reference":"{reference}","account":"{}","currency":"USD","amount_minor":"{amount}","received_at":1700000000000}}"#,
			hex(&[account; 20])
		)
	}

	fn page(entries: &[String], next: u64) -> Vec<u8> {
		format!(r#"{{"deposits":[{}],"next":{next}}}"#, entries.join(",")).into_bytes()
	}

	#[test]
	fn parses_a_page() {
		let body = page(&[entry(3, "b-1", 1, "10000"), entry(7, "b-2", 2, "5")], 7);
		let parsed = parse_deposit_page(&body, 2, 10).unwrap();
		assert_eq!(parsed.after, 2);
		assert_eq!(parsed.next, 7);
		assert_eq!(parsed.deposits.len(), 2);
		let first = &parsed.deposits[0];
		assert_eq!(first.cursor, 3);
		assert_eq!(first.reference, "b-1");
		assert_eq!(first.reference_hash, reference_hash("b-1"));
		assert_eq!(first.account, AccountId20([1; 20]));
		assert_eq!(first.currency, *b"USD");
		assert_eq!(first.amount_minor, 10_000);
		assert_eq!(first.received_at, 1_700_000_000_000);
		assert_eq!(parsed.deposits[1].amount_minor, 5);
	}

	#[test]
	fn an_empty_page_keeps_the_cursor() {
		let parsed = parse_deposit_page(br#"{"deposits":[],"next":9}"#, 9, 10).unwrap();
		assert!(parsed.deposits.is_empty());
		assert_eq!(parsed.next, 9);
		assert_eq!(
			parse_deposit_page(br#"{"deposits":[],"next":10}"#, 9, 10),
			Err(BridgeError::BadNext { expected: 9, found: 10 })
		);
	}

	#[test]
	fn malformed_pages_are_typed_errors() {
		for body in [
			&b""[..],
			b"not json",
			b"[]",
			br#"{"deposits":[]}"#,
			br#"{"next":0}"#,
			br#"{"deposits":{},"next":0}"#,
			br#"{"deposits":[],"next":-1}"#,
			br#"{"deposits":[],"next":1.5}"#,
			br#"{"deposits":[],"next":"0"}"#,
			br#"{"deposits":[],"next":0,"next":0}"#,
			br#"{"deposits":[{"cursor":1}],"next":1}"#,
			br#"{"deposits":[],"next":0"#,
		] {
			assert_eq!(
				parse_deposit_page(body, 0, 10),
				Err(BridgeError::MalformedJson),
				"{}",
				String::from_utf8_lossy(body)
			);
		}
		// A number where the contract has a string.
		let numeric = entry(1, "r", 1, "1").replace(r#""amount_minor":"1""#, r#""amount_minor":1"#);
		assert_eq!(
			parse_deposit_page(&page(&[numeric], 1), 0, 10),
			Err(BridgeError::MalformedJson)
		);
	}

	#[test]
	fn field_errors_name_the_field() {
		let cases = [
			(entry(1, "r", 1, "0"), BridgeError::AmountOutOfRange { field: "amount_minor" }),
			(entry(1, "r", 1, "1.5"), BridgeError::BadAmount { field: "amount_minor" }),
			(
				entry(1, "r", 1, "340282366920938463463374607431768211456"),
				BridgeError::AmountOutOfRange { field: "amount_minor" },
			),
			(entry(1, "", 1, "1"), BridgeError::BadReference { field: "reference" }),
			(entry(1, "a b", 1, "1"), BridgeError::BadReference { field: "reference" }),
			(
				entry(1, "r", 1, "1").replace("0x0101", "0x01zz"),
				BridgeError::BadHex { field: "account" },
			),
			(
				entry(1, "r", 1, "1").replace(r#""USD""#, r#""usd""#),
				BridgeError::BadCurrency { field: "currency" },
			),
		];
		for (listed, expected) in cases {
			assert_eq!(
				parse_deposit_page(&page(&[listed.clone()], 1), 0, 10),
				Err(expected),
				"{listed}"
			);
		}
	}

	#[test]
	fn cursors_must_ascend_from_after() {
		let body = page(&[entry(5, "a", 1, "1"), entry(5, "b", 1, "1")], 5);
		assert_eq!(
			parse_deposit_page(&body, 0, 10),
			Err(BridgeError::NonAscendingCursor { previous: 5, cursor: 5 })
		);
		let body = page(&[entry(5, "a", 1, "1"), entry(4, "b", 1, "1")], 4);
		assert_eq!(
			parse_deposit_page(&body, 0, 10),
			Err(BridgeError::NonAscendingCursor { previous: 5, cursor: 4 })
		);
		// The first one must be above `after`.
		let body = page(&[entry(3, "a", 1, "1")], 3);
		assert_eq!(
			parse_deposit_page(&body, 3, 10),
			Err(BridgeError::NonAscendingCursor { previous: 3, cursor: 3 })
		);
		// `next` must be the last cursor.
		let body = page(&[entry(3, "a", 1, "1")], 4);
		assert_eq!(
			parse_deposit_page(&body, 0, 10),
			Err(BridgeError::BadNext { expected: 3, found: 4 })
		);
	}

	#[test]
	fn at_most_limit_entries_and_bounded_bodies() {
		let entries: Vec<String> = (1..=3).map(|i| entry(i, &format!("r{i}"), 1, "1")).collect();
		assert!(parse_deposit_page(&page(&entries, 3), 0, 3).is_ok());
		assert_eq!(
			parse_deposit_page(&page(&entries, 3), 0, 2),
			Err(BridgeError::TooManyEntries { limit: 2 })
		);
		let padded = [page(&entries[..1], 1), vec![b' '; page_body_limit(1)]].concat();
		assert_eq!(
			parse_deposit_page(&padded, 0, 1),
			Err(BridgeError::BodyTooLarge { limit: page_body_limit(1) })
		);
		assert_eq!(parse_deposit_page(&page(&[], 0), 0, 0), Err(BridgeError::BadLimit));
		assert_eq!(page_body_limit(MAX_PAGE_LIMIT + 5), page_body_limit(MAX_PAGE_LIMIT));
	}

	#[test]
	fn receipts() {
		let receipt =
			parse_deposit_receipt(br#"{"reference":"primary_bank-000001","cursor":4}"#).unwrap();
		assert_eq!(
			receipt,
			DepositReceipt { reference: "primary_bank-000001".to_string(), cursor: 4 }
		);
		assert_eq!(parse_deposit_receipt(br#"{"reference":"x"}"#), Err(BridgeError::MalformedJson));
		assert_eq!(
			parse_deposit_receipt(br#"{"reference":"","cursor":1}"#),
			Err(BridgeError::BadReference { field: "reference" })
		);
		assert_eq!(parse_deposit_receipt(br#"{"error":"no"}"#), Err(BridgeError::MalformedJson));
	}

	#[test]
	fn the_cursor_builds_and_parses_its_page() {
		let cursor = DepositCursor { after: 12 };
		let request = cursor.request("http://h/banks/b", 50).unwrap();
		assert_eq!(request.url, "http://h/banks/b/deposits?after=12&limit=50");
		assert_eq!(cursor.request("http://h", 0), Err(BridgeError::BadLimit));
		let parsed = cursor.parse(&page(&[entry(13, "a", 1, "1")], 13), 50).unwrap();
		assert_eq!(parsed.next, 13);
		assert_eq!(DepositCursor::decode(&mut &cursor.encode()[..]), Ok(cursor));
		assert_eq!(cursor.encode(), 12u64.encode());
	}

	fn parsed(entries: &[String], after: u64) -> DepositPage {
		let next = entries.len() as u64 + after;
		parse_deposit_page(&page(entries, next), after, 100).unwrap()
	}

	#[test]
	fn plan_attests_each_reference_once() {
		// One deposit notified three times, then another.
		let page = parsed(
			&[
				entry(1, "a", 1, "100"),
				entry(2, "a", 1, "100"),
				entry(3, "a", 1, "100"),
				entry(4, "b", 2, "5"),
			],
			0,
		);
		let plan = plan_deposits(&page, DepositCursor::default(), |_| false);
		let refs: Vec<&str> = plan.attest.iter().map(|d| d.reference.as_str()).collect();
		assert_eq!(refs, ["a", "b"]);
		assert_eq!(plan.attest[0].cursor, 1);
		assert_eq!(plan.repeated, 2);
		assert_eq!(plan.known, 0);
		assert!(plan.conflicting.is_empty());
		assert_eq!(plan.cursor, DepositCursor { after: 4 });
	}

	#[test]
	fn plan_skips_what_the_chain_has() {
		let page = parsed(&[entry(1, "a", 1, "100"), entry(2, "b", 1, "100")], 0);
		let known = reference_hash("a");
		let plan = plan_deposits(&page, DepositCursor::default(), |h| *h == known);
		assert_eq!(plan.attest.len(), 1);
		assert_eq!(plan.attest[0].reference, "b");
		assert_eq!(plan.known, 1);
		assert_eq!(plan.cursor.after, 2);
	}

	#[test]
	fn plan_withholds_contradicting_references() {
		let page = parsed(
			&[
				entry(1, "a", 1, "100"),
				entry(2, "b", 1, "7"),
				entry(3, "a", 1, "200"),
				entry(4, "a", 9, "100"),
			],
			0,
		);
		let plan = plan_deposits(&page, DepositCursor::default(), |_| false);
		assert_eq!(plan.attest.len(), 1);
		assert_eq!(plan.attest[0].reference, "b");
		assert_eq!(plan.conflicting, ["a"]);
		assert_eq!(plan.cursor.after, 4);
	}

	#[test]
	fn plan_never_moves_the_cursor_back_nor_replays_old_listings() {
		let page = parsed(&[entry(6, "a", 1, "1"), entry(7, "b", 1, "1")], 5);
		// A cursor already past part of the page (the page was read before a crash).
		let plan = plan_deposits(&page, DepositCursor { after: 6 }, |_| false);
		assert_eq!(plan.attest.iter().map(|d| d.cursor).collect::<Vec<_>>(), [7]);
		assert_eq!(plan.cursor.after, 7);
		let plan = plan_deposits(&page, DepositCursor { after: 50 }, |_| false);
		assert!(plan.attest.is_empty());
		assert_eq!(plan.cursor.after, 50);
		// An empty page keeps it.
		let empty = parsed(&[], 9);
		assert_eq!(plan_deposits(&empty, DepositCursor { after: 9 }, |_| false).cursor.after, 9);
	}
}
