//! Benchmarks of every call of the coupons pallet, of one ledger transition and of expiry per
//! coupon. They assume the guarantee stablecoin exists (USDC on the dev chain) and mint the
//! stablecoin they need into the accounts they use.

use super::*;

use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungibles::Mutate, EnsureOrigin, Get},
	weights::Weight,
	BoundedVec,
};
use frame_system::RawOrigin;
use sp_core::H256;
use sp_runtime::{traits::Zero, Permill, Saturating};

fn dollars<T: Config>(n: u32) -> BalanceOf<T> {
	BalanceOf::<T>::from(n).saturating_mul(1_000_000u32.into())
}

fn fund<T: Config>(who: &T::AccountId) {
	T::Assets::mint_into(T::GuaranteeAsset::get(), who, dollars::<T>(10_000_000))
		.expect("the guarantee stablecoin exists and can be minted");
}

fn start<T: Config>() {
	// Noon of day 20,000, so that past days exist.
	T::BenchmarkHelper::set_time(20_000 * DAY_MS + DAY_MS / 2);
}

fn applied<T: Config>(seed: u32) -> T::AccountId {
	let who: T::AccountId = account("issuer", seed, 0);
	fund::<T>(&who);
	Pallet::<T>::do_apply_issuer(
		who.clone(),
		H256::repeat_byte(1),
		H256::repeat_byte(2),
		H256::zero(),
	)
	.unwrap();
	who
}

fn approved<T: Config>(seed: u32) -> T::AccountId {
	let who = applied::<T>(seed);
	Pallet::<T>::do_approve_issuer(who.clone()).unwrap();
	who
}

fn class_params<T: Config>(supply_cap: u32) -> ClassParams<AssetIdOf<T>, BalanceOf<T>> {
	ClassParams {
		asset: T::GuaranteeAsset::get(),
		face_value: T::MinFaceValue::get(),
		track: Track::Utility,
		expiry_day: Pallet::<T>::today() + 30,
		max_resales: None,
		refund_window_days: None,
		transferable: true,
		supply_cap,
		metadata_hash: H256::repeat_byte(7),
	}
}

/// An active class of `issuer` with room for `supply` coupons.
fn active_class<T: Config>(issuer: &T::AccountId, supply: u32) -> ClassId {
	let id = Pallet::<T>::do_create_class(issuer.clone(), class_params::<T>(supply)).unwrap();
	Classes::<T>::mutate(id, |class| class.as_mut().unwrap().status = ClassStatus::Active);
	id
}

fn mint_coupons<T: Config>(issuer: &T::AccountId, class: ClassId, mut n: u32) {
	while n > 0 {
		let batch = n.min(T::MaxMintBatch::get());
		Pallet::<T>::do_mint(issuer.clone(), class, batch).unwrap();
		n -= batch;
	}
}

/// The origin compliance calls come from.
fn compliance<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::ComplianceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

/// The origin governance calls come from.
fn governance<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

/// A class waiting for review.
fn draft_class<T: Config>() -> ClassId {
	start::<T>();
	let issuer = approved::<T>(0);
	let class = active_class::<T>(&issuer, 10);
	Classes::<T>::mutate(class, |c| c.as_mut().unwrap().status = ClassStatus::Draft);
	class
}

fn sell<T: Config>(class: ClassId, serial: Serial, buyer: &T::AccountId) {
	Pallet::<T>::do_apply(
		CouponId::new(class, serial),
		CouponAction::PrimarySale { buyer: buyer.clone(), price: T::MinFaceValue::get() },
	)
	.unwrap();
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn apply_issuer() {
		start::<T>();
		let caller: T::AccountId = whitelisted_caller();
		#[extrinsic_call]
		_(
			RawOrigin::Signed(caller.clone()),
			H256::repeat_byte(1),
			H256::repeat_byte(2),
			H256::zero(),
		);
		assert!(Issuers::<T>::contains_key(&caller));
	}

	#[benchmark]
	fn approve_issuer() -> Result<(), BenchmarkError> {
		start::<T>();
		let issuer = applied::<T>(0);
		let origin = compliance::<T>()?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, issuer.clone());
		assert_eq!(Issuers::<T>::get(&issuer).unwrap().status, IssuerStatus::Active);
		Ok(())
	}

	#[benchmark]
	fn reject_issuer() -> Result<(), BenchmarkError> {
		start::<T>();
		let issuer = applied::<T>(0);
		let origin = compliance::<T>()?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, issuer.clone());
		assert!(!Issuers::<T>::contains_key(&issuer));
		Ok(())
	}

	#[benchmark]
	fn set_issuer_status() -> Result<(), BenchmarkError> {
		start::<T>();
		let issuer = approved::<T>(0);
		let origin = compliance::<T>()?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, issuer.clone(), IssuerStatus::Suspended);
		assert_eq!(Issuers::<T>::get(&issuer).unwrap().status, IssuerStatus::Suspended);
		Ok(())
	}

	#[benchmark]
	fn set_tier() -> Result<(), BenchmarkError> {
		start::<T>();
		let issuer = approved::<T>(0);
		let origin = governance::<T>()?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, issuer.clone(), IssuerTier::Diamond);
		assert_eq!(Issuers::<T>::get(&issuer).unwrap().tier, IssuerTier::Diamond);
		Ok(())
	}

	#[benchmark]
	fn set_satisfaction() -> Result<(), BenchmarkError> {
		start::<T>();
		let issuer = approved::<T>(0);
		let origin = T::SatisfactionOrigin::try_successful_origin()
			.map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, issuer.clone(), Permill::from_percent(90));
		assert_eq!(Issuers::<T>::get(&issuer).unwrap().satisfaction, Permill::from_percent(90));
		Ok(())
	}

	#[benchmark]
	fn refresh_credit() {
		start::<T>();
		let issuer = approved::<T>(0);
		// Something settled, so the formula runs.
		IssuerStatistics::<T>::insert(
			&issuer,
			IssuerStats {
				sold_value: dollars::<T>(100),
				redeemed_value: dollars::<T>(80),
				redeemed_count: 8,
				breakage_value: dollars::<T>(20),
				breakage_count: 2,
			},
		);
		let caller: T::AccountId = whitelisted_caller();
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), issuer.clone());
		assert_ne!(Issuers::<T>::get(&issuer).unwrap().credit.score, credit::NEW_ISSUER_SCORE);
	}

	/// Worst case: a critical default that opens the guarantee pool over `c` classes and marks
	/// each at risk.
	#[benchmark]
	fn handle_default(
		c: Linear<0, { T::MaxClassesPerIssuer::get() }>,
	) -> Result<(), BenchmarkError> {
		start::<T>();
		let issuer = approved::<T>(0);
		for _ in 0..c {
			active_class::<T>(&issuer, 1);
		}
		let origin = compliance::<T>()?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, issuer.clone(), DefaultSeverity::Critical);
		assert!(Issuers::<T>::get(&issuer).unwrap().frozen);
		Ok(())
	}

	#[benchmark]
	fn create_class() {
		start::<T>();
		let issuer = approved::<T>(0);
		#[extrinsic_call]
		_(RawOrigin::Signed(issuer.clone()), class_params::<T>(1_000));
		assert!(Classes::<T>::contains_key(0));
	}

	#[benchmark]
	fn approve_class() -> Result<(), BenchmarkError> {
		let class = draft_class::<T>();
		let origin = compliance::<T>()?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, class);
		assert_eq!(Classes::<T>::get(class).unwrap().status, ClassStatus::Active);
		Ok(())
	}

	#[benchmark]
	fn reject_class() -> Result<(), BenchmarkError> {
		let class = draft_class::<T>();
		let origin = compliance::<T>()?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, class);
		assert_eq!(Classes::<T>::get(class).unwrap().status, ClassStatus::Rejected);
		Ok(())
	}

	#[benchmark]
	fn mint(n: Linear<1, { T::MaxMintBatch::get() }>) {
		start::<T>();
		let issuer = approved::<T>(0);
		let class = active_class::<T>(&issuer, n);
		#[extrinsic_call]
		_(RawOrigin::Signed(issuer.clone()), class, n);
		assert_eq!(Classes::<T>::get(class).unwrap().supply.total(), n);
	}

	#[benchmark]
	fn recall(n: Linear<1, { T::MaxRecallBatch::get() }>) {
		start::<T>();
		let issuer = approved::<T>(0);
		let class = active_class::<T>(&issuer, n);
		mint_coupons::<T>(&issuer, class, n);
		let serials: BoundedVec<Serial, T::MaxRecallBatch> =
			BoundedVec::truncate_from((0..n).collect::<Vec<_>>());
		#[extrinsic_call]
		_(RawOrigin::Signed(issuer.clone()), class, serials);
		assert_eq!(Classes::<T>::get(class).unwrap().supply.get(CouponStatus::Recalled), n);
	}

	#[benchmark]
	fn pay_debt() {
		start::<T>();
		let issuer = approved::<T>(0);
		let asset = T::GuaranteeAsset::get();
		IssuerDebt::<T>::insert(&issuer, &asset, dollars::<T>(100));
		#[extrinsic_call]
		_(RawOrigin::Signed(issuer.clone()), asset.clone(), dollars::<T>(100));
		assert!(IssuerDebt::<T>::get(&issuer, &asset).is_zero());
	}

	#[benchmark]
	fn claim_guarantee() {
		start::<T>();
		let issuer = approved::<T>(0);
		let class = active_class::<T>(&issuer, 1);
		mint_coupons::<T>(&issuer, class, 1);
		let holder: T::AccountId = whitelisted_caller();
		sell::<T>(class, 0, &holder);
		Pallet::<T>::do_handle_default(issuer, DefaultSeverity::Major).unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(holder), CouponId::new(class, 0));
		assert_eq!(CouponItems::<T>::get(class, 0).unwrap().status, CouponStatus::Recalled);
	}

	#[benchmark]
	fn set_rating_table() -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		let table = credit::default_rating_table::<BalanceOf<T>>();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, table);
		Ok(())
	}

	/// The expiry hook over one class of `n` sold coupons (the worst case: every coupon is
	/// breakage and the platform's share is collected).
	#[benchmark]
	fn expire_coupons(n: Linear<0, 1_000>) {
		start::<T>();
		let issuer = approved::<T>(0);
		let class = active_class::<T>(&issuer, n.max(1));
		mint_coupons::<T>(&issuer, class, n);
		let holder: T::AccountId = account("holder", 0, 0);
		for serial in 0..n {
			sell::<T>(class, serial, &holder);
		}
		// The day after the expiry day.
		T::BenchmarkHelper::set_time((20_000 + 31) * DAY_MS + DAY_MS / 2);
		#[block]
		{
			Pallet::<T>::process_expiry(Weight::MAX);
		}
		assert_eq!(Classes::<T>::get(class).unwrap().status, ClassStatus::Expired);
		assert_eq!(Classes::<T>::get(class).unwrap().supply.get(CouponStatus::Expired), n);
	}

	/// The expiry hook when nothing has expired: it only looks.
	#[benchmark]
	fn expiry_idle() {
		start::<T>();
		let issuer = approved::<T>(0);
		let class = active_class::<T>(&issuer, 10);
		#[block]
		{
			Pallet::<T>::process_expiry(Weight::MAX);
		}
		assert_eq!(Classes::<T>::get(class).unwrap().status, ClassStatus::Active);
	}

	/// One ledger transition, the heaviest kind: a redemption (statistics, yearly totals,
	/// quota, credit).
	#[benchmark]
	fn apply_transition() {
		start::<T>();
		let issuer = approved::<T>(0);
		let class = active_class::<T>(&issuer, 1);
		mint_coupons::<T>(&issuer, class, 1);
		let holder: T::AccountId = account("holder", 0, 0);
		sell::<T>(class, 0, &holder);
		#[block]
		{
			Pallet::<T>::do_apply(CouponId::new(class, 0), CouponAction::Redeem).unwrap();
		}
		assert_eq!(CouponItems::<T>::get(class, 0).unwrap().status, CouponStatus::Redeemed);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
