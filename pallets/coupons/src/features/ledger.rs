//! [`CouponLedger`]: how other pallets (settlement, redemption) read and move coupons. They
//! never touch this pallet's storage; every change goes through the state machine here.

use crate::{pallet::*, types::*, weights::WeightInfo};
use codec::{Decode, Encode};
use core::fmt::Debug;
use frame_support::pallet_prelude::*;
use scale_info::TypeInfo;
use sp_runtime::{traits::Saturating, DispatchResult};

/// Everything a trading or redemption flow needs to know about one coupon.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct CouponInfo<AccountId, AssetId, Balance> {
	/// The coupon.
	pub id: CouponId,
	/// Its holder.
	pub owner: AccountId,
	/// Its status.
	pub status: CouponStatus,
	/// Secondary sales so far.
	pub resale_count: u8,
	/// When it was sold on the primary market, if it was.
	pub sold_at: Option<Moment>,
	/// The issuer.
	pub issuer: AccountId,
	/// The class's stablecoin.
	pub asset: AssetId,
	/// Face value in base units.
	pub face_value: Balance,
	/// Utility or securities.
	pub track: Track,
	/// Last valid day.
	pub expiry_day: Day,
	/// Whether the expiry day is over (as of the last block's timestamp).
	pub expired: bool,
	/// Resales allowed.
	pub max_resales: u8,
	/// Primary refund window, days.
	pub refund_window_days: u16,
	/// Whether holders may give it away.
	pub transferable: bool,
	/// Marked at risk (issuer in critical default).
	pub at_risk: bool,
	/// Status of its class.
	pub class_status: ClassStatus,
}

/// Everything a bid (which names a class, not a coupon) needs to know about a class.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct ClassInfo<AccountId, AssetId, Balance> {
	/// The issuer.
	pub issuer: AccountId,
	/// The class's stablecoin.
	pub asset: AssetId,
	/// Face value in base units.
	pub face_value: Balance,
	/// Utility or securities.
	pub track: Track,
	/// Whether the expiry day is over.
	pub expired: bool,
	/// Whether holders may give its coupons away.
	pub transferable: bool,
	/// Status of the class.
	pub status: ClassStatus,
}

/// Read and move coupons. Implemented by the coupons pallet; wired by the runtime into the
/// pallets that need it.
pub trait CouponLedger<AccountId> {
	/// Stablecoin id.
	type AssetId;
	/// Stablecoin base units.
	type Balance;

	/// What the chain knows of class `class`.
	fn class(class: ClassId) -> Option<ClassInfo<AccountId, Self::AssetId, Self::Balance>>;

	/// What the chain knows of coupon `id`.
	fn coupon(id: CouponId) -> Option<CouponInfo<AccountId, Self::AssetId, Self::Balance>>;

	/// Applies `action` to coupon `id` through the state machine (status, owner, resale
	/// count, the issuer's statistics and credit). Fails, changing nothing, if the action is
	/// not allowed.
	fn apply(id: CouponId, action: CouponAction<AccountId, Self::Balance>) -> DispatchResult;

	/// Upper bound of the weight of one `apply`.
	fn apply_weight() -> Weight;

	/// Whether `who` holds (or held: redeemed and expired coupons stay with their last
	/// holder) any coupon.
	fn holds_coupons(who: &AccountId) -> bool;

	/// Whether `who` is an approved issuer in good standing (active).
	fn issuer_active(who: &AccountId) -> bool;
}

impl<T: Config> CouponLedger<T::AccountId> for Pallet<T> {
	type AssetId = AssetIdOf<T>;
	type Balance = BalanceOf<T>;

	fn class(class: ClassId) -> Option<ClassInfo<T::AccountId, AssetIdOf<T>, BalanceOf<T>>> {
		let class = Classes::<T>::get(class)?;
		Some(ClassInfo {
			expired: Self::today() > class.expiry_day,
			issuer: class.issuer,
			asset: class.asset,
			face_value: class.face_value,
			track: class.track,
			transferable: class.transferable,
			status: class.status,
		})
	}

	fn coupon(id: CouponId) -> Option<CouponInfo<T::AccountId, AssetIdOf<T>, BalanceOf<T>>> {
		let class = Classes::<T>::get(id.class)?;
		let coupon = CouponItems::<T>::get(id.class, id.serial)?;
		Some(CouponInfo {
			id,
			owner: coupon.owner,
			status: coupon.status,
			resale_count: coupon.resale_count,
			sold_at: coupon.sold_at,
			issuer: class.issuer,
			asset: class.asset,
			face_value: class.face_value,
			track: class.track,
			expiry_day: class.expiry_day,
			expired: Self::today() > class.expiry_day,
			max_resales: class.max_resales,
			refund_window_days: class.refund_window_days,
			transferable: class.transferable,
			at_risk: class.at_risk,
			class_status: class.status,
		})
	}

	fn apply(id: CouponId, action: CouponActionOf<T>) -> DispatchResult {
		Self::do_apply(id, action)
	}

	fn apply_weight() -> Weight {
		T::WeightInfo::apply_transition()
	}

	fn holds_coupons(who: &T::AccountId) -> bool {
		OwnedCoupons::<T>::iter_prefix(who).next().is_some()
	}

	fn issuer_active(who: &T::AccountId) -> bool {
		Issuers::<T>::get(who).is_some_and(|issuer| issuer.status == IssuerStatus::Active)
	}
}

impl<T: Config> Pallet<T> {
	/// Applies `action` to coupon `id`: the state-machine step plus what the action means for
	/// owner, resale count, statistics, quota and credit.
	pub fn do_apply(id: CouponId, action: CouponActionOf<T>) -> DispatchResult {
		let mut class = Classes::<T>::get(id.class).ok_or(Error::<T>::UnknownClass)?;
		let mut coupon =
			CouponItems::<T>::get(id.class, id.serial).ok_or(Error::<T>::UnknownCoupon)?;
		let expired = Self::today() > class.expiry_day;
		let kind = action.kind();
		// Class-level rules on top of the status rules.
		match kind {
			ActionKind::List => {
				ensure!(class.status == ClassStatus::Active, Error::<T>::ClassNotActive);
				ensure!(!expired, Error::<T>::ClassExpired);
				if coupon.sold_at.is_some() {
					ensure!(
						coupon.resale_count < class.max_resales,
						Error::<T>::ResaleLimitReached
					);
				}
			},
			ActionKind::PrimarySale
			| ActionKind::SecondarySale
			| ActionKind::Transfer
			| ActionKind::Redeem => ensure!(!expired, Error::<T>::ClassExpired),
			_ => {},
		}
		if kind == ActionKind::SecondarySale {
			ensure!(coupon.resale_count < class.max_resales, Error::<T>::ResaleLimitReached);
		}
		if kind == ActionKind::Transfer {
			ensure!(class.transferable, Error::<T>::NotTransferable);
		}
		if kind == ActionKind::ReverseSale {
			ensure!(coupon.resale_count > 0, Error::<T>::NothingToReverse);
		}
		Self::step(&mut coupon, &mut class, kind)?;

		let face = class.face_value;
		let issuer = class.issuer.clone();
		match action {
			CouponAction::List | CouponAction::Delist => {},
			CouponAction::PrimarySale { buyer, price } => {
				coupon.sold_at = Some(Self::now());
				Self::move_owner(id, &mut coupon, buyer);
				IssuerStatistics::<T>::mutate(&issuer, |stats| {
					stats.sold_value = stats.sold_value.saturating_add(face)
				});
				Self::add_year_totals(&issuer, Self::today(), |totals| {
					totals.sales = totals.sales.saturating_add(price)
				});
			},
			CouponAction::SecondarySale { buyer } => {
				coupon.resale_count = coupon.resale_count.saturating_add(1);
				coupon.circulated = true;
				Self::move_owner(id, &mut coupon, buyer);
			},
			CouponAction::Transfer { to } => {
				coupon.circulated = true;
				Self::move_owner(id, &mut coupon, to);
			},
			CouponAction::Redeem => {
				IssuerStatistics::<T>::mutate(&issuer, |stats| {
					stats.redeemed_value = stats.redeemed_value.saturating_add(face);
					stats.redeemed_count = stats.redeemed_count.saturating_add(1);
				});
				Self::add_year_totals(&issuer, Self::today(), |totals| {
					totals.redemptions = totals.redemptions.saturating_add(face)
				});
				Self::release_quota(&issuer, face);
			},
			CouponAction::Refund { price } => {
				coupon.sold_at = None;
				coupon.circulated = false;
				Self::move_owner(id, &mut coupon, issuer.clone());
				IssuerStatistics::<T>::mutate(&issuer, |stats| {
					stats.sold_value = stats.sold_value.saturating_sub(face)
				});
				Self::add_year_totals(&issuer, Self::today(), |totals| {
					totals.sales = totals.sales.saturating_sub(price)
				});
			},
			CouponAction::ReverseSale { to } => {
				coupon.resale_count = coupon.resale_count.saturating_sub(1);
				Self::move_owner(id, &mut coupon, to);
			},
		}
		let (status, owner) = (coupon.status, coupon.owner.clone());
		CouponItems::<T>::insert(id.class, id.serial, coupon);
		Classes::<T>::insert(id.class, class);
		if kind == ActionKind::Redeem {
			Self::update_credit(&issuer);
		}
		Self::deposit_event(Event::CouponStatusChanged { coupon: id, status, owner });
		Ok(())
	}
}
