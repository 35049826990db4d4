//! Classes and coupons: creation and review, minting with the issuance fee, recall, debt.

use crate::{pallet::*, types::*};
use frame_support::{
	pallet_prelude::*,
	traits::{
		tokens::{fungibles::Mutate, Preservation},
		Contains,
	},
};
use pallet_compliance::ComplianceGate;
use sp_runtime::{
	traits::{CheckedAdd, CheckedMul, Saturating, Zero},
	Permill,
};

impl<T: Config> Pallet<T> {
	/// The issuer record of `who` if it may issue (in `class`, if given): known, not frozen by
	/// a default, active, and cleared by the compliance gate.
	fn active_issuer(
		who: &T::AccountId,
		class: Option<ClassId>,
	) -> Result<IssuerOf<T>, DispatchError> {
		let issuer = Issuers::<T>::get(who).ok_or(Error::<T>::UnknownIssuer)?;
		ensure!(!issuer.frozen, Error::<T>::IssuerFrozen);
		ensure!(issuer.status == IssuerStatus::Active, Error::<T>::IssuerNotActive);
		T::Gate::ensure_can_issue(who, class)?;
		Ok(issuer)
	}

	/// `value` more face value fits `issuer`'s quota.
	fn ensure_quota(issuer: &IssuerOf<T>, value: BalanceOf<T>) -> DispatchResult {
		let used = issuer.quota_used.checked_add(&value).ok_or(Error::<T>::Overflow)?;
		ensure!(used <= issuer.credit.quota, Error::<T>::QuotaExceeded);
		Ok(())
	}

	pub(crate) fn do_create_class(
		who: T::AccountId,
		params: ClassParams<AssetIdOf<T>, BalanceOf<T>>,
	) -> Result<ClassId, DispatchError> {
		let mut issuer = Self::active_issuer(&who, None)?;
		ensure!(issuer.classes < T::MaxClassesPerIssuer::get(), Error::<T>::TooManyClasses);
		ensure!(T::Stablecoins::contains(&params.asset), Error::<T>::UnsupportedAsset);
		ensure!(params.face_value >= T::MinFaceValue::get(), Error::<T>::FaceValueTooLow);
		ensure!(params.face_value <= T::MaxFaceValue::get(), Error::<T>::FaceValueTooHigh);
		let today = Self::today();
		ensure!(params.expiry_day >= today, Error::<T>::ExpiryInPast);
		let max_days = match params.track {
			Track::Utility => T::MaxUtilityExpiryDays::get(),
			Track::Securities => T::MaxExpiryDays::get(),
		};
		ensure!(params.expiry_day - today <= max_days, Error::<T>::ExpiryTooFar);
		let max_resales = params.max_resales.unwrap_or_else(T::DefaultMaxResales::get);
		ensure!(max_resales <= T::MaxResalesLimit::get(), Error::<T>::TooManyResales);
		let refund_window_days =
			params.refund_window_days.unwrap_or_else(T::DefaultRefundWindowDays::get);
		ensure!(
			refund_window_days <= T::MaxRefundWindowDays::get(),
			Error::<T>::RefundWindowTooLong
		);
		ensure!(
			params.supply_cap > 0 && params.supply_cap <= T::MaxSupplyCap::get(),
			Error::<T>::InvalidSupplyCap
		);
		let total_value = params
			.face_value
			.checked_mul(&params.supply_cap.into())
			.ok_or(Error::<T>::Overflow)?;
		Self::ensure_quota(&issuer, total_value)?;

		let id = NextClassId::<T>::get();
		NextClassId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		let status =
			if T::ClassReviewRequired::get() { ClassStatus::Draft } else { ClassStatus::Active };
		let class = CouponClass {
			issuer: who.clone(),
			asset: params.asset,
			face_value: params.face_value,
			track: params.track,
			expiry_day: params.expiry_day,
			max_resales,
			refund_window_days,
			transferable: params.transferable,
			supply_cap: params.supply_cap,
			metadata_hash: params.metadata_hash,
			status,
			at_risk: false,
			supply: StatusCounts::default(),
		};
		ClassesExpiringOn::<T>::insert(class.expiry_day, id, ());
		// The expiry hook walks days from `NextExpiryDay`: it must not start after this one.
		NextExpiryDay::<T>::mutate(|day| {
			if *day == 0 || *day > class.expiry_day {
				*day = class.expiry_day
			}
		});
		Classes::<T>::insert(id, class);
		IssuerClasses::<T>::insert(&who, id, ());
		issuer.classes += 1;
		Issuers::<T>::insert(&who, issuer);
		Self::deposit_event(Event::ClassCreated { class: id, issuer: who, status });
		Ok(id)
	}

	pub(crate) fn do_review_class(id: ClassId, approve: bool) -> DispatchResult {
		Classes::<T>::try_mutate(id, |class| -> DispatchResult {
			let class = class.as_mut().ok_or(Error::<T>::UnknownClass)?;
			ensure!(class.status == ClassStatus::Draft, Error::<T>::NotDraft);
			class.status = if approve { ClassStatus::Active } else { ClassStatus::Rejected };
			Ok(())
		})?;
		Self::deposit_event(if approve {
			Event::ClassApproved { class: id }
		} else {
			Event::ClassRejected { class: id }
		});
		Ok(())
	}

	/// The issuance fee rate `issuer` pays now: its tier's, or the first-month tier's when
	/// that is lower and the issuer was approved less than a month ago.
	pub fn issuance_fee_rate(issuer: &IssuerOf<T>) -> Permill {
		let fees = T::TierFees::get();
		let rate = fees.rate(issuer.tier);
		let first_month = issuer
			.approved_at
			.is_some_and(|approved| Self::now() < approved.saturating_add(MONTH_MS));
		if first_month {
			rate.min(fees.rate(T::FirstMonthTier::get()))
		} else {
			rate
		}
	}

	pub(crate) fn do_mint(who: T::AccountId, id: ClassId, quantity: u32) -> DispatchResult {
		let mut class = Classes::<T>::get(id).ok_or(Error::<T>::UnknownClass)?;
		ensure!(class.issuer == who, Error::<T>::NotClassIssuer);
		let mut issuer = Self::active_issuer(&who, Some(id))?;
		ensure!(class.status == ClassStatus::Active, Error::<T>::ClassNotActive);
		ensure!(Self::today() <= class.expiry_day, Error::<T>::ClassExpired);
		ensure!(quantity > 0 && quantity <= T::MaxMintBatch::get(), Error::<T>::InvalidQuantity);
		let first_serial = class.supply.total();
		ensure!(
			first_serial.saturating_add(quantity) <= class.supply_cap,
			Error::<T>::SupplyCapExceeded
		);
		ensure!(
			IssuerDebt::<T>::iter_prefix_values(&who).all(|debt| debt.is_zero()),
			Error::<T>::OutstandingDebt
		);
		let value = class.face_value.checked_mul(&quantity.into()).ok_or(Error::<T>::Overflow)?;
		Self::ensure_quota(&issuer, value)?;

		let fee = Self::issuance_fee_rate(&issuer).mul_floor(value);
		if !fee.is_zero() {
			T::Assets::transfer(
				class.asset.clone(),
				&who,
				&T::Treasury::get(),
				fee,
				Preservation::Expendable,
			)
			.map_err(|_| Error::<T>::InsufficientFeeFunds)?;
		}
		for serial in first_serial..first_serial + quantity {
			let coupon = Coupon {
				owner: who.clone(),
				status: CouponStatus::Minted,
				resale_count: 0,
				sold_at: None,
				circulated: false,
			};
			CouponItems::<T>::insert(id, serial, coupon);
			OwnedCoupons::<T>::insert(&who, CouponId::new(id, serial), ());
		}
		class.supply.add_minted(quantity);
		Classes::<T>::insert(id, class);
		issuer.quota_used = issuer.quota_used.saturating_add(value);
		Issuers::<T>::insert(&who, issuer);
		Self::add_year_totals(&who, Self::today(), |totals| {
			totals.issuance_fees = totals.issuance_fees.saturating_add(fee)
		});
		Self::deposit_event(Event::Minted { class: id, issuer: who, first_serial, quantity, fee });
		Ok(())
	}

	pub(crate) fn do_recall(
		who: T::AccountId,
		id: ClassId,
		serials: BoundedVec<Serial, T::MaxRecallBatch>,
	) -> DispatchResult {
		let mut class = Classes::<T>::get(id).ok_or(Error::<T>::UnknownClass)?;
		ensure!(class.issuer == who, Error::<T>::NotClassIssuer);
		let issuer = Issuers::<T>::get(&who).ok_or(Error::<T>::UnknownIssuer)?;
		ensure!(!issuer.frozen, Error::<T>::IssuerFrozen);
		ensure!(!serials.is_empty(), Error::<T>::InvalidQuantity);
		for serial in serials.iter() {
			let mut coupon = CouponItems::<T>::get(id, serial).ok_or(Error::<T>::UnknownCoupon)?;
			ensure!(coupon.owner == who, Error::<T>::NotOwner);
			Self::step(&mut coupon, &mut class, ActionKind::Recall)?;
			CouponItems::<T>::insert(id, serial, coupon);
		}
		let quantity = serials.len() as u32;
		let restored = class.face_value.saturating_mul(quantity.into());
		Classes::<T>::insert(id, class);
		Self::release_quota(&who, restored);
		Self::deposit_event(Event::Recalled { class: id, quantity, quota_restored: restored });
		Ok(())
	}

	pub(crate) fn do_pay_debt(
		who: T::AccountId,
		asset: AssetIdOf<T>,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		let debt = IssuerDebt::<T>::get(&who, &asset);
		ensure!(!debt.is_zero(), Error::<T>::NoDebt);
		let paid = amount.min(debt);
		ensure!(!paid.is_zero(), Error::<T>::InvalidQuantity);
		T::Assets::transfer(
			asset.clone(),
			&who,
			&T::Treasury::get(),
			paid,
			Preservation::Expendable,
		)
		.map_err(|_| Error::<T>::InsufficientFeeFunds)?;
		let rest = debt.saturating_sub(paid);
		if rest.is_zero() {
			IssuerDebt::<T>::remove(&who, &asset);
		} else {
			IssuerDebt::<T>::insert(&who, &asset, rest);
		}
		Self::deposit_event(Event::DebtPaid { issuer: who, asset, amount: paid });
		Ok(())
	}
}
