//! Redemption: stores, redemption at the counter, holder-signed vouchers.

use frame_support::traits::ConstU32;

use crate::{Compliance, Coupons, Runtime, Signature, Timestamp, MINUTES};

impl pallet_redemption::Config for Runtime {
	type Coupons = Coupons;
	type Gate = Compliance;
	type Movements = Compliance;
	type Signature = Signature;
	type TimeProvider = Timestamp;
	/// A brand with thousands of outlets authorises each of them.
	type MaxStoresPerIssuer = ConstU32<100_000>;
	/// A voucher (the QR code at the counter) is valid for at most an hour.
	type MaxVoucherLifetime = ConstU32<{ 60 * MINUTES }>;
	type WeightInfo = pallet_redemption::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = RedemptionBenchmarkHelper;
}

/// Benchmark setup through the real coupons pallet, with a key from the benchmark keystore.
#[cfg(feature = "runtime-benchmarks")]
pub struct RedemptionBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
const VOUCHER_KEY: sp_core::crypto::KeyTypeId = sp_core::crypto::KeyTypeId(*b"vchr");

#[cfg(feature = "runtime-benchmarks")]
impl pallet_redemption::BenchmarkHelper<crate::AccountId, Signature> for RedemptionBenchmarkHelper {
	fn sold_coupon(
		issuer: &crate::AccountId,
		holder: &crate::AccountId,
	) -> pallet_coupons::CouponId {
		use pallet_settlement::BenchmarkHelper as _;
		let (class, face, _) =
			super::settlement::SettlementBenchmarkHelper::active_class(issuer, 1);
		let id = pallet_coupons::CouponId { class, serial: 0 };
		Coupons::do_apply(
			id,
			pallet_coupons::CouponAction::PrimarySale { buyer: *holder, price: face },
		)
		.unwrap();
		id
	}

	fn new_signer() -> crate::AccountId {
		sp_io::crypto::ecdsa_generate(VOUCHER_KEY, None).into()
	}

	fn sign(signer: &crate::AccountId, message: &[u8]) -> Signature {
		let public = sp_io::crypto::ecdsa_public_keys(VOUCHER_KEY)
			.into_iter()
			.find(|public| crate::AccountId::from(*public) == *signer)
			.expect("the signer was made by new_signer");
		let digest = sp_io::hashing::keccak_256(message);
		sp_io::crypto::ecdsa_sign_prehashed(VOUCHER_KEY, &public, &digest)
			.expect("the key is in the keystore")
			.into()
	}
}
