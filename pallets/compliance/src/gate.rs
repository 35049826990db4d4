//! The gate ([`ComplianceGate`]), role origins ([`EnsureRole`], [`RoleInspect`]) and the
//! Travel Rule recorder, as the runtime wires them into other pallets.

use crate::{pallet::*, traits::*, types::*};
use core::marker::PhantomData;
use frame_support::{pallet_prelude::*, traits::EnsureOrigin};
use sp_core::H256;
use sp_runtime::DispatchError;

impl<T: Config> Pallet<T> {
	/// Refuses sanctioned and frozen accounts.
	fn check_account(who: &T::AccountId) -> Result<(), Denial> {
		if Sanctioned::<T>::contains_key(who) {
			return Err(Denial::Sanctioned);
		}
		if T::Freezes::account_frozen(who) {
			return Err(Denial::AccountFrozen);
		}
		Ok(())
	}

	/// Refuses a level below `required`.
	fn check_kyc(who: &T::AccountId, required: KycLevel) -> Result<(), Denial> {
		let actual = Self::current_kyc(who);
		if actual < required {
			return Err(Denial::KycTooLow { required, actual });
		}
		Ok(())
	}

	/// Refuses a frozen class or issuer.
	fn check_coupon(class: Option<u32>, issuer: Option<&T::AccountId>) -> Result<(), Denial> {
		if class.is_some_and(T::Freezes::class_frozen) {
			return Err(Denial::ClassFrozen);
		}
		if let Some(issuer) = issuer {
			if Sanctioned::<T>::contains_key(issuer) {
				return Err(Denial::Sanctioned);
			}
			if T::Freezes::issuer_frozen(issuer) {
				return Err(Denial::IssuerFrozen);
			}
		}
		Ok(())
	}

	fn check_market(scope: MarketScope) -> Result<(), Denial> {
		if T::Freezes::market_paused(scope) {
			return Err(Denial::MarketPaused(scope));
		}
		Ok(())
	}
}

impl<T: Config> ComplianceGate<T::AccountId> for Pallet<T> {
	fn check_transfer(movement: &Movement<T::AccountId>) -> Result<(), Denial> {
		Self::check_market(MarketScope::Transfers)?;
		for who in [movement.from, movement.to].into_iter().flatten() {
			Self::check_account(who)?;
		}
		Self::check_coupon(movement.class, movement.issuer)?;
		if let Some(from) = movement.from {
			Self::check_kyc(from, T::TransferKyc::get())?;
		}
		if movement.value >= T::TravelRuleThreshold::get() {
			for who in [movement.from, movement.to].into_iter().flatten() {
				Self::check_kyc(who, T::TravelRuleKyc::get())?;
			}
			if !movement.travel_rule_data {
				return Err(Denial::TravelRuleDataRequired);
			}
		}
		Ok(())
	}

	fn check_trade(who: &T::AccountId, class: u32, issuer: &T::AccountId) -> Result<(), Denial> {
		Self::check_market(MarketScope::Trading)?;
		Self::check_account(who)?;
		Self::check_coupon(Some(class), Some(issuer))?;
		Self::check_kyc(who, T::TradeKyc::get())
	}

	fn check_redeem(
		holder: &T::AccountId,
		store: &T::AccountId,
		class: u32,
		issuer: &T::AccountId,
	) -> Result<(), Denial> {
		Self::check_market(MarketScope::Redemption)?;
		Self::check_account(holder)?;
		Self::check_account(store)?;
		Self::check_coupon(Some(class), Some(issuer))?;
		Self::check_kyc(holder, T::RedeemKyc::get())
	}

	fn check_issue(issuer: &T::AccountId, class: Option<u32>) -> Result<(), Denial> {
		Self::check_account(issuer)?;
		Self::check_coupon(class, Some(issuer))
	}

	fn kyc_level(who: &T::AccountId) -> KycLevel {
		Self::current_kyc(who)
	}

	fn denial_error(denial: Denial) -> DispatchError {
		match denial {
			Denial::Sanctioned => Error::<T>::Sanctioned,
			Denial::AccountFrozen => Error::<T>::AccountFrozen,
			Denial::ClassFrozen => Error::<T>::ClassFrozen,
			Denial::IssuerFrozen => Error::<T>::IssuerFrozen,
			Denial::MarketPaused(scope) => Error::<T>::MarketPaused { scope },
			Denial::KycTooLow { required, actual } => Error::<T>::KycTooLow { required, actual },
			Denial::TravelRuleDataRequired => Error::<T>::TravelRuleDataRequired,
		}
		.into()
	}
}

impl<T: Config> RoleInspect<T::AccountId> for Pallet<T> {
	fn has_role(role: Role, who: &T::AccountId) -> bool {
		Roles::<T>::contains_key(role, who)
	}

	fn role_count(role: Role) -> u32 {
		RoleCounts::<T>::get(role)
	}
}

impl<T: Config> Pallet<T> {
	/// Whether `who` is on the sanctions set.
	pub fn is_sanctioned(who: &T::AccountId) -> bool {
		Sanctioned::<T>::contains_key(who)
	}
}

impl<T: Config> TravelRuleRecorder<T::AccountId> for Pallet<T> {
	fn threshold() -> u128 {
		T::TravelRuleThreshold::get()
	}

	fn record(
		originator: &T::AccountId,
		beneficiary: &T::AccountId,
		originator_identity: H256,
		beneficiary_identity: H256,
		value: u128,
		beneficiary_off_platform: bool,
	) -> Result<u64, DispatchError> {
		let id = NextTravelRuleId::<T>::get();
		NextTravelRuleId::<T>::put(id.saturating_add(1));
		TravelRuleRecords::<T>::insert(
			id,
			TravelRuleRecord {
				originator: originator.clone(),
				beneficiary: beneficiary.clone(),
				originator_identity,
				beneficiary_identity,
				value,
				beneficiary_off_platform,
				at: Self::now(),
			},
		);
		Self::deposit_event(Event::TravelRuleRecorded {
			id,
			originator: originator.clone(),
			beneficiary: beneficiary.clone(),
		});
		Ok(id)
	}
}

/// An origin check other pallets use: a signed account holding role `R`. Succeeds with the
/// account.
pub struct EnsureRole<T, R>(PhantomData<(T, R)>);

impl<T: Config, R: Get<Role>> EnsureOrigin<T::RuntimeOrigin> for EnsureRole<T, R> {
	type Success = T::AccountId;

	fn try_origin(origin: T::RuntimeOrigin) -> Result<Self::Success, T::RuntimeOrigin> {
		let origin_copy = origin.clone();
		match frame_system::ensure_signed(origin) {
			Ok(who) if Roles::<T>::contains_key(R::get(), &who) => Ok(who),
			_ => Err(origin_copy),
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin() -> Result<T::RuntimeOrigin, ()> {
		let who: T::AccountId = frame_benchmarking::account("role-holder", 0, 0);
		if !Roles::<T>::contains_key(R::get(), &who) {
			Pallet::<T>::do_assign_role(R::get(), who.clone()).map_err(|_| ())?;
		}
		Ok(frame_system::RawOrigin::Signed(who).into())
	}
}
