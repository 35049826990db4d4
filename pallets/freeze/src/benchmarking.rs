//! Benchmarks of the freeze pallet's calls.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::RawOrigin;

/// A guardian.
fn guardian<T: Config>(index: u32) -> T::AccountId {
	let who: T::AccountId = account("guardian", index, 0);
	if !T::Roles::has_role(Role::Guardian, &who) {
		T::BenchmarkHelper::make_guardian(&who);
	}
	who
}

fn incident<T: Config>() -> BoundedVec<u8, T::MaxIncidentLength> {
	BoundedVec::truncate_from(alloc::vec![b'I'; T::MaxIncidentLength::get() as usize])
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn freeze() {
		let by = guardian::<T>(0);
		let target = FreezeTarget::Account(account("target", 0, 0));
		#[extrinsic_call]
		_(RawOrigin::Signed(by), target.clone(), FreezeReason::Fraud, incident::<T>());
		assert!(Freezes::<T>::contains_key(&target));
	}

	/// The approval that reaches the threshold and lifts the freeze.
	#[benchmark]
	fn approve_unfreeze() {
		let target = FreezeTarget::Account(account("target", 0, 0));
		Pallet::<T>::do_freeze(target.clone(), FreezeReason::Fraud, incident::<T>(), None).unwrap();
		for index in 1..T::UnfreezeApprovals::get() {
			Pallet::<T>::do_approve_unfreeze(target.clone(), guardian::<T>(index)).unwrap();
		}
		let last = guardian::<T>(0);
		#[extrinsic_call]
		_(RawOrigin::Signed(last), target.clone());
		assert!(!Freezes::<T>::contains_key(&target));
	}

	#[benchmark]
	fn force_unfreeze() -> Result<(), BenchmarkError> {
		let target = FreezeTarget::Account(account("target", 0, 0));
		Pallet::<T>::do_freeze(target.clone(), FreezeReason::Fraud, incident::<T>(), None).unwrap();
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, target.clone());
		assert!(!Freezes::<T>::contains_key(&target));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
