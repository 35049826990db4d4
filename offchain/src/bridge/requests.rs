//! The requests of the contract: method, URL and body bytes, ready for
//! `sp_runtime::offchain::http::Request` (or any HTTP client).

use super::{
	text::{currency_str, hex},
	BridgeError, Currency, PayoutInstruction, MAX_AMOUNT_MINOR, MAX_PAGE_LIMIT,
};
use alloc::{format, string::String, vec::Vec};
use genex_primitives::{AccountId20, Hash};

/// The `Content-Type` of every request body (and of the bank's answers).
pub const JSON_CONTENT_TYPE: &str = "application/json";

/// An HTTP method the contract uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
	/// `GET`: reads, no body.
	Get,
	/// `POST`: a JSON body.
	Post,
}

impl Method {
	/// The method as it goes on the wire.
	pub fn as_str(&self) -> &'static str {
		match self {
			Self::Get => "GET",
			Self::Post => "POST",
		}
	}
}

/// A request to a bank.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BankRequest {
	/// `GET` or `POST`.
	pub method: Method,
	/// The full URL: the bank's base, the path and the query.
	pub url: String,
	/// The JSON body (empty for `GET`).
	pub body: Vec<u8>,
}

impl BankRequest {
	/// The `Content-Type` header the request carries, if it has a body.
	pub fn content_type(&self) -> Option<&'static str> {
		(self.method == Method::Post).then_some(JSON_CONTENT_TYPE)
	}

	fn get(base: &str, path: &str) -> Self {
		Self { method: Method::Get, url: join(base, path), body: Vec::new() }
	}

	fn post(base: &str, path: &str, body: String) -> Self {
		Self { method: Method::Post, url: join(base, path), body: body.into_bytes() }
	}
}

/// `base` without trailing slashes, then `path`.
fn join(base: &str, path: &str) -> String {
	format!("{}{path}", base.trim_end_matches('/'))
}

/// Checks a fiat amount for a request: positive, at most [`MAX_AMOUNT_MINOR`].
fn check_minor(amount_minor: u128, field: &'static str) -> Result<(), BridgeError> {
	if amount_minor == 0 || amount_minor > MAX_AMOUNT_MINOR {
		return Err(BridgeError::AmountOutOfRange { field });
	}
	Ok(())
}

/// `POST {base}/deposits`: the simulator's stand-in for a user's bank transfer of
/// `amount_minor` minor units of `currency` to `account`.
pub fn deposit_notice_request(
	base: &str,
	account: &AccountId20,
	currency: &Currency,
	amount_minor: u128,
) -> Result<BankRequest, BridgeError> {
	let currency = currency_str(currency, "currency")?;
	check_minor(amount_minor, "amount_minor")?;
	let body = format!(
		r#"{{"account":"{}","currency":"{currency}","amount_minor":"{amount_minor}"}}"#,
		hex(&account.0)
	);
	Ok(BankRequest::post(base, "/deposits", body))
}

/// `GET {base}/deposits?after=<after>&limit=<limit>`: the deposits listed after cursor
/// `after`, at most `limit` (1 to [`MAX_PAGE_LIMIT`]).
pub fn deposits_request(base: &str, after: u64, limit: u32) -> Result<BankRequest, BridgeError> {
	if limit == 0 || limit > MAX_PAGE_LIMIT {
		return Err(BridgeError::BadLimit);
	}
	Ok(BankRequest::get(base, &format!("/deposits?after={after}&limit={limit}")))
}

/// `POST {base}/payouts`: pay `instruction` out, under its idempotency key.
pub fn payout_request(
	base: &str,
	instruction: &PayoutInstruction,
) -> Result<BankRequest, BridgeError> {
	let currency = currency_str(&instruction.currency, "currency")?;
	check_minor(instruction.amount_minor, "amount_minor")?;
	let body = format!(
		r#"{{"key":"{}","bank_account":"{}","currency":"{currency}","amount_minor":"{}"}}"#,
		hex(instruction.key.as_bytes()),
		hex(instruction.bank_account.as_bytes()),
		instruction.amount_minor
	);
	Ok(BankRequest::post(base, "/payouts", body))
}

/// `GET {base}/payouts/<key>`: what became of the payout with idempotency key `key`.
pub fn payout_status_request(base: &str, key: &Hash) -> BankRequest {
	BankRequest::get(base, &format!("/payouts/{}", hex(key.as_bytes())))
}

/// `GET {base}/reserves`: what the bank holds for each stablecoin, as of its latest statement.
pub fn reserves_request(base: &str) -> BankRequest {
	BankRequest::get(base, "/reserves")
}

/// `GET {base}/reserves?at=<at>`: what the bank held at `at` (ms; now, for a live balance).
pub fn reserves_at_request(base: &str, at: u64) -> BankRequest {
	BankRequest::get(base, &format!("/reserves?at={at}"))
}

/// `GET {base}/statement?from=<from>&to=<to>`: the money that moved with `from <= at < to`
/// (ms).
pub fn statement_request(base: &str, from: u64, to: u64) -> Result<BankRequest, BridgeError> {
	if to <= from {
		return Err(BridgeError::EmptyWindow);
	}
	Ok(BankRequest::get(base, &format!("/statement?from={from}&to={to}")))
}

#[cfg(test)]
mod tests {
	use super::*;

	const BASE: &str = "http://127.0.0.1:9960/banks/primary_bank";

	fn body(request: &BankRequest) -> &str {
		core::str::from_utf8(&request.body).unwrap()
	}

	#[test]
	fn deposit_notice_is_the_contracts_json() {
		let account = AccountId20([0x11; 20]);
		let request = deposit_notice_request(BASE, &account, b"USD", 10_000).unwrap();
		assert_eq!(request.method, Method::Post);
		assert_eq!(request.url, format!("{BASE}/deposits"));
		assert_eq!(request.content_type(), Some("application/json"));
		assert_eq!(
			body(&request),
			format!(
				r#"{{"account":"0x{}","currency":"USD","amount_minor":"10000"}}"#,
				"11".repeat(20)
			)
		);
		// A trailing slash on the base changes nothing.
		let slash = deposit_notice_request(&format!("{BASE}/"), &account, b"USD", 10_000).unwrap();
		assert_eq!(slash, request);
		assert_eq!(
			deposit_notice_request(BASE, &account, b"usd", 1),
			Err(BridgeError::BadCurrency { field: "currency" })
		);
		assert_eq!(
			deposit_notice_request(BASE, &account, b"USD", 0),
			Err(BridgeError::AmountOutOfRange { field: "amount_minor" })
		);
		assert_eq!(
			deposit_notice_request(BASE, &account, b"USD", MAX_AMOUNT_MINOR + 1),
			Err(BridgeError::AmountOutOfRange { field: "amount_minor" })
		);
	}

	#[test]
	fn deposit_listing_carries_cursor_and_limit() {
		let request = deposits_request(BASE, 41, 100).unwrap();
		assert_eq!(request.method, Method::Get);
		assert_eq!(request.url, format!("{BASE}/deposits?after=41&limit=100"));
		assert!(request.body.is_empty());
		assert_eq!(request.content_type(), None);
		assert_eq!(deposits_request(BASE, 0, 0), Err(BridgeError::BadLimit));
		assert_eq!(deposits_request(BASE, 0, MAX_PAGE_LIMIT + 1), Err(BridgeError::BadLimit));
		assert!(deposits_request(BASE, u64::MAX, MAX_PAGE_LIMIT).is_ok());
	}

	#[test]
	fn payout_carries_the_idempotency_key() {
		let instruction = PayoutInstruction {
			key: Hash::repeat_byte(0xab),
			bank_account: Hash::repeat_byte(0x01),
			currency: *b"USD",
			amount_minor: 12_345,
		};
		let request = payout_request(BASE, &instruction).unwrap();
		assert_eq!(
			(request.method, request.url.as_str()),
			(Method::Post, &*format!("{BASE}/payouts"))
		);
		assert_eq!(
			body(&request),
			format!(
				r#"{{"key":"0x{}","bank_account":"0x{}","currency":"USD","amount_minor":"12345"}}"#,
				"ab".repeat(32),
				"01".repeat(32)
			)
		);
		let status = payout_status_request(BASE, &instruction.key);
		assert_eq!(status.url, format!("{BASE}/payouts/0x{}", "ab".repeat(32)));
		assert_eq!(status.method, Method::Get);
		let bad = PayoutInstruction { currency: *b"U5D", ..instruction };
		assert_eq!(payout_request(BASE, &bad), Err(BridgeError::BadCurrency { field: "currency" }));
		let zero = PayoutInstruction { amount_minor: 0, ..instruction };
		assert_eq!(
			payout_request(BASE, &zero),
			Err(BridgeError::AmountOutOfRange { field: "amount_minor" })
		);
	}

	#[test]
	fn reserves_and_statement() {
		assert_eq!(reserves_request(BASE).url, format!("{BASE}/reserves"));
		assert_eq!(reserves_at_request(BASE, 1_234).url, format!("{BASE}/reserves?at=1234"));
		let statement = statement_request(BASE, 1_000, 2_000).unwrap();
		assert_eq!(statement.url, format!("{BASE}/statement?from=1000&to=2000"));
		assert_eq!(statement_request(BASE, 5, 5), Err(BridgeError::EmptyWindow));
		assert_eq!(statement_request(BASE, 6, 5), Err(BridgeError::EmptyWindow));
	}
}
