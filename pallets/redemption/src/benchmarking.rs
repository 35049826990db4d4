//! Benchmarks of the redemption pallet, through the real coupons pallet.

use super::*;
use crate::pallet::Pallet as Redemption;
use frame_benchmarking::v2::*;
use frame_support::{traits::Hooks, weights::Weight};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use pallet_coupons::{CouponId, CouponLedger, CouponStatus};
use sp_core::H256;
use sp_runtime::traits::One;

const LOCATION: H256 = H256::repeat_byte(0x1c);

/// An issuer's coupon sold to `holder`, with an authorised store; returns (coupon, store).
fn redeemable<T: Config>(holder: &T::AccountId) -> (CouponId, T::AccountId) {
	let issuer: T::AccountId = account("issuer", 0, 0);
	let store: T::AccountId = account("store", 0, 0);
	let coupon = T::BenchmarkHelper::sold_coupon(&issuer, holder);
	Redemption::<T>::do_authorise_store(issuer, store.clone(), LOCATION).unwrap();
	(coupon, store)
}

fn redeemed<T: Config>(coupon: CouponId) -> bool {
	T::Coupons::coupon(coupon).is_some_and(|c| c.status == CouponStatus::Redeemed)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A new store for an active issuer.
	#[benchmark]
	fn authorise_store() {
		let issuer: T::AccountId = account("issuer", 0, 0);
		let holder: T::AccountId = account("holder", 0, 0);
		T::BenchmarkHelper::sold_coupon(&issuer, &holder);
		let store: T::AccountId = account("store", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(issuer.clone()), store.clone(), LOCATION);

		assert!(Stores::<T>::contains_key(&issuer, &store));
	}

	#[benchmark]
	fn revoke_store() {
		let holder: T::AccountId = account("holder", 0, 0);
		let (_, store) = redeemable::<T>(&holder);
		let issuer: T::AccountId = account("issuer", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(issuer.clone()), store.clone());

		assert!(!Stores::<T>::contains_key(&issuer, &store));
	}

	/// The holder redeems at the counter (the ledger updates statistics and credit).
	#[benchmark]
	fn redeem() {
		let holder: T::AccountId = account("holder", 0, 0);
		let (coupon, store) = redeemable::<T>(&holder);

		#[extrinsic_call]
		_(RawOrigin::Signed(holder), coupon, store);

		assert!(redeemed::<T>(coupon));
	}

	/// The store redeems with the holder's signed voucher (signature recovery, nonce kept).
	#[benchmark]
	fn redeem_voucher() {
		let holder = T::BenchmarkHelper::new_signer();
		let (coupon, store) = redeemable::<T>(&holder);
		let voucher = Voucher {
			coupon,
			holder: holder.clone(),
			store: store.clone(),
			nonce: 1,
			valid_until: frame_system::Pallet::<T>::block_number() + One::one(),
		};
		let signature = T::BenchmarkHelper::sign(&holder, &Redemption::<T>::message_of(&voucher));

		#[extrinsic_call]
		_(RawOrigin::Signed(store), voucher, signature);

		assert!(redeemed::<T>(coupon));
		assert!(UsedNonces::<T>::contains_key(&holder, 1));
	}

	/// Forgetting `n` lapsed nonces in the idle hook.
	#[benchmark]
	fn prune_nonces(n: Linear<0, 1_000>) {
		let lapsed: BlockNumberFor<T> = One::one();
		for i in 0..n {
			let holder: T::AccountId = account("holder", i, 0);
			UsedNonces::<T>::insert(&holder, i as u64, lapsed);
			NonceExpiry::<T>::insert(lapsed, (holder, i as u64), ());
		}
		PruneCursor::<T>::put(lapsed);
		let now = lapsed + One::one();

		#[block]
		{
			Redemption::<T>::on_idle(now, Weight::MAX);
		}

		assert_eq!(UsedNonces::<T>::iter().count(), 0);
		assert_eq!(PruneCursor::<T>::get(), now);
	}

	impl_benchmark_test_suite!(Redemption, crate::mock::new_test_ext(), crate::mock::Test);
}
