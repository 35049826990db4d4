//! Expiry and breakage (seed §11.2, §21).
//!
//! A class expires once its expiry day is over. The block hook walks `ClassesExpiringOn` day
//! by day and expires one class at a time, coupon by coupon, keeping its place in
//! `ExpiryProgress`, so a class of any size is processed over as many blocks as it takes
//! without passing `ExpiryWeightShare` of any block. Every coupon not yet redeemed (or
//! recalled) becomes expired; a sold one is breakage: its face value is the issuer's breakage
//! income, of which the platform's share is collected from the issuer's stablecoin after each
//! chunk (any shortfall is recorded as debt that blocks minting).

use crate::{pallet::*, types::*, weights::WeightInfo};
use frame_support::{
	pallet_prelude::*,
	traits::tokens::{
		fungibles::{Inspect, Mutate},
		Fortitude, Preservation,
	},
};
use sp_runtime::traits::{Saturating, Zero};

impl<T: Config> Pallet<T> {
	/// Expires coupons until `budget` would be passed; returns the weight used.
	pub fn process_expiry(budget: Weight) -> Weight {
		// Looking for work costs `expiry_idle`; each class processed adds the class overhead
		// (`expire_coupons(0)`) and each coupon the per-coupon slope.
		let idle = T::WeightInfo::expiry_idle();
		let base = T::WeightInfo::expire_coupons(0);
		let per_coupon = T::WeightInfo::expire_coupons(1).saturating_sub(base);
		let mut used = idle;
		if used.saturating_add(base).any_gt(budget) {
			return Weight::zero();
		}
		let today = Self::today();
		let mut cursor = match ExpiryProgress::<T>::get() {
			Some(cursor) => cursor,
			None => match Self::next_expiring_class(today, &mut used, budget) {
				Some(cursor) => cursor,
				None => return used,
			},
		};
		used.saturating_accrue(base);
		loop {
			let Some(mut class) = Classes::<T>::get(cursor.class) else {
				ExpiryProgress::<T>::kill();
				return used;
			};
			let minted = class.supply.total();
			let mut chunk_breakage = BalanceOf::<T>::zero();
			let mut chunk_expired = 0u32;
			let mut chunk_sold_expired = 0u32;
			while cursor.next_serial < minted && used.saturating_add(per_coupon).all_lte(budget) {
				used.saturating_accrue(per_coupon);
				let serial = cursor.next_serial;
				cursor.next_serial += 1;
				let Some(mut coupon) = CouponItems::<T>::get(cursor.class, serial) else {
					continue;
				};
				if coupon.status.is_final() {
					continue;
				}
				let was_sold = coupon.sold_at.is_some();
				if Self::step(&mut coupon, &mut class, ActionKind::Expire).is_err() {
					continue;
				}
				CouponItems::<T>::insert(cursor.class, serial, coupon);
				chunk_expired += 1;
				if was_sold {
					chunk_breakage.saturating_accrue(class.face_value);
					chunk_sold_expired += 1;
				}
			}
			cursor.expired = cursor.expired.saturating_add(chunk_expired);
			cursor.breakage.saturating_accrue(chunk_breakage);
			Self::release_quota(
				&class.issuer,
				class.face_value.saturating_mul(chunk_expired.into()),
			);
			Self::settle_breakage(&class, &mut cursor, chunk_breakage, chunk_sold_expired);

			if cursor.next_serial < minted {
				// Out of budget: carry on next block.
				Classes::<T>::insert(cursor.class, class);
				ExpiryProgress::<T>::put(cursor);
				return used;
			}
			class.status = ClassStatus::Expired;
			ClassesExpiringOn::<T>::remove(class.expiry_day, cursor.class);
			let issuer = class.issuer.clone();
			Classes::<T>::insert(cursor.class, class);
			ExpiryProgress::<T>::kill();
			Self::deposit_event(Event::ClassExpired {
				class: cursor.class,
				expired: cursor.expired,
				breakage: cursor.breakage,
			});
			Self::update_credit(&issuer);

			// Another class, if the budget allows its overhead.
			if used.saturating_add(base).any_gt(budget) {
				return used;
			}
			used.saturating_accrue(base);
			match Self::next_expiring_class(today, &mut used, budget) {
				Some(next) => cursor = next,
				None => return used,
			}
		}
	}

	/// The first class whose expiry day is over, marked expiring, with a fresh cursor.
	fn next_expiring_class(
		today: Day,
		used: &mut Weight,
		budget: Weight,
	) -> Option<ExpiryCursor<BalanceOf<T>>> {
		let read = T::DbWeight::get().reads(1);
		// 0 until the first class is created (which sets it to that class's expiry day).
		let first_day = NextExpiryDay::<T>::get();
		if first_day == 0 {
			return None;
		}
		let mut day = first_day;
		// A class expiring on `day` is over once `day` is past.
		while day < today {
			if let Some((class_id, ())) = ClassesExpiringOn::<T>::iter_prefix(day).next() {
				if day != first_day {
					NextExpiryDay::<T>::put(day);
				}
				Classes::<T>::mutate(class_id, |class| {
					if let Some(class) = class {
						class.status = ClassStatus::Expiring;
					}
				});
				Self::deposit_event(Event::ClassExpiring { class: class_id });
				return Some(ExpiryCursor {
					class: class_id,
					next_serial: 0,
					expired: 0,
					breakage: Zero::zero(),
					platform_settled: Zero::zero(),
				});
			}
			if used.saturating_add(read).any_gt(budget) {
				break;
			}
			used.saturating_accrue(read);
			day += 1;
		}
		// Written only when it moved: an idle block writes nothing.
		if day != first_day {
			NextExpiryDay::<T>::put(day);
		}
		None
	}

	/// Collects the platform's share of the breakage found so far that is not yet settled;
	/// records what the issuer cannot pay as debt. The share is always computed on the
	/// running total, so the sum over chunks is exactly `PlatformBreakageShare` × breakage.
	fn settle_breakage(
		class: &CouponClassOf<T>,
		cursor: &mut ExpiryCursor<BalanceOf<T>>,
		chunk_breakage: BalanceOf<T>,
		chunk_breakage_count: u32,
	) {
		let due = T::PlatformBreakageShare::get()
			.mul_floor(cursor.breakage)
			.saturating_sub(cursor.platform_settled);
		if chunk_breakage.is_zero() && due.is_zero() {
			return;
		}
		cursor.platform_settled.saturating_accrue(due);
		let issuer = &class.issuer;
		IssuerStatistics::<T>::mutate(issuer, |stats| {
			stats.breakage_value.saturating_accrue(chunk_breakage);
			stats.breakage_count = stats.breakage_count.saturating_add(chunk_breakage_count);
		});
		Self::add_year_totals(issuer, class.expiry_day, |totals| {
			totals.breakage.saturating_accrue(chunk_breakage);
			totals.platform_breakage.saturating_accrue(due);
		});
		if due.is_zero() {
			return;
		}
		let available = T::Assets::reducible_balance(
			class.asset.clone(),
			issuer,
			Preservation::Expendable,
			Fortitude::Polite,
		);
		let mut paid = available.min(due);
		if !paid.is_zero()
			&& T::Assets::transfer(
				class.asset.clone(),
				issuer,
				&T::Treasury::get(),
				paid,
				Preservation::Expendable,
			)
			.is_err()
		{
			paid = Zero::zero();
		}
		if !paid.is_zero() {
			Self::deposit_event(Event::BreakageCollected {
				issuer: issuer.clone(),
				asset: class.asset.clone(),
				amount: paid,
			});
		}
		let short = due.saturating_sub(paid);
		if !short.is_zero() {
			IssuerDebt::<T>::mutate(issuer, &class.asset, |debt| debt.saturating_accrue(short));
			Self::deposit_event(Event::DebtIncurred {
				issuer: issuer.clone(),
				asset: class.asset.clone(),
				amount: short,
			});
		}
	}
}
