//! The fiat bridge worker's side of the bank HTTP contract: request builders, response parsers
//! and the retry rules, pure and `no_std`, so that the fiat-bridge pallet's off-chain worker and
//! `genex-gateway-sim` (the simulated banks) agree byte for byte.
//!
//! # The HTTP contract
//!
//! A bank (a gateway provider) is served under a base URL `{base}`; `genex-gateway-sim` serves
//! `http://127.0.0.1:<port>/banks/<bank>` with `<bank>` one of [`PRIMARY_BANK`] and
//! [`BACKUP_PROCESSOR`]. Every body is JSON. Amounts are decimal strings (they can exceed
//! 2⁵³): fiat amounts in minor units (hundredths, `"10000"` is 100.00), reserves in stablecoin
//! base units (6 decimals). Cursors and times (ms since the Unix epoch) are JSON integers.
//! Accounts are `0x` + 40 hex digits; keys and bank accounts are `0x` + 64 hex digits (a bank
//! account only ever appears as the 32-byte hash of its details, never in clear).
//!
//! | request | answer |
//! |---|---|
//! | `POST {base}/deposits` `{"account":"0x<20 bytes>","currency":"USD","amount_minor":"10000"}` | 200 `{"reference":"primary_bank-000001","cursor":N}`. The simulator's stand-in for a user's incoming bank transfer ([`deposit_notice_request`], [`parse_deposit_receipt`]); the worker never sends it. |
//! | `GET {base}/deposits?after=<cursor>&limit=<n>` | 200 `{"deposits":[{"cursor":N,"reference":"..","account":"0x..","currency":"USD","amount_minor":"10000","received_at":<ms>}],"next":<cursor of the last listed, or after if none>}`: at most `n` deposits with cursors above `after`, ascending. A duplicate notification lists the same deposit again under a new cursor with the same reference ([`deposits_request`], [`parse_deposit_page`], [`plan_deposits`]). |
//! | `POST {base}/payouts` `{"key":"0x<32 bytes>","bank_account":"0x<32 bytes>","currency":"USD","amount_minor":"12345"}` | 200 `{"key":..,"status":"paid","reference":"primary_bank-P-000001"}`, or 200 `{"key":..,"status":"failed","reason":".."}` (a definite refusal). The same key again answers the stored result and never pays twice; the same key with other parameters: 409 `{"error":".."}` ([`payout_request`], [`classify_payout`]). |
//! | `GET {base}/payouts/<key>` | 200 with the stored result, as above; 404 for a key the bank does not know ([`payout_status_request`]). |
//! | `GET {base}/reserves` | 200 `{"as_of":<ms>,"reserves":{"USDC":"<base units>","USDT":"<base units>"}}`: a statement cut at `as_of`, the same for every reader until the bank cuts the next, since attestors must report identical statements ([`reserves_request`], [`parse_reserves`]). |
//! | `GET {base}/reserves?at=<ms>` | the same, as the reserves stood at `at` (no later than now; 400 otherwise): `genex bridge reconcile` reads them live ([`reserves_at_request`]). |
//! | `GET {base}/statement?from=<ms>&to=<ms>` | 200 `{"entries":[..]}`: the money that moved with `from <= at < to`, ascending `at`: `{"kind":"deposit","reference":..,"account":..,"currency":..,"amount_minor":..,"at":<ms>}` (once per deposit, whatever its notifications) and `{"kind":"payout","key":..,"reference":..,"bank_account":..,"currency":..,"amount_minor":..,"at":<ms>}` (paid payouts only) ([`statement_request`], [`parse_statement`]). |
//!
//! Anything else (a 4xx with `{"error":".."}`, a 5xx, no answer) is not an answer about the
//! money.
//!
//! # The rules the worker follows
//!
//! - **Deposits**: the worker keeps a [`DepositCursor`] per provider, lists the deposits after
//!   it, and [`plan_deposits`] gives what to attest (each reference once, references the chain
//!   already has from this attestor skipped, a reference listed with contradicting data
//!   withheld) and the cursor to store once the attestations are submitted. The chain's key of
//!   a deposit is [`reference_hash`] of the bank's reference.
//! - **Payouts**: every attempt of a withdrawal, at every provider, carries its idempotency key
//!   (the pallet's `idempotency_key(id)`). [`classify_payout`] maps an answer to
//!   [`PayoutVerdict::Paid`], [`PayoutVerdict::FailedDefinitely`] (only the bank's explicit
//!   `failed`) or [`PayoutVerdict::Indefinite`] (no answer, a timeout, 5xx, 409, 404 on a
//!   lookup, a malformed body: the money may have gone out, so never a reason to fail over).
//!   [`PayoutAttempts`] (stored in offchain storage) counts indefinite outcomes, spaces retries
//!   with a deterministic [`Backoff`], and after an indefinite outcome asks
//!   `GET payouts/<key>` before it posts the same key again.
//!
//! Parsers never panic: what does not follow the contract is a [`BridgeError`]. Bodies above
//! the bounds ([`page_body_limit`], [`MAX_BODY_BYTES`]) are refused before parsing, so the
//! worker can stop reading there.

mod deposits;
mod payouts;
mod requests;
mod reserves;
mod text;

pub use deposits::{
	page_body_limit, parse_deposit_page, parse_deposit_receipt, plan_deposits, BankDeposit,
	DepositCursor, DepositPage, DepositPlan, DepositReceipt, MAX_DEPOSIT_ENTRY_BYTES,
};
pub use payouts::{
	classify_payout, parse_payout_result, Backoff, Indefinite, PayoutAttempts, PayoutCall,
	PayoutInstruction, PayoutResult, PayoutStatus, PayoutStep, PayoutVerdict,
};
pub use requests::{
	deposit_notice_request, deposits_request, payout_request, payout_status_request,
	reserves_at_request, reserves_request, statement_request, BankRequest, Method,
	JSON_CONTENT_TYPE,
};
pub use reserves::{parse_reserves, parse_statement, BankReserves, StatementEntry};
pub use text::{
	format_minor, hex, parse_address, parse_amount, parse_currency, parse_fiat_decimal, parse_hash,
	parse_minor_amount, parse_reference,
};

use alloc::vec::Vec;
use core::fmt;
/// The types of accounts (20 bytes) and of keys, bank-account hashes and reference hashes (32
/// bytes) in this module's signatures.
pub use genex_primitives::{AccountId20, Hash};
use genex_primitives::{AssetId, Balance};

/// The simulated primary bank's name (`{base}` ends in `/banks/primary_bank`).
pub const PRIMARY_BANK: &str = "primary_bank";
/// The simulated backup processor's name (`{base}` ends in `/banks/backup_processor`).
pub const BACKUP_PROCESSOR: &str = "backup_processor";

/// An ISO 4217 currency code: three upper-case ASCII letters (`*b"USD"`).
pub type Currency = [u8; 3];
/// US dollars, at par with the stablecoins.
pub const USD: Currency = *b"USD";
/// USDC's `pallet-assets` id.
pub const USDC: AssetId = 1;
/// USDT's `pallet-assets` id.
pub const USDT: AssetId = 2;

/// Stablecoin base units (10⁻⁶) in one fiat minor unit (10⁻², a cent) at par; the same as the
/// fiat-bridge pallet's `BASE_UNITS_PER_MINOR_UNIT`.
pub const BASE_UNITS_PER_MINOR_UNIT: Balance = 10_000;
/// The largest fiat amount accepted, in minor units: its base units at par still fit a u128.
pub const MAX_AMOUNT_MINOR: u128 = u128::MAX / BASE_UNITS_PER_MINOR_UNIT;
/// The longest bank reference accepted, in bytes.
pub const MAX_REFERENCE_LEN: usize = 64;
/// The longest failure reason kept, in bytes (longer ones are cut at a character boundary).
pub const MAX_REASON_LEN: usize = 256;
/// The most deposits one page may be asked for.
pub const MAX_PAGE_LIMIT: u32 = 1_000;
/// The largest body of a payout answer or a reserves answer the parsers read (bytes).
pub const MAX_BODY_BYTES: usize = 4_096;
/// The largest body of a statement, per entry asked for (bytes); see [`parse_statement`].
pub const MAX_STATEMENT_ENTRY_BYTES: usize = 512;

/// The chain's key of a bank's deposit reference: `blake2_256` of the reference's bytes.
pub fn reference_hash(reference: &str) -> Hash {
	Hash::from(sp_io::hashing::blake2_256(reference.as_bytes()))
}

/// Base units worth `minor` US cents at par (`minor × 10⁴`); `None` on overflow.
pub fn usd_minor_to_base(minor: u128) -> Option<Balance> {
	minor.checked_mul(BASE_UNITS_PER_MINOR_UNIT)
}

/// Where the worker keeps its [`DepositCursor`] for provider `provider` in persistent offchain
/// storage.
pub fn deposit_cursor_key(provider: u32) -> Vec<u8> {
	let mut key = b"genex/bridge/deposit-cursor/".to_vec();
	key.extend_from_slice(&provider.to_le_bytes());
	key
}

/// Where the worker keeps the [`PayoutAttempts`] of the withdrawal with idempotency key `key` in
/// persistent offchain storage.
pub fn payout_attempts_key(key: &Hash) -> Vec<u8> {
	let mut out = b"genex/bridge/payout-attempts/".to_vec();
	out.extend_from_slice(key.as_bytes());
	out
}

/// Why a bank's answer (or a request to build) does not follow the contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BridgeError {
	/// The body is not JSON, or not of the expected shape (a field missing, duplicated or of
	/// the wrong type, a negative or fractional integer).
	MalformedJson,
	/// The body is longer than the parser reads for this answer.
	BodyTooLarge {
		/// The most bytes read for it.
		limit: usize,
	},
	/// `field` is not `0x` and the expected number of hex digits.
	BadHex {
		/// The field.
		field: &'static str,
	},
	/// `field` is not a decimal amount: digits only (no sign, exponent or leading zero) in
	/// JSON; at most two decimals on a command line.
	BadAmount {
		/// The field.
		field: &'static str,
	},
	/// `field` is zero where an amount must be positive, or above its bound
	/// ([`MAX_AMOUNT_MINOR`] for fiat amounts, `u128::MAX` for base units).
	AmountOutOfRange {
		/// The field.
		field: &'static str,
	},
	/// `field` is not a currency code (three upper-case ASCII letters).
	BadCurrency {
		/// The field.
		field: &'static str,
	},
	/// `field` (a bank reference) is empty, longer than [`MAX_REFERENCE_LEN`] or not printable
	/// ASCII.
	BadReference {
		/// The field.
		field: &'static str,
	},
	/// A deposit's cursor is not above the one listed before it (or above `after` for the
	/// first).
	NonAscendingCursor {
		/// The cursor before (or `after`).
		previous: u64,
		/// The cursor listed.
		cursor: u64,
	},
	/// A page's `next` is not the cursor of its last deposit (or `after` when empty).
	BadNext {
		/// What it should be.
		expected: u64,
		/// What it is.
		found: u64,
	},
	/// More entries than asked for.
	TooManyEntries {
		/// The most asked for.
		limit: u32,
	},
	/// A payout answer about another idempotency key.
	KeyMismatch,
	/// A payout `status` other than `paid` and `failed`.
	UnknownStatus,
	/// A statement entry `kind` other than `deposit` and `payout`.
	UnknownKind,
	/// A statement entry dated outside the window asked for.
	OutsideWindow {
		/// Its date (ms).
		at: u64,
	},
	/// Statement entries out of time order.
	NotInTimeOrder {
		/// The date before (ms).
		previous: u64,
		/// The earlier date that followed it (ms).
		at: u64,
	},
	/// A window whose end is not after its start.
	EmptyWindow,
	/// A page size of zero or above [`MAX_PAGE_LIMIT`].
	BadLimit,
}

impl fmt::Display for BridgeError {
	fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
		match self {
			Self::MalformedJson => write!(f, "the body is not JSON of the expected shape"),
			Self::BodyTooLarge { limit } => write!(f, "the body is longer than {limit} bytes"),
			Self::BadHex { field } => write!(f, "{field}: not 0x and the expected hex digits"),
			Self::BadAmount { field } => write!(f, "{field}: not a decimal amount"),
			Self::AmountOutOfRange { field } => write!(f, "{field}: amount out of range"),
			Self::BadCurrency { field } => {
				write!(f, "{field}: not a currency code (three upper-case letters)")
			},
			Self::BadReference { field } => write!(
				f,
				"{field}: not a reference (1 to {MAX_REFERENCE_LEN} printable ASCII characters)"
			),
			Self::NonAscendingCursor { previous, cursor } => {
				write!(f, "cursor {cursor} listed after {previous}: cursors must ascend")
			},
			Self::BadNext { expected, found } => {
				write!(f, "next is {found}, but the page ends at cursor {expected}")
			},
			Self::TooManyEntries { limit } => write!(f, "more than the {limit} entries asked for"),
			Self::KeyMismatch => write!(f, "the answer is about another idempotency key"),
			Self::UnknownStatus => write!(f, "status: neither \"paid\" nor \"failed\""),
			Self::UnknownKind => write!(f, "kind: neither \"deposit\" nor \"payout\""),
			Self::OutsideWindow { at } => write!(f, "an entry at {at} is outside the window"),
			Self::NotInTimeOrder { previous, at } => {
				write!(f, "an entry at {at} follows one at {previous}: not in time order")
			},
			Self::EmptyWindow => write!(f, "the window's end is not after its start"),
			Self::BadLimit => write!(f, "limit: from 1 to {MAX_PAGE_LIMIT}"),
		}
	}
}

#[cfg(feature = "std")]
impl std::error::Error for BridgeError {}

/// Parses `body` as JSON into `T`, refusing bodies longer than `limit`.
fn from_json<'a, T: serde::Deserialize<'a>>(
	body: &'a [u8],
	limit: usize,
) -> Result<T, BridgeError> {
	if body.len() > limit {
		return Err(BridgeError::BodyTooLarge { limit });
	}
	serde_json::from_slice(body).map_err(|_| BridgeError::MalformedJson)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn reference_hash_is_blake2_256_of_the_bytes() {
		let hash = reference_hash("primary_bank-000001");
		assert_eq!(hash.0, sp_io::hashing::blake2_256(b"primary_bank-000001"));
		assert_ne!(hash, reference_hash("primary_bank-000002"));
	}

	#[test]
	fn storage_keys_are_distinct_per_provider_and_key() {
		assert_ne!(deposit_cursor_key(0), deposit_cursor_key(1));
		assert!(deposit_cursor_key(7).ends_with(&7u32.to_le_bytes()));
		let (a, b) = (Hash::repeat_byte(1), Hash::repeat_byte(2));
		assert_ne!(payout_attempts_key(&a), payout_attempts_key(&b));
		assert!(payout_attempts_key(&a).ends_with(a.as_bytes()));
	}

	#[test]
	fn usd_at_par_and_its_bound() {
		assert_eq!(usd_minor_to_base(10_000), Some(100_000_000));
		assert_eq!(usd_minor_to_base(MAX_AMOUNT_MINOR).map(|b| b / 10_000), Some(MAX_AMOUNT_MINOR));
		assert_eq!(usd_minor_to_base(MAX_AMOUNT_MINOR + 1), None);
	}

	#[test]
	fn oversized_bodies_are_refused_before_parsing() {
		let body = [b' '; 10];
		assert_eq!(from_json::<u32>(&body, 9), Err(BridgeError::BodyTooLarge { limit: 9 }));
		assert_eq!(from_json::<u32>(b" 7 ", 9), Ok(7));
		assert_eq!(from_json::<u32>(b"-7", 9), Err(BridgeError::MalformedJson));
	}
}
