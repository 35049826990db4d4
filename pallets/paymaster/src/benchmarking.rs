//! Benchmarks of the paymaster: its governance calls, and the extension on its sponsored path
//! (validate, withdraw from the paymaster, dispatch, refund, record), which is its heaviest.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::{
	dispatch::{DispatchInfo, GetDispatchInfo, PostDispatchInfo},
	pallet_prelude::{DispatchClass, Pays, Weight},
};
use frame_system::RawOrigin;
use pallet_compliance::KycLevel;
use pallet_transaction_payment::OnChargeTransaction;
use sp_runtime::traits::{
	AsTransactionAuthorizedOrigin, Bounded, DispatchTransaction, Dispatchable, Saturating,
	TransactionExtension,
};

fn open_policy<T: Config>() -> PolicyOf<T> {
	Policy {
		enabled: true,
		min_kyc: KycLevel::L1,
		window: 100u32.into(),
		max_transactions: 1_000,
		max_fees: <BalanceOf<T> as Bounded>::max_value() / 4u32.into(),
		max_fee_per_transaction: <BalanceOf<T> as Bounded>::max_value() / 8u32.into(),
		block_weight_budget: u64::MAX / 2,
		// Below the balance the benchmark gives it, so the event is not raised.
		low_balance: 1u32.into(),
	}
}

#[benchmarks(where
	T::RuntimeOrigin: AsTransactionAuthorizedOrigin,
	<T as frame_system::Config>::RuntimeCall:
		Dispatchable<Info = DispatchInfo, PostInfo = PostDispatchInfo> + GetDispatchInfo,
	BalanceOf<T>: Send + Sync,
)]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn set_policy() {
		let policy = open_policy::<T>();
		#[extrinsic_call]
		_(RawOrigin::Root, policy);
		assert_eq!(CurrentPolicy::<T>::get(), policy);
	}

	#[benchmark]
	fn set_category() {
		#[extrinsic_call]
		_(RawOrigin::Root, Category::Redemption, true);
		assert!(SponsoredCategories::<T>::contains_key(Category::Redemption));
	}

	/// One sponsored transaction through the extension, from validation to the refund, for an
	/// account with a window already open (so its quota is read and written).
	#[benchmark]
	fn charge_sponsored() {
		CurrentPolicy::<T>::put(open_policy::<T>());
		for category in Category::ALL {
			SponsoredCategories::<T>::insert(category, ());
		}
		let caller: T::AccountId = account("caller", 0, 0);
		T::BenchmarkHelper::make_eligible(&caller, KycLevel::L1);
		let call = T::BenchmarkHelper::sponsored_call(&caller);
		let ext = ChargeSponsored::<T>::from(0u32.into());
		let info = DispatchInfo {
			call_weight: Weight::from_parts(1_000_000, 0),
			extension_weight: ext.weight(&call),
			class: DispatchClass::Normal,
			pays_fee: Pays::Yes,
		};
		let post_info = PostDispatchInfo {
			actual_weight: Some(Weight::from_parts(100_000, 0)),
			pays_fee: Pays::Yes,
		};
		let len = 100usize;
		let fee =
			pallet_transaction_payment::Pallet::<T>::compute_fee(len as u32, &info, 0u32.into());
		let endowment = fee
			.max(<T::OnChargeTransaction as OnChargeTransaction<T>>::minimum_balance())
			.saturating_mul(1_000u32.into());
		<T::OnChargeTransaction as OnChargeTransaction<T>>::endow_account(
			&Pallet::<T>::account_id(),
			endowment,
		);
		Quotas::<T>::insert(
			&caller,
			Usage {
				window_start: frame_system::Pallet::<T>::block_number(),
				transactions: 1,
				fees: fee,
			},
		);

		#[block]
		{
			assert!(ext
				.test_run(RawOrigin::Signed(caller.clone()).into(), &call, &info, len, 0, |_| {
					Ok(post_info)
				})
				.unwrap()
				.is_ok());
		}

		assert_eq!(Quotas::<T>::get(&caller).map(|usage| usage.transactions), Some(2));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
