//! The text forms of the contract's values: hex accounts and hashes, decimal amounts, currency
//! codes and references, read strictly and written canonically (lower-case hex, no leading
//! zeros). Integers only.

use super::{BridgeError, Currency, MAX_AMOUNT_MINOR, MAX_REFERENCE_LEN};
use alloc::string::String;
use genex_primitives::{AccountId20, Hash};

/// `0x` and the lower-case hex digits of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
	const DIGITS: &[u8; 16] = b"0123456789abcdef";
	let mut out = String::with_capacity(2 + 2 * bytes.len());
	out.push_str("0x");
	for byte in bytes {
		out.push(DIGITS[(byte >> 4) as usize] as char);
		out.push(DIGITS[(byte & 0x0f) as usize] as char);
	}
	out
}

/// The value of one hex digit (either case).
fn nibble(digit: u8) -> Option<u8> {
	match digit {
		b'0'..=b'9' => Some(digit - b'0'),
		b'a'..=b'f' => Some(digit - b'a' + 10),
		b'A'..=b'F' => Some(digit - b'A' + 10),
		_ => None,
	}
}

/// `0x` + exactly `2 × N` hex digits (either case) as `N` bytes.
fn parse_hex<const N: usize>(text: &str, field: &'static str) -> Result<[u8; N], BridgeError> {
	let bad = BridgeError::BadHex { field };
	let digits = text.strip_prefix("0x").ok_or(bad)?.as_bytes();
	if digits.len() != 2 * N {
		return Err(bad);
	}
	let mut out = [0u8; N];
	for (byte, pair) in out.iter_mut().zip(digits.chunks_exact(2)) {
		*byte = (nibble(pair[0]).ok_or(bad)? << 4) | nibble(pair[1]).ok_or(bad)?;
	}
	Ok(out)
}

/// An account: `0x` + 40 hex digits, either case (no EIP-55 check: banks need not keep the
/// checksum's case).
pub fn parse_address(text: &str, field: &'static str) -> Result<AccountId20, BridgeError> {
	parse_hex::<20>(text, field).map(AccountId20)
}

/// A 32-byte hash (an idempotency key, a bank account's hash): `0x` + 64 hex digits.
pub fn parse_hash(text: &str, field: &'static str) -> Result<Hash, BridgeError> {
	parse_hex::<32>(text, field).map(Hash::from)
}

/// A non-negative integer written as a decimal string: one or more digits, no sign, no
/// leading zero (`"0"` itself is fine), at most `u128::MAX`.
pub fn parse_amount(text: &str, field: &'static str) -> Result<u128, BridgeError> {
	let bytes = text.as_bytes();
	if bytes.is_empty()
		|| !bytes.iter().all(u8::is_ascii_digit)
		|| (bytes[0] == b'0' && bytes.len() > 1)
	{
		return Err(BridgeError::BadAmount { field });
	}
	let mut value: u128 = 0;
	for digit in bytes {
		value = value
			.checked_mul(10)
			.and_then(|v| v.checked_add(u128::from(digit - b'0')))
			.ok_or(BridgeError::AmountOutOfRange { field })?;
	}
	Ok(value)
}

/// A fiat amount in minor units as a decimal string ([`parse_amount`]) that is positive and at
/// most [`MAX_AMOUNT_MINOR`].
pub fn parse_minor_amount(text: &str, field: &'static str) -> Result<u128, BridgeError> {
	let value = parse_amount(text, field)?;
	if value == 0 || value > MAX_AMOUNT_MINOR {
		return Err(BridgeError::AmountOutOfRange { field });
	}
	Ok(value)
}

/// A fiat amount as people write it, `100`, `100.5` or `100.05` (digits, then optionally a point
/// and one or two digits), in minor units: positive and at most [`MAX_AMOUNT_MINOR`].
pub fn parse_fiat_decimal(text: &str, field: &'static str) -> Result<u128, BridgeError> {
	let bad = BridgeError::BadAmount { field };
	let (whole, fraction) = match text.split_once('.') {
		Some((whole, fraction)) => (whole, fraction),
		None => (text, ""),
	};
	let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
	if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) {
		return Err(bad);
	}
	if text.contains('.') && !(1..=2).contains(&fraction.len()) {
		return Err(bad);
	}
	let out_of_range = BridgeError::AmountOutOfRange { field };
	let mut value: u128 = 0;
	let cents = if fraction.len() == 1 { [fraction, "0"] } else { [fraction, ""] };
	for digit in whole.bytes().chain(cents[0].bytes()).chain(cents[1].bytes()) {
		value = value
			.checked_mul(10)
			.and_then(|v| v.checked_add(u128::from(digit - b'0')))
			.ok_or(out_of_range)?;
	}
	if fraction.is_empty() {
		value = value.checked_mul(100).ok_or(out_of_range)?;
	}
	if value == 0 || value > MAX_AMOUNT_MINOR {
		return Err(out_of_range);
	}
	Ok(value)
}

/// `minor` minor units written with two decimals (`10050` is `100.50`).
pub fn format_minor(minor: u128) -> String {
	alloc::format!("{}.{:02}", minor / 100, minor % 100)
}

/// A currency code: three upper-case ASCII letters.
pub fn parse_currency(text: &str, field: &'static str) -> Result<Currency, BridgeError> {
	match text.as_bytes() {
		&[a, b, c] if [a, b, c].iter().all(u8::is_ascii_uppercase) => Ok([a, b, c]),
		_ => Err(BridgeError::BadCurrency { field }),
	}
}

/// Checks a bank reference: 1 to [`MAX_REFERENCE_LEN`] printable ASCII characters (no space).
pub fn parse_reference(text: &str, field: &'static str) -> Result<(), BridgeError> {
	let ok =
		(1..=MAX_REFERENCE_LEN).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_graphic());
	ok.then_some(()).ok_or(BridgeError::BadReference { field })
}

/// `code` as a `&str`, when it is a currency code.
pub(super) fn currency_str<'a>(
	code: &'a Currency,
	field: &'static str,
) -> Result<&'a str, BridgeError> {
	if !code.iter().all(u8::is_ascii_uppercase) {
		return Err(BridgeError::BadCurrency { field });
	}
	core::str::from_utf8(code).map_err(|_| BridgeError::BadCurrency { field })
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn hex_round_trips_and_is_lower_case() {
		let account = AccountId20([0xAB; 20]);
		let text = hex(&account.0);
		assert_eq!(text, alloc::format!("0x{}", "ab".repeat(20)));
		assert_eq!(parse_address(&text, "account"), Ok(account));
		assert_eq!(parse_address(&text.to_uppercase().replacen("0X", "0x", 1), "a"), Ok(account));
		let key = Hash::repeat_byte(0x5c);
		assert_eq!(parse_hash(&hex(key.as_bytes()), "key"), Ok(key));
	}

	#[test]
	fn bad_hex_names_the_field() {
		let long = hex(&[1u8; 21]);
		let short = hex(&[1u8; 19]);
		let ab = "ab".repeat(20);
		for text in [
			"",
			"0x",
			ab.as_str(),
			long.as_str(),
			short.as_str(),
			"0X0101010101010101010101010101010101010101",
		] {
			assert_eq!(
				parse_address(text, "account"),
				Err(BridgeError::BadHex { field: "account" }),
				"{text}"
			);
		}
		let mut bad = hex(&[1u8; 20]);
		bad.replace_range(5..6, "g");
		assert_eq!(parse_address(&bad, "to"), Err(BridgeError::BadHex { field: "to" }));
		assert_eq!(parse_hash(&hex(&[1u8; 20]), "key"), Err(BridgeError::BadHex { field: "key" }));
		// A multi-byte character where a digit should be.
		let mut text = hex(&[0u8; 32]);
		text.replace_range(2..4, "é");
		assert_eq!(parse_hash(&text, "key"), Err(BridgeError::BadHex { field: "key" }));
	}

	#[test]
	fn amounts_are_canonical_decimal_strings() {
		assert_eq!(parse_amount("0", "a"), Ok(0));
		assert_eq!(parse_amount("10000", "a"), Ok(10_000));
		let max = alloc::format!("{}", u128::MAX);
		assert_eq!(parse_amount(&max, "a"), Ok(u128::MAX));
		for bad in ["", "-1", "+1", "01", "1.0", "1e3", " 1", "1 ", "0x10", "١"] {
			assert_eq!(parse_amount(bad, "a"), Err(BridgeError::BadAmount { field: "a" }), "{bad}");
		}
		let over = alloc::format!("{}0", u128::MAX);
		assert_eq!(parse_amount(&over, "a"), Err(BridgeError::AmountOutOfRange { field: "a" }));
		assert_eq!(
			parse_amount("340282366920938463463374607431768211456", "a"),
			Err(BridgeError::AmountOutOfRange { field: "a" })
		);
	}

	#[test]
	fn minor_amounts_are_positive_and_bounded() {
		assert_eq!(parse_minor_amount("1", "m"), Ok(1));
		let max = alloc::format!("{MAX_AMOUNT_MINOR}");
		assert_eq!(parse_minor_amount(&max, "m"), Ok(MAX_AMOUNT_MINOR));
		let over = alloc::format!("{}", MAX_AMOUNT_MINOR + 1);
		for text in ["0", over.as_str()] {
			assert_eq!(
				parse_minor_amount(text, "m"),
				Err(BridgeError::AmountOutOfRange { field: "m" })
			);
		}
		assert_eq!(parse_minor_amount("x", "m"), Err(BridgeError::BadAmount { field: "m" }));
	}

	#[test]
	fn fiat_decimals_have_at_most_two_decimals() {
		for (text, minor) in [
			("100", 10_000),
			("100.5", 10_050),
			("100.05", 10_005),
			("0.01", 1),
			("007", 700),
			("1.10", 110),
		] {
			assert_eq!(parse_fiat_decimal(text, "--amount"), Ok(minor), "{text}");
		}
		for bad in ["", ".5", "1.", "1.234", "1,5", "-1", "+1", "1e2", "1.5.0", " 1", "abc", "1.x"]
		{
			assert_eq!(
				parse_fiat_decimal(bad, "--amount"),
				Err(BridgeError::BadAmount { field: "--amount" }),
				"{bad}"
			);
		}
		let huge = alloc::format!("{}", MAX_AMOUNT_MINOR);
		for zero_or_huge in ["0", "0.00", huge.as_str()] {
			assert_eq!(
				parse_fiat_decimal(zero_or_huge, "--amount"),
				Err(BridgeError::AmountOutOfRange { field: "--amount" }),
				"{zero_or_huge}"
			);
		}
	}

	#[test]
	fn minor_units_format_with_two_decimals() {
		assert_eq!(format_minor(10_050), "100.50");
		assert_eq!(format_minor(5), "0.05");
		assert_eq!(format_minor(0), "0.00");
	}

	#[test]
	fn currencies_and_references() {
		assert_eq!(parse_currency("USD", "c"), Ok(*b"USD"));
		for bad in ["usd", "US", "USDC", "U$D", "ÉUR", ""] {
			assert_eq!(
				parse_currency(bad, "c"),
				Err(BridgeError::BadCurrency { field: "c" }),
				"{bad}"
			);
		}
		assert_eq!(currency_str(b"EUR", "c"), Ok("EUR"));
		assert_eq!(currency_str(b"eur", "c"), Err(BridgeError::BadCurrency { field: "c" }));
		assert_eq!(parse_reference("primary_bank-000001", "r"), Ok(()));
		let long = "x".repeat(MAX_REFERENCE_LEN + 1);
		for bad in ["", "a b", "tab\t", "é", long.as_str()] {
			assert_eq!(
				parse_reference(bad, "r"),
				Err(BridgeError::BadReference { field: "r" }),
				"{bad}"
			);
		}
		assert_eq!(parse_reference(&"x".repeat(MAX_REFERENCE_LEN), "r"), Ok(()));
	}
}
