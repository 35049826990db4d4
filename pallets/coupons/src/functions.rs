//! Helpers shared by the features: time, accounts, the state-machine step, owner index,
//! quota, yearly totals, and the `try_state` invariants.

use crate::{pallet::*, types::*};
use frame_support::{
	pallet_prelude::*,
	traits::{tokens::fungibles::Inspect, UnixTime},
};
use sp_runtime::traits::{AccountIdConversion, Saturating, Zero};

impl<T: Config> Pallet<T> {
	/// Milliseconds since the Unix epoch, as of the last block's timestamp.
	pub fn now() -> Moment {
		T::TimeProvider::now().as_millis() as Moment
	}

	/// Today (UTC) as days since 1970-01-01.
	pub fn today() -> Day {
		(Self::now() / DAY_MS) as Day
	}

	/// The account that holds guarantee deposits.
	pub fn account_id() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// Applies one state-machine step to `coupon` of `class`: checks the transition, updates
	/// the coupon's status and the class's count by status. Every status change goes
	/// through here.
	pub(crate) fn step(
		coupon: &mut CouponOf<T>,
		class: &mut CouponClassOf<T>,
		kind: ActionKind,
	) -> DispatchResult {
		let from = coupon.status;
		let to = from.after(kind, coupon.history()).map_err(|refusal| match refusal {
			Refusal::Final => Error::<T>::CouponFinal,
			Refusal::NotAllowed => Error::<T>::InvalidTransition,
		})?;
		coupon.status = to;
		class.supply.shift(from, to);
		Ok(())
	}

	/// Moves `id` from `coupon.owner`'s holdings to `to`'s.
	pub(crate) fn move_owner(id: CouponId, coupon: &mut CouponOf<T>, to: T::AccountId) {
		if coupon.owner != to {
			OwnedCoupons::<T>::remove(&coupon.owner, id);
			OwnedCoupons::<T>::insert(&to, id, ());
			coupon.owner = to;
		}
	}

	/// `amount` of face value is no longer outstanding for `issuer`.
	pub(crate) fn release_quota(issuer: &T::AccountId, amount: BalanceOf<T>) {
		Issuers::<T>::mutate(issuer, |record| {
			if let Some(record) = record {
				record.quota_used = record.quota_used.saturating_sub(amount);
			}
		});
	}

	/// Adds to `issuer`'s totals of the year `day` falls in.
	pub(crate) fn add_year_totals(
		issuer: &T::AccountId,
		day: Day,
		update: impl FnOnce(&mut YearTotals<BalanceOf<T>>),
	) {
		IssuerYearTotals::<T>::mutate(issuer, year_of_day(day), update);
	}

	/// Checks the pallet's invariants: for each class, the count by status equals its coupons
	/// by status and their number equals what was minted; every coupon is in its owner's
	/// index and every index entry is a coupon of that owner; each issuer's used quota is the
	/// face value of its outstanding coupons; the pallet account holds at least every
	/// guarantee deposit and open pool.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let mut outstanding: alloc::collections::BTreeMap<T::AccountId, BalanceOf<T>> =
			Default::default();
		for (class_id, class) in Classes::<T>::iter() {
			let mut counted = StatusCounts::default();
			let mut coupons = 0u32;
			for (serial, coupon) in CouponItems::<T>::iter_prefix(class_id) {
				ensure!(serial < class.supply.total(), "coupon serial beyond what was minted");
				coupons += 1;
				counted.0
					[CouponStatus::ALL.iter().position(|s| *s == coupon.status).unwrap_or(0)] += 1;
				ensure!(
					OwnedCoupons::<T>::contains_key(&coupon.owner, CouponId::new(class_id, serial)),
					"a coupon is missing from its owner's index"
				);
				if !coupon.status.is_final() {
					let sum = outstanding.entry(class.issuer.clone()).or_default();
					*sum = sum.saturating_add(class.face_value);
				}
			}
			ensure!(coupons == class.supply.total(), "class minted count disagrees with coupons");
			ensure!(counted == class.supply, "class supply by status disagrees with its coupons");
		}
		for (owner, id, ()) in OwnedCoupons::<T>::iter() {
			let coupon =
				CouponItems::<T>::get(id.class, id.serial).ok_or("index entry without coupon")?;
			ensure!(coupon.owner == owner, "owner index disagrees with the coupon's owner");
		}
		let mut held = BalanceOf::<T>::zero();
		for (who, issuer) in Issuers::<T>::iter() {
			let expected = outstanding.get(&who).copied().unwrap_or_else(Zero::zero);
			ensure!(issuer.quota_used == expected, "quota used disagrees with outstanding coupons");
			held = held.saturating_add(issuer.guarantee);
		}
		for (_, pool) in GuaranteePools::<T>::iter() {
			held = held.saturating_add(pool.remaining);
		}
		let balance = T::Assets::balance(T::GuaranteeAsset::get(), &Self::account_id());
		ensure!(balance >= held, "guarantee deposits exceed what the pallet holds");
		Ok(())
	}
}

/// The calendar year (UTC) of a day number.
pub fn year_of_day(day: Day) -> u16 {
	let (year, _, _) = genex_primitives::calendar::civil_from_days(day);
	year.min(u16::MAX as u32) as u16
}
