//! Exchange rate quotes and the conversions between fiat and stablecoin.

use crate::{pallet::*, types::*};
use frame_support::{ensure, pallet_prelude::*};
use sp_runtime::{traits::Zero, FixedU128};

impl<T: Config> Pallet<T> {
	/// Checks a rate for `currency`: a real currency code, not USD, not zero.
	fn ensure_valid_rate(currency: &CurrencyCode, usd_per_unit: FixedU128) -> DispatchResult {
		ensure!(is_currency_code(currency), Error::<T>::InvalidCurrency);
		ensure!(*currency != USD, Error::<T>::UsdHasNoRate);
		ensure!(!usd_per_unit.is_zero(), Error::<T>::ZeroRate);
		Ok(())
	}

	/// The rate oracle's quote: within `MaxRateDeviation` of the currency's previous quote
	/// (governance sets the first).
	pub(crate) fn do_submit_rate(
		currency: CurrencyCode,
		usd_per_unit: FixedU128,
	) -> Result<QuoteId, DispatchError> {
		Self::ensure_valid_rate(&currency, usd_per_unit)?;
		let previous = LatestQuote::<T>::get(currency)
			.and_then(Quotes::<T>::get)
			.ok_or(Error::<T>::NoReferenceRate)?;
		let (old, new) = (previous.usd_per_unit.into_inner(), usd_per_unit.into_inner());
		let allowed = T::MaxRateDeviation::get().mul_floor(old);
		ensure!(old.abs_diff(new) <= allowed, Error::<T>::RateDeviationTooLarge);
		Ok(Self::create_quote(currency, usd_per_unit, false, Self::now()))
	}

	/// Governance's quote: no deviation check.
	pub(crate) fn do_force_rate(
		currency: CurrencyCode,
		usd_per_unit: FixedU128,
	) -> Result<QuoteId, DispatchError> {
		Self::force_rate_at(currency, usd_per_unit, Self::now())
	}

	/// Governance's quote as of `now` (genesis has no clock yet: its reference rates are
	/// quoted at 0, never live, only the reference of the oracle's first quote).
	pub(crate) fn force_rate_at(
		currency: CurrencyCode,
		usd_per_unit: FixedU128,
		now: Moment,
	) -> Result<QuoteId, DispatchError> {
		Self::ensure_valid_rate(&currency, usd_per_unit)?;
		Ok(Self::create_quote(currency, usd_per_unit, true, now))
	}

	fn create_quote(
		currency: CurrencyCode,
		usd_per_unit: FixedU128,
		forced: bool,
		created_at: Moment,
	) -> QuoteId {
		let id = NextQuoteId::<T>::get();
		NextQuoteId::<T>::put(id.saturating_add(1));
		let expires_at = created_at.saturating_add(T::QuoteLifetime::get());
		Quotes::<T>::insert(id, Quote { currency, usd_per_unit, created_at, expires_at });
		LatestQuote::<T>::insert(currency, id);
		Self::deposit_event(Event::RateQuoted {
			quote: id,
			currency,
			usd_per_unit,
			expires_at,
			forced,
		});
		id
	}

	/// The rate of `quote` for `currency`, which must have been live at `at`.
	fn quoted_rate(
		currency: CurrencyCode,
		quote: Option<QuoteId>,
		at: Moment,
	) -> Result<FixedU128, DispatchError> {
		let id = quote.ok_or(Error::<T>::QuoteRequired)?;
		let quote = Quotes::<T>::get(id).ok_or(Error::<T>::UnknownQuote)?;
		ensure!(quote.currency == currency, Error::<T>::QuoteCurrencyMismatch);
		ensure!(quote.is_live_at(at), Error::<T>::QuoteExpired);
		Ok(quote.usd_per_unit)
	}

	/// Base units worth `fiat_amount` minor units of `currency`: at par for USD (no quote), at
	/// `quote`'s rate (live at `at`) otherwise, rounded down.
	pub(crate) fn fiat_value(
		currency: CurrencyCode,
		fiat_amount: u128,
		quote: Option<QuoteId>,
		at: Moment,
	) -> Result<Balance, DispatchError> {
		ensure!(is_currency_code(&currency), Error::<T>::InvalidCurrency);
		if currency == USD {
			ensure!(quote.is_none(), Error::<T>::QuoteNotNeeded);
			return fiat_amount
				.checked_mul(BASE_UNITS_PER_MINOR_UNIT)
				.ok_or_else(|| Error::<T>::Overflow.into());
		}
		let rate = Self::quoted_rate(currency, quote, at)?;
		fiat_to_base(fiat_amount, rate).ok_or_else(|| Error::<T>::Overflow.into())
	}

	/// Minor units of `currency` that `amount` base units buy: at par for USD (no quote), at
	/// `quote`'s rate (live at `at`) otherwise, rounded down; at least one.
	pub(crate) fn payout_value(
		currency: CurrencyCode,
		amount: Balance,
		quote: Option<QuoteId>,
		at: Moment,
	) -> Result<u128, DispatchError> {
		ensure!(is_currency_code(&currency), Error::<T>::InvalidCurrency);
		let fiat = if currency == USD {
			ensure!(quote.is_none(), Error::<T>::QuoteNotNeeded);
			amount / BASE_UNITS_PER_MINOR_UNIT
		} else {
			let rate = Self::quoted_rate(currency, quote, at)?;
			base_to_fiat(amount, rate).ok_or(Error::<T>::Overflow)?
		};
		ensure!(fiat > 0, Error::<T>::AmountTooSmall);
		Ok(fiat)
	}
}
