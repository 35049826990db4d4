//! Reading the coupons pallet: issuers, classes and the coupons an account holds.

use crate::{
	client::{ClientError, GenexClient},
	runtime::{self, runtime_types::pallet_coupons::types},
	to_subxt_account, AccountId20,
};

/// An issuer record as stored on chain.
pub type Issuer = types::Issuer<u128>;
/// A coupon class as stored on chain.
pub type CouponClass = types::CouponClass<subxt::utils::eth::AccountId20, u32, u128>;
/// A coupon as stored on chain.
pub type Coupon = types::Coupon<subxt::utils::eth::AccountId20>;
/// A coupon status.
pub use types::CouponStatus;

pub use genex_primitives::calendar::DAY_MS;
use genex_primitives::calendar::{civil_from_days, days_from_civil};

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (UTC), or `None` if the text is not such a
/// date.
pub fn day_of_date(text: &str) -> Option<u32> {
	let mut parts = text.splitn(3, '-');
	let year = parts.next()?.parse().ok()?;
	let month = parts.next()?.parse().ok()?;
	let day = parts.next()?.parse().ok()?;
	days_from_civil(year, month, day)
}

/// A chain time (ms since the epoch) as `YYYY-MM-DD hh:mm:ss UTC`.
pub fn format_time(ms: u64) -> String {
	let seconds = (ms % DAY_MS) / 1_000;
	format!(
		"{} {:02}:{:02}:{:02} UTC",
		date_of_day((ms / DAY_MS) as u32),
		seconds / 3_600,
		seconds / 60 % 60,
		seconds % 60
	)
}

/// `YYYY-MM-DD` of a day number.
pub fn date_of_day(day: u32) -> String {
	let (y, m, d) = civil_from_days(day);
	format!("{y:04}-{m:02}-{d:02}")
}

impl GenexClient {
	/// The chain's current day (UTC), from the latest finalized block's timestamp.
	pub async fn chain_day(&self) -> Result<u32, ClientError> {
		Ok((self.chain_time().await? / DAY_MS) as u32)
	}

	/// The issuer record of `who`, if it applied.
	pub async fn issuer(&self, who: AccountId20) -> Result<Option<Issuer>, ClientError> {
		let at = self.api().at_current_block().await.map_err(subxt::Error::from)?;
		let value = at
			.storage()
			.try_fetch(runtime::storage().coupons().issuers(), (to_subxt_account(who),))
			.await
			.map_err(subxt::Error::from)?;
		Ok(value.map(|value| value.decode()).transpose().map_err(subxt::Error::from)?)
	}

	/// Class `id`, if it exists.
	pub async fn class(&self, id: u32) -> Result<Option<CouponClass>, ClientError> {
		let at = self.api().at_current_block().await.map_err(subxt::Error::from)?;
		let value = at
			.storage()
			.try_fetch(runtime::storage().coupons().classes(), (id,))
			.await
			.map_err(subxt::Error::from)?;
		Ok(value.map(|value| value.decode()).transpose().map_err(subxt::Error::from)?)
	}

	/// Every coupon `owner` holds (history included: redeemed and expired ones too), sorted
	/// by class and serial.
	pub async fn owned_coupons(
		&self,
		owner: AccountId20,
	) -> Result<Vec<((u32, u32), Coupon)>, ClientError> {
		let at = self.api().at_current_block().await.map_err(subxt::Error::from)?;
		let mut entries = at
			.storage()
			.iter(runtime::storage().coupons().owned_coupons(), (to_subxt_account(owner),))
			.await
			.map_err(subxt::Error::from)?;
		let mut ids = Vec::new();
		while let Some(entry) = entries.next().await {
			let entry = entry.map_err(subxt::Error::from)?;
			let (_, id) =
				entry.key().map_err(subxt::Error::from)?.decode().map_err(subxt::Error::from)?;
			ids.push((id.class, id.serial));
		}
		ids.sort();
		let mut coupons = Vec::with_capacity(ids.len());
		for (class, serial) in ids {
			let coupon = at
				.storage()
				.fetch(runtime::storage().coupons().coupon_items(), (class, serial))
				.await
				.map_err(subxt::Error::from)?
				.decode()
				.map_err(subxt::Error::from)?;
			coupons.push(((class, serial), coupon));
		}
		Ok(coupons)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn dates_and_day_numbers_round_trip() {
		assert_eq!(day_of_date("1970-01-01"), Some(0));
		assert_eq!(day_of_date("2024-10-04"), Some(20_000));
		assert_eq!(day_of_date("2000-02-29"), Some(11_016));
		assert_eq!(day_of_date("2025-01-01"), Some(20_089));
		for day in [0, 59, 60, 11_016, 20_000, 20_088, 20_089, 40_000] {
			assert_eq!(day_of_date(&date_of_day(day)), Some(day));
		}
		for bad in
			["2023-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "yesterday", "1969-12-31"]
		{
			assert_eq!(day_of_date(bad), None, "{bad}");
		}
	}
}
