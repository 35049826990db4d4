//! Assets and amounts as people write them ("12.5 USDC") and as the chain stores them (base
//! units in `u128`). Decimal text only: no floats anywhere.

use genex_primitives::{AssetId, GNX_DECIMALS, STABLECOIN_DECIMALS, USDC_ASSET_ID, USDT_ASSET_ID};

/// A token an account can hold on Genex Chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Asset {
	/// The native token; pays fees; 18 decimals.
	Gnx,
	/// USD Coin, `pallet-assets` asset 1; 6 decimals.
	Usdc,
	/// Tether USD, `pallet-assets` asset 2; 6 decimals.
	Usdt,
}

impl Asset {
	/// Every asset, native first.
	pub const ALL: [Asset; 3] = [Asset::Gnx, Asset::Usdc, Asset::Usdt];

	/// Number of decimals of the asset's base unit.
	pub fn decimals(self) -> u8 {
		match self {
			Asset::Gnx => GNX_DECIMALS,
			Asset::Usdc | Asset::Usdt => STABLECOIN_DECIMALS,
		}
	}

	/// The `pallet-assets` id, or `None` for the native token.
	pub fn asset_id(self) -> Option<AssetId> {
		match self {
			Asset::Gnx => None,
			Asset::Usdc => Some(USDC_ASSET_ID),
			Asset::Usdt => Some(USDT_ASSET_ID),
		}
	}

	/// The ticker symbol.
	pub fn symbol(self) -> &'static str {
		match self {
			Asset::Gnx => "GNX",
			Asset::Usdc => "USDC",
			Asset::Usdt => "USDT",
		}
	}
}

/// Why a text is not an amount.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
	/// Nothing, or something other than digits and one decimal point.
	#[error("'{0}' is not a decimal amount (digits with at most one '.')")]
	NotDecimal(String),
	/// More fractional digits than the asset has decimals.
	#[error("'{text}' has more than {decimals} decimal places")]
	TooPrecise {
		/// The amount as written.
		text: String,
		/// Decimals of the asset.
		decimals: u8,
	},
	/// The amount does not fit in 128 bits of base units.
	#[error("'{0}' is too large")]
	TooLarge(String),
}

/// Parses a decimal amount ("12", "12.5", "0.000001") into base units of an asset with
/// `decimals` decimals.
pub fn parse_amount(text: &str, decimals: u8) -> Result<u128, AmountError> {
	let not_decimal = || AmountError::NotDecimal(text.to_string());
	let (whole, fraction) = match text.split_once('.') {
		Some((whole, fraction)) => (whole, fraction),
		None => (text, ""),
	};
	let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
	if (whole.is_empty() && fraction.is_empty()) || !all_digits(whole) || !all_digits(fraction) {
		return Err(not_decimal());
	}
	if text.ends_with('.') && fraction.is_empty() && whole.is_empty() {
		return Err(not_decimal());
	}
	let fraction = fraction.trim_end_matches('0');
	if fraction.len() > decimals as usize {
		return Err(AmountError::TooPrecise { text: text.to_string(), decimals });
	}
	let too_large = || AmountError::TooLarge(text.to_string());
	let scale = 10u128.checked_pow(decimals as u32).ok_or_else(too_large)?;
	let whole: u128 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| too_large())? };
	let fraction_units: u128 = if fraction.is_empty() {
		0
	} else {
		let digits: u128 = fraction.parse().map_err(|_| too_large())?;
		digits * 10u128.pow((decimals as usize - fraction.len()) as u32)
	};
	whole
		.checked_mul(scale)
		.and_then(|units| units.checked_add(fraction_units))
		.ok_or_else(too_large)
}

/// Formats base units as a decimal amount without trailing zeros ("12.5", "0.000001", "3").
pub fn format_amount(units: u128, decimals: u8) -> String {
	let scale = 10u128.pow(decimals as u32);
	let whole = units / scale;
	let fraction = units % scale;
	if fraction == 0 {
		return whole.to_string();
	}
	let fraction = format!("{fraction:0width$}", width = decimals as usize);
	format!("{whole}.{}", fraction.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn parses_decimal_text_into_exact_base_units() {
		assert_eq!(parse_amount("12", 6), Ok(12_000_000));
		assert_eq!(parse_amount("12.5", 6), Ok(12_500_000));
		assert_eq!(parse_amount("0.000001", 6), Ok(1));
		assert_eq!(parse_amount(".5", 6), Ok(500_000));
		assert_eq!(parse_amount("7.", 6), Ok(7_000_000));
		assert_eq!(parse_amount("1.250000", 6), Ok(1_250_000));
		assert_eq!(parse_amount("1.5", 18), Ok(1_500_000_000_000_000_000));
	}

	#[test]
	fn rejects_what_is_not_an_exact_amount() {
		assert_eq!(
			parse_amount("0.0000001", 6),
			Err(AmountError::TooPrecise { text: "0.0000001".into(), decimals: 6 })
		);
		for bad in ["", ".", "-1", "1e6", "1.2.3", "12 ", "abc", "+3"] {
			assert_eq!(parse_amount(bad, 6), Err(AmountError::NotDecimal(bad.into())), "{bad:?}");
		}
		assert_eq!(
			parse_amount("340282366920938463463374607431768211455", 18),
			Err(AmountError::TooLarge("340282366920938463463374607431768211455".into()))
		);
	}

	#[test]
	fn formats_without_trailing_zeros_and_round_trips() {
		assert_eq!(format_amount(12_500_000, 6), "12.5");
		assert_eq!(format_amount(1, 6), "0.000001");
		assert_eq!(format_amount(3_000_000, 6), "3");
		assert_eq!(format_amount(0, 18), "0");
		for units in [0u128, 1, 999_999, 1_000_000, 123_456_789_012, u128::MAX] {
			assert_eq!(parse_amount(&format_amount(units, 6), 6), Ok(units));
		}
	}
}
