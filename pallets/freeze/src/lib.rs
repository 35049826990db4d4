//! # Freeze pallet (governance)
//!
//! Emergency freezes (seed §24, the 15-minute P0 path):
//!
//! - A single guardian (an account holding the compliance pallet's `Guardian` role) freezes at
//!   once an account, a coupon class, an issuer, or a part of the whole market (trading,
//!   transfers, redemption), with a reason code and an incident id. Governance may freeze too.
//! - Unfreezing needs `UnfreezeApprovals` (two) distinct guardians, whose approvals are
//!   collected on chain, or governance.
//! - Every freeze and unfreeze is an event; the freezes in force are in storage and returned by
//!   the `current_freezes` view function.
//! - The compliance gate reads freezes through [`FreezeInspect`]; the compliance pallet
//!   freezes newly sanctioned holders through [`AccountFreezer`].
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use types::*;
pub use weights::WeightInfo;

use frame_support::{traits::Get, BoundedVec};
use pallet_compliance::{AccountFreezer, FreezeInspect, Role, RoleInspect};

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{pallet_prelude::*, traits::UnixTime};
	use frame_system::pallet_prelude::*;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// A freeze record of this runtime.
	pub type FreezeRecordOf<T> = FreezeRecord<
		<T as frame_system::Config>::AccountId,
		<T as Config>::MaxIncidentLength,
		<T as Config>::MaxGuardianApprovals,
	>;

	/// Configuration of the freeze pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Who holds the guardian role (the compliance pallet).
		type Roles: RoleInspect<Self::AccountId>;

		/// Freezes and unfreezes without guardians (Root on dev; a council majority on shared
		/// networks).
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Wall-clock time.
		type TimeProvider: UnixTime;

		/// Distinct guardians whose approvals lift a freeze (two).
		#[pallet::constant]
		type UnfreezeApprovals: Get<u32>;

		/// Most approvals a freeze record keeps (at least `UnfreezeApprovals`).
		#[pallet::constant]
		type MaxGuardianApprovals: Get<u32>;

		/// Longest incident id, in bytes.
		#[pallet::constant]
		type MaxIncidentLength: Get<u32>;

		/// Weights of this pallet's calls, from its benchmarks.
		type WeightInfo: WeightInfo;

		/// What the benchmarks need from the runtime.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Runtime support for this pallet's benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	pub trait BenchmarkHelper<AccountId> {
		/// Gives `who` the guardian role.
		fn make_guardian(who: &AccountId);
	}

	/// The freezes in force.
	#[pallet::storage]
	pub type Freezes<T: Config> =
		StorageMap<_, Blake2_128Concat, FreezeTarget<T::AccountId>, FreezeRecordOf<T>>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `target` is frozen. `by` is the guardian, or `None` for governance and sanctions.
		Frozen {
			target: FreezeTarget<T::AccountId>,
			reason: FreezeReason,
			incident: BoundedVec<u8, T::MaxIncidentLength>,
			by: Option<T::AccountId>,
		},
		/// A guardian approved lifting the freeze of `target`.
		UnfreezeApproved {
			target: FreezeTarget<T::AccountId>,
			guardian: T::AccountId,
			approvals: u32,
		},
		/// The freeze of `target` was lifted (`by_governance` false: by guardians' approvals, or
		/// because the sanctions listing that froze the account was lifted).
		Unfrozen { target: FreezeTarget<T::AccountId>, by_governance: bool },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller is neither a guardian nor governance.
		NotGuardian,
		/// The target is already frozen.
		AlreadyFrozen,
		/// The target is not frozen.
		NotFrozen,
		/// This guardian already approved lifting this freeze.
		AlreadyApproved,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::UnfreezeApprovals::get() >= 1, "unfreezing needs at least one approval");
			assert!(
				T::MaxGuardianApprovals::get() >= T::UnfreezeApprovals::get(),
				"a freeze must be able to hold the approvals that lift it"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			for (_, record) in Freezes::<T>::iter() {
				ensure!(
					(record.unfreeze_approvals.len() as u32) < T::UnfreezeApprovals::get(),
					"a freeze with enough approvals should have been lifted"
				);
			}
			Ok(())
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Freeze `target` at once (one guardian, or governance), with a reason and an incident
		/// id.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::freeze())]
		pub fn freeze(
			origin: OriginFor<T>,
			target: FreezeTarget<T::AccountId>,
			reason: FreezeReason,
			incident: BoundedVec<u8, T::MaxIncidentLength>,
		) -> DispatchResult {
			let by = Self::ensure_guardian_or_governance(origin)?;
			Self::do_freeze(target, reason, incident, by)
		}

		/// Approve lifting the freeze of `target` (a guardian). Once `UnfreezeApprovals`
		/// distinct guardians approved, the freeze is lifted.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::approve_unfreeze())]
		pub fn approve_unfreeze(
			origin: OriginFor<T>,
			target: FreezeTarget<T::AccountId>,
		) -> DispatchResult {
			let guardian = ensure_signed(origin)?;
			ensure!(T::Roles::has_role(Role::Guardian, &guardian), Error::<T>::NotGuardian);
			Self::do_approve_unfreeze(target, guardian)
		}

		/// Lift the freeze of `target` (governance).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::force_unfreeze())]
		pub fn force_unfreeze(
			origin: OriginFor<T>,
			target: FreezeTarget<T::AccountId>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(Freezes::<T>::take(&target).is_some(), Error::<T>::NotFrozen);
			Self::deposit_event(Event::Unfrozen { target, by_governance: true });
			Ok(())
		}
	}

	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// Every freeze in force.
		pub fn current_freezes() -> Vec<(FreezeTarget<T::AccountId>, FreezeRecordOf<T>)> {
			Freezes::<T>::iter().collect()
		}

		/// The freeze of `target`, if any.
		pub fn freeze_of(target: FreezeTarget<T::AccountId>) -> Option<FreezeRecordOf<T>> {
			Freezes::<T>::get(target)
		}
	}

	impl<T: Config> Pallet<T> {
		/// `Some(guardian)` for a guardian, `None` for governance; an error otherwise.
		fn ensure_guardian_or_governance(
			origin: OriginFor<T>,
		) -> Result<Option<T::AccountId>, DispatchError> {
			if T::GovernanceOrigin::try_origin(origin.clone()).is_ok() {
				return Ok(None);
			}
			let who = ensure_signed(origin)?;
			ensure!(T::Roles::has_role(Role::Guardian, &who), Error::<T>::NotGuardian);
			Ok(Some(who))
		}

		fn now() -> Moment {
			T::TimeProvider::now().as_millis() as Moment
		}

		pub(crate) fn do_freeze(
			target: FreezeTarget<T::AccountId>,
			reason: FreezeReason,
			incident: BoundedVec<u8, T::MaxIncidentLength>,
			by: Option<T::AccountId>,
		) -> DispatchResult {
			ensure!(!Freezes::<T>::contains_key(&target), Error::<T>::AlreadyFrozen);
			Freezes::<T>::insert(
				&target,
				FreezeRecord {
					reason,
					incident: incident.clone(),
					frozen_by: by.clone(),
					at: Self::now(),
					unfreeze_approvals: BoundedVec::new(),
				},
			);
			Self::deposit_event(Event::Frozen { target, reason, incident, by });
			Ok(())
		}

		pub(crate) fn do_approve_unfreeze(
			target: FreezeTarget<T::AccountId>,
			guardian: T::AccountId,
		) -> DispatchResult {
			let mut record = Freezes::<T>::get(&target).ok_or(Error::<T>::NotFrozen)?;
			ensure!(!record.unfreeze_approvals.contains(&guardian), Error::<T>::AlreadyApproved);
			// The bound is at least the threshold, and a full record is lifted below.
			record
				.unfreeze_approvals
				.try_push(guardian.clone())
				.map_err(|_| Error::<T>::AlreadyApproved)?;
			let approvals = record.unfreeze_approvals.len() as u32;
			Self::deposit_event(Event::UnfreezeApproved {
				target: target.clone(),
				guardian,
				approvals,
			});
			if approvals >= T::UnfreezeApprovals::get() {
				Freezes::<T>::remove(&target);
				Self::deposit_event(Event::Unfrozen { target, by_governance: false });
			} else {
				Freezes::<T>::insert(&target, record);
			}
			Ok(())
		}
	}
}

impl<T: Config> FreezeInspect<T::AccountId> for Pallet<T> {
	fn account_frozen(who: &T::AccountId) -> bool {
		Freezes::<T>::contains_key(FreezeTarget::Account(who.clone()))
	}

	fn class_frozen(class: u32) -> bool {
		Freezes::<T>::contains_key(FreezeTarget::<T::AccountId>::Class(class))
	}

	fn issuer_frozen(issuer: &T::AccountId) -> bool {
		Freezes::<T>::contains_key(FreezeTarget::Issuer(issuer.clone()))
	}

	fn market_paused(scope: MarketScope) -> bool {
		Freezes::<T>::contains_key(FreezeTarget::<T::AccountId>::Market(scope))
	}
}

impl<T: Config> AccountFreezer<T::AccountId> for Pallet<T> {
	fn freeze_sanctioned(who: &T::AccountId) {
		// Already frozen (for any reason) is fine: it stays frozen.
		let _ = Self::do_freeze(
			FreezeTarget::Account(who.clone()),
			FreezeReason::Sanctions,
			Default::default(),
			None,
		);
	}

	fn freeze_for_review(who: &T::AccountId, case: u64) {
		// The incident names the case; a longer name than the bound allows is cut, not lost:
		// the case id is what the review needs.
		let mut incident = alloc::format!("AML case {case}").into_bytes();
		incident.truncate(T::MaxIncidentLength::get() as usize);
		let _ = Self::do_freeze(
			FreezeTarget::Account(who.clone()),
			FreezeReason::SuspiciousActivity,
			BoundedVec::truncate_from(incident),
			None,
		);
	}

	fn release_sanctioned(who: &T::AccountId) -> bool {
		let target = FreezeTarget::Account(who.clone());
		let by_sanctions = Freezes::<T>::get(&target).is_some_and(|record| {
			record.reason == FreezeReason::Sanctions && record.frozen_by.is_none()
		});
		if by_sanctions {
			Freezes::<T>::remove(&target);
			Self::deposit_event(Event::Unfrozen { target, by_governance: false });
		}
		by_sanctions
	}
}
