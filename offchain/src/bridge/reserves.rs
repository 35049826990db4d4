//! Reconciliation: a bank's reserves per stablecoin and its statement of the money that moved.

use super::{
	from_json,
	text::{
		parse_address, parse_amount, parse_currency, parse_hash, parse_minor_amount,
		parse_reference,
	},
	BridgeError, Currency, MAX_BODY_BYTES, MAX_STATEMENT_ENTRY_BYTES, USDC, USDT,
};
use alloc::{string::String, vec::Vec};
use genex_primitives::{AccountId20, AssetId, Balance, Hash, Moment};
use serde::Deserialize;

/// What a bank holds for each stablecoin.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BankReserves {
	/// The statement's date (ms).
	pub as_of: Moment,
	/// Held for USDC, in base units.
	pub usdc: Balance,
	/// Held for USDT, in base units.
	pub usdt: Balance,
}

impl BankReserves {
	/// The reserve of the stablecoin with `pallet-assets` id `asset` ([`USDC`] or [`USDT`]).
	pub fn of_asset(&self, asset: AssetId) -> Option<Balance> {
		match asset {
			USDC => Some(self.usdc),
			USDT => Some(self.usdt),
			_ => None,
		}
	}
}

#[derive(Deserialize)]
struct RawAssets {
	#[serde(rename = "USDC")]
	usdc: String,
	#[serde(rename = "USDT")]
	usdt: String,
}

#[derive(Deserialize)]
struct RawReserves {
	as_of: u64,
	reserves: RawAssets,
}

/// Parses the answer to `GET /reserves`: both stablecoins, amounts as decimal strings of base
/// units (zero allowed).
pub fn parse_reserves(body: &[u8]) -> Result<BankReserves, BridgeError> {
	let raw: RawReserves = from_json(body, MAX_BODY_BYTES)?;
	Ok(BankReserves {
		as_of: raw.as_of,
		usdc: parse_amount(&raw.reserves.usdc, "reserves.USDC")?,
		usdt: parse_amount(&raw.reserves.usdt, "reserves.USDT")?,
	})
}

/// One movement of money on a bank's statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StatementEntry {
	/// A deposit received (once, whatever its notifications).
	Deposit {
		/// The bank's reference.
		reference: String,
		/// Who it was for.
		account: AccountId20,
		/// The currency received.
		currency: Currency,
		/// Minor units received.
		amount_minor: u128,
		/// When (ms).
		at: Moment,
	},
	/// A payout made.
	Payout {
		/// Its idempotency key.
		key: Hash,
		/// The bank's reference of the payment.
		reference: String,
		/// The hash of the bank account paid.
		bank_account: Hash,
		/// The currency paid out.
		currency: Currency,
		/// Minor units paid out.
		amount_minor: u128,
		/// When (ms).
		at: Moment,
	},
}

impl StatementEntry {
	/// When the money moved (ms).
	pub fn at(&self) -> Moment {
		match self {
			Self::Deposit { at, .. } | Self::Payout { at, .. } => *at,
		}
	}
}

#[derive(Deserialize)]
struct RawEntry {
	kind: String,
	reference: String,
	account: Option<String>,
	key: Option<String>,
	bank_account: Option<String>,
	currency: String,
	amount_minor: String,
	at: u64,
}

#[derive(Deserialize)]
struct RawStatement {
	entries: Vec<RawEntry>,
}

/// Parses the answer to `GET /statement?from=<from>&to=<to>`: at most `max_entries` entries
/// (bodies longer than `256 + max_entries ×` [`MAX_STATEMENT_ENTRY_BYTES`] are refused), each
/// dated `from <= at < to`, in time order.
pub fn parse_statement(
	body: &[u8],
	from: Moment,
	to: Moment,
	max_entries: u32,
) -> Result<Vec<StatementEntry>, BridgeError> {
	if to <= from {
		return Err(BridgeError::EmptyWindow);
	}
	let limit =
		256usize.saturating_add(MAX_STATEMENT_ENTRY_BYTES.saturating_mul(max_entries as usize));
	let raw: RawStatement = from_json(body, limit)?;
	if raw.entries.len() > max_entries as usize {
		return Err(BridgeError::TooManyEntries { limit: max_entries });
	}
	let mut previous = from;
	let mut entries = Vec::with_capacity(raw.entries.len());
	for entry in raw.entries {
		if !(from..to).contains(&entry.at) {
			return Err(BridgeError::OutsideWindow { at: entry.at });
		}
		if entry.at < previous {
			return Err(BridgeError::NotInTimeOrder { previous, at: entry.at });
		}
		previous = entry.at;
		parse_reference(&entry.reference, "reference")?;
		let currency = parse_currency(&entry.currency, "currency")?;
		let amount_minor = parse_minor_amount(&entry.amount_minor, "amount_minor")?;
		entries.push(match entry.kind.as_str() {
			"deposit" => StatementEntry::Deposit {
				account: parse_address(
					entry.account.as_deref().ok_or(BridgeError::MalformedJson)?,
					"account",
				)?,
				reference: entry.reference,
				currency,
				amount_minor,
				at: entry.at,
			},
			"payout" => StatementEntry::Payout {
				key: parse_hash(entry.key.as_deref().ok_or(BridgeError::MalformedJson)?, "key")?,
				bank_account: parse_hash(
					entry.bank_account.as_deref().ok_or(BridgeError::MalformedJson)?,
					"bank_account",
				)?,
				reference: entry.reference,
				currency,
				amount_minor,
				at: entry.at,
			},
			_ => return Err(BridgeError::UnknownKind),
		});
	}
	Ok(entries)
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::bridge::text::hex;
	use alloc::{format, string::ToString};

	#[test]
	fn parses_reserves() {
		let body = br#"{"as_of":1700000000000,"reserves":{"USDC":"340282366920938463463374607431768211455","USDT":"0"}}"#;
		let reserves = parse_reserves(body).unwrap();
		assert_eq!(reserves, BankReserves { as_of: 1_700_000_000_000, usdc: u128::MAX, usdt: 0 });
		assert_eq!(reserves.of_asset(USDC), Some(u128::MAX));
		assert_eq!(reserves.of_asset(USDT), Some(0));
		assert_eq!(reserves.of_asset(3), None);
	}

	#[test]
	fn reserves_errors() {
		let cases: [(&[u8], BridgeError); 6] = [
			(br#"{"as_of":1,"reserves":{"USDC":"1"}}"#, BridgeError::MalformedJson),
			(br#"{"reserves":{"USDC":"1","USDT":"1"}}"#, BridgeError::MalformedJson),
			(br#"{"as_of":1,"reserves":{"USDC":1,"USDT":"1"}}"#, BridgeError::MalformedJson),
			(br#"{"as_of":-1,"reserves":{"USDC":"1","USDT":"1"}}"#, BridgeError::MalformedJson),
			(br#"{"as_of":1,"reserves":{"USDC":"1.5","USDT":"1"}}"#, BridgeError::BadAmount { field: "reserves.USDC" }),
			(
				br#"{"as_of":1,"reserves":{"USDC":"1","USDT":"340282366920938463463374607431768211456"}}"#,
				BridgeError::AmountOutOfRange { field: "reserves.USDT" },
			),
		];
		for (body, expected) in cases {
			assert_eq!(parse_reserves(body), Err(expected), "{}", String::from_utf8_lossy(body));
		}
	}

	fn deposit(at: u64) -> String {
		format!(
			r#"{{"kind":"deposit","reference":"b-1","account":"{}","currency":"USD","amount_minor":"100","at":{at}}}"#,
			hex(&[7; 20])
		)
	}

	fn payout(at: u64) -> String {
		format!(
			r#"{{"kind":"payout","key":"{}","reference":"b-P-1","bank_account":"{}","currency":"USD","amount_minor":"55","at":{at}}}"#,
			hex(&[1; 32]),
			hex(&[2; 32])
		)
	}

	fn statement(entries: &[String]) -> Vec<u8> {
		format!(r#"{{"entries":[{}]}}"#, entries.join(",")).into_bytes()
	}

	#[test]
	fn parses_a_statement() {
		let entries =
			parse_statement(&statement(&[deposit(10), payout(10), payout(19)]), 10, 20, 5).unwrap();
		assert_eq!(entries.len(), 3);
		assert_eq!(
			entries[0],
			StatementEntry::Deposit {
				reference: "b-1".to_string(),
				account: AccountId20([7; 20]),
				currency: *b"USD",
				amount_minor: 100,
				at: 10
			}
		);
		assert_eq!(
			entries[1],
			StatementEntry::Payout {
				key: Hash::repeat_byte(1),
				reference: "b-P-1".to_string(),
				bank_account: Hash::repeat_byte(2),
				currency: *b"USD",
				amount_minor: 55,
				at: 10
			}
		);
		assert_eq!(entries[2].at(), 19);
		assert_eq!(parse_statement(br#"{"entries":[]}"#, 0, 1, 0), Ok(Vec::new()));
	}

	#[test]
	fn statement_errors() {
		let cases: [(Vec<u8>, BridgeError); 10] = [
			(statement(&[deposit(20)]), BridgeError::OutsideWindow { at: 20 }),
			(statement(&[deposit(9)]), BridgeError::OutsideWindow { at: 9 }),
			(
				statement(&[deposit(15), payout(12)]),
				BridgeError::NotInTimeOrder { previous: 15, at: 12 },
			),
			(
				statement(&[deposit(11), deposit(12), deposit(13)]),
				BridgeError::TooManyEntries { limit: 2 },
			),
			(statement(&[deposit(11).replace("deposit", "refund")]), BridgeError::UnknownKind),
			(
				statement(&[deposit(11).replace(r#","account":"#, r#","acct":"#)]),
				BridgeError::MalformedJson,
			),
			(
				statement(&[payout(11).replace(r#""key":"#, r#""kee":"#)]),
				BridgeError::MalformedJson,
			),
			(
				statement(&[
					payout(11).replace(r#""bank_account":"0x02"#, r#""bank_account":"0xzz"#)
				]),
				BridgeError::BadHex { field: "bank_account" },
			),
			(
				statement(&[payout(11).replace(r#""55""#, r#""0""#)]),
				BridgeError::AmountOutOfRange { field: "amount_minor" },
			),
			(b"{}".to_vec(), BridgeError::MalformedJson),
		];
		for (body, expected) in cases {
			assert_eq!(
				parse_statement(&body, 10, 20, 2),
				Err(expected),
				"{}",
				String::from_utf8_lossy(&body)
			);
		}
		assert_eq!(parse_statement(br#"{"entries":[]}"#, 5, 5, 1), Err(BridgeError::EmptyWindow));
		let long = [statement(&[]), alloc::vec![b' '; 256 + MAX_STATEMENT_ENTRY_BYTES]].concat();
		assert_eq!(
			parse_statement(&long, 0, 1, 1),
			Err(BridgeError::BodyTooLarge { limit: 256 + MAX_STATEMENT_ENTRY_BYTES })
		);
	}
}
