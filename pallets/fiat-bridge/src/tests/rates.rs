//! Rate quotes: who gives them, deviation, the 15-minute lock, exact conversion.

use super::*;
use frame_support::{assert_noop, assert_ok};
use sp_runtime::{FixedPointNumber, FixedU128};

pub(crate) const EUR: CurrencyCode = *b"EUR";
pub(crate) const JPY: CurrencyCode = *b"JPY";

fn rate(n: u128, d: u128) -> FixedU128 {
	FixedU128::saturating_from_rational(n, d)
}

/// The oracle quotes `currency` at `usd_per_unit`; returns the quote's id.
pub(crate) fn quote(currency: CurrencyCode, usd_per_unit: FixedU128) -> QuoteId {
	assert_ok!(FiatBridge::submit_rate(signed(ORACLE), currency, usd_per_unit));
	LatestQuote::<Test>::get(currency).unwrap()
}

/// A deposit of `fiat_amount` minor units of `currency` at `quote`, converted at `usd_per_unit`.
fn fx_deposit(
	currency: CurrencyCode,
	fiat_amount: u128,
	quote: QuoteId,
	amount: Balance,
) -> DepositDataOf<Test> {
	DepositData {
		account: ALICE,
		asset: USDC,
		amount,
		fiat_currency: currency,
		fiat_amount,
		quote: Some(quote),
	}
}

#[test]
fn the_oracle_quotes_within_the_deviation() {
	test(|| {
		let id = quote(EUR, rate(109, 100));
		let q = Quotes::<Test>::get(id).unwrap();
		assert_eq!(
			q,
			Quote {
				currency: EUR,
				usd_per_unit: rate(109, 100),
				created_at: NOW,
				expires_at: NOW + 15 * MINUTE,
			}
		);
		assert!(has_event(Event::RateQuoted {
			quote: id,
			currency: EUR,
			usd_per_unit: rate(109, 100),
			expires_at: NOW + 15 * MINUTE,
			forced: false,
		}));
		assert_eq!(FiatBridge::latest_quote(EUR), Some((id, q, true)));
	});
}

#[test]
fn only_the_oracle_quotes() {
	test(|| {
		assert_noop!(
			FiatBridge::submit_rate(signed(A1), EUR, rate(108, 100)),
			Error::<Test>::NotRateOracle
		);
		assert_noop!(
			FiatBridge::submit_rate(signed(NOBODY), EUR, rate(108, 100)),
			Error::<Test>::NotRateOracle
		);
		assert_noop!(
			FiatBridge::force_rate(signed(ORACLE), EUR, rate(2, 1)),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}

#[test]
fn bad_rates_are_refused() {
	test(|| {
		assert_noop!(
			FiatBridge::submit_rate(signed(ORACLE), USD, rate(1, 1)),
			Error::<Test>::UsdHasNoRate
		);
		assert_noop!(
			FiatBridge::submit_rate(signed(ORACLE), EUR, FixedU128::from_inner(0)),
			Error::<Test>::ZeroRate
		);
		assert_noop!(
			FiatBridge::submit_rate(signed(ORACLE), *b"eur", rate(108, 100)),
			Error::<Test>::InvalidCurrency
		);
		// A currency's first rate comes from governance.
		assert_noop!(
			FiatBridge::submit_rate(signed(ORACLE), *b"GBP", rate(127, 100)),
			Error::<Test>::NoReferenceRate
		);
		assert_ok!(FiatBridge::force_rate(root(), *b"GBP", rate(127, 100)));
		assert_ok!(FiatBridge::submit_rate(signed(ORACLE), *b"GBP", rate(128, 100)));
		assert_noop!(FiatBridge::force_rate(root(), USD, rate(1, 1)), Error::<Test>::UsdHasNoRate);
	});
}

#[test]
fn a_rate_may_move_at_most_five_percent_from_the_previous_quote() {
	test(|| {
		// From 1.08: ±5 % is exactly ±0.054.
		assert_noop!(
			FiatBridge::submit_rate(signed(ORACLE), EUR, rate(1_134_001, 1_000_000)),
			Error::<Test>::RateDeviationTooLarge
		);
		assert_noop!(
			FiatBridge::submit_rate(signed(ORACLE), EUR, rate(1_025_999, 1_000_000)),
			Error::<Test>::RateDeviationTooLarge
		);
		quote(EUR, rate(1_026, 1_000));
		// The new quote is the reference now: 1.134 is 10.5 % above 1.026.
		assert_noop!(
			FiatBridge::submit_rate(signed(ORACLE), EUR, rate(1_134, 1_000)),
			Error::<Test>::RateDeviationTooLarge
		);
		quote(EUR, rate(10_773, 10_000));
		quote(EUR, rate(1_131, 1_000));
		// Governance can move it further.
		assert_ok!(FiatBridge::force_rate(root(), EUR, rate(2, 1)));
		assert_eq!(FiatBridge::latest_quote(EUR).unwrap().1.usd_per_unit, rate(2, 1));
	});
}

#[test]
fn a_quote_is_locked_for_fifteen_minutes() {
	test(|| {
		let id = quote(EUR, rate(108, 100));
		// €10.01 at 1.08 = $10.8108 exactly.
		let data = fx_deposit(EUR, 1_001, id, 10_810_800);
		run_to(2, NOW + 15 * MINUTE - 1);
		assert_ok!(attest(A1, PRIMARY, reference(1), &data));
		// The second attestation compares with the first: the quote was live when the deposit
		// was first reported.
		run_to(3, NOW + 20 * MINUTE);
		assert_ok!(attest(A2, PRIMARY, reference(1), &data));
		assert!(is_minted(PRIMARY, reference(1)));
		assert_eq!(balance(USDC, ALICE), START_BALANCE + 10_810_800);
		// A deposit first reported after the lock: refused.
		assert_noop!(
			attest(A1, PRIMARY, reference(2), &fx_deposit(EUR, 1_001, id, 10_810_800)),
			Error::<Test>::QuoteExpired
		);
		run_to(4, NOW + 15 * MINUTE);
		assert_noop!(
			attest(A1, PRIMARY, reference(2), &fx_deposit(EUR, 1_001, id, 10_810_800)),
			Error::<Test>::QuoteExpired
		);
		assert!(!FiatBridge::latest_quote(EUR).unwrap().2, "no longer live");
		// Genesis' reference rates were never live for deposits.
		assert_noop!(
			attest(A1, PRIMARY, reference(3), &fx_deposit(EUR, 1_000, 0, 10_800_000)),
			Error::<Test>::QuoteExpired
		);
	});
}

#[test]
fn conversion_is_exact_and_rounds_down() {
	test(|| {
		// 1/3 of a dollar per unit: 100 minor units = 1 unit = $0.333333333333333333…
		assert_ok!(FiatBridge::force_rate(root(), *b"XAU", rate(1, 3)));
		let id = LatestQuote::<Test>::get(*b"XAU").unwrap();
		assert_noop!(
			attest(A1, PRIMARY, reference(1), &fx_deposit(*b"XAU", 100, id, 333_334)),
			Error::<Test>::AmountMismatch
		);
		assert_noop!(
			attest(A1, PRIMARY, reference(1), &fx_deposit(*b"XAU", 100, id, 333_332)),
			Error::<Test>::AmountMismatch
		);
		agree(reference(1), &fx_deposit(*b"XAU", 100, id, 333_333));
		assert_eq!(balance(USDC, ALICE), START_BALANCE + 333_333);
		// JPY at 0.0067: ¥123.45 = $0.827115 exactly.
		let jpy = quote(JPY, rate(67, 10_000));
		agree(reference(2), &fx_deposit(JPY, 12_345, jpy, 827_115));
		assert_eq!(balance(USDC, ALICE), START_BALANCE + 333_333 + 827_115);
		// The pure rules, both ways.
		assert_eq!(fiat_to_base(1_001, rate(108, 100)), Some(10_810_800));
		assert_eq!(fiat_to_base(1, rate(1, 3)), Some(3_333));
		assert_eq!(base_to_fiat(DOLLAR, rate(108, 100)), Some(92), "$1 = €0.9259…");
		assert_eq!(base_to_fiat(1_080_000, rate(108, 100)), Some(100));
		assert_eq!(base_to_fiat(1_079_999, rate(108, 100)), Some(99));
		assert_eq!(base_to_fiat(DOLLAR, FixedU128::from_inner(0)), None);
		assert_eq!(fiat_to_base(u128::MAX, rate(2, 1)), None, "overflow is refused, not wrapped");
	});
}

#[test]
fn a_non_usd_amount_names_a_quote_of_its_currency() {
	test(|| {
		let eur = quote(EUR, rate(108, 100));
		let jpy = quote(JPY, rate(67, 10_000));
		let data = fx_deposit(EUR, 1_000, eur, 10_800_000);
		assert_noop!(
			attest(A1, PRIMARY, reference(1), &DepositData { quote: None, ..data.clone() }),
			Error::<Test>::QuoteRequired
		);
		assert_noop!(
			attest(A1, PRIMARY, reference(1), &DepositData { quote: Some(jpy), ..data.clone() }),
			Error::<Test>::QuoteCurrencyMismatch
		);
		assert_noop!(
			attest(A1, PRIMARY, reference(1), &DepositData { quote: Some(99), ..data.clone() }),
			Error::<Test>::UnknownQuote
		);
		assert_noop!(
			attest(A1, PRIMARY, reference(1), &DepositData { amount: 10_800_001, ..data.clone() }),
			Error::<Test>::AmountMismatch
		);
		agree(reference(1), &data);
		assert!(is_minted(PRIMARY, reference(1)));
	});
}
