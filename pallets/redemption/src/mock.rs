//! Test runtime: System, Timestamp, Balances, Assets (USDC = 1), the real Coupons pallet and
//! Redemption, with 20-byte Ethereum accounts and signatures as in the runtime; the compliance
//! gate is a mock the tests steer.

use crate as pallet_redemption;
use frame_support::{derive_impl, parameter_types, traits::ConstU32};
use genex_primitives::{AccountId20, EthereumSignature};
use pallet_compliance::{Denial, KycLevel, Movement};
use pallet_coupons::types::*;
use sp_core::{ecdsa::KeccakPair, Pair, H256};
use sp_runtime::{traits::IdentityLookup, BuildStorage, Perbill};
use std::{
	cell::RefCell,
	collections::{BTreeMap, BTreeSet},
};

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = AccountId20;
pub type Balance = u128;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Balances: pallet_balances,
		Assets: pallet_assets,
		Coupons: pallet_coupons,
		Redemption: pallet_redemption,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = IdentityLookup<AccountId>;
	type AccountData = pallet_balances::AccountData<u64>;
}

pub const USDC: u32 = 1;
pub const DOLLAR: Balance = 1_000_000;

/// The key of test account `n`: holders sign vouchers with it.
pub fn pair(n: u8) -> KeccakPair {
	KeccakPair::from_seed(&[n; 32])
}

/// The Ethereum address of test account `n`.
pub fn account(n: u8) -> AccountId {
	let compressed: [u8; 33] = pair(n).public().0;
	AccountId20::from_compressed_public_key(&compressed).expect("a valid key")
}

/// `n`'s signature of `message`.
pub fn sign(n: u8, message: &[u8]) -> EthereumSignature {
	EthereumSignature::from(pair(n).sign(message).0)
}

/// Key numbers of the test accounts.
pub const ISSUER: u8 = 1;
pub const ISSUER_2: u8 = 2;
pub const ALICE: u8 = 10;
pub const BOB: u8 = 11;
pub const STORE: u8 = 20;
pub const STORE_2: u8 = 21;
/// The compliance officer (approves issuers).
pub const COMPLIANCE: AccountId = AccountId20([100; 20]);
pub const SATISFACTION: AccountId = AccountId20([101; 20]);
pub const TREASURY: AccountId = AccountId20([99; 20]);

/// Noon of day 20,000 (2024-10-04), when every test starts.
pub const START_DAY: Day = 20_000;
pub const START_MS: Moment = START_DAY as Moment * DAY_MS + DAY_MS / 2;

parameter_types! {
	pub const ClassReviewRequired: bool = false;
	pub const ExpiryWeightShare: Perbill = Perbill::from_percent(1);
}

pallet_coupons::impl_test_config! {
	runtime: Test,
	account: AccountId,
	balance: Balance,
	gate: MockGate,
	stablecoins: [USDC],
	compliance: COMPLIANCE,
	satisfaction: SATISFACTION,
	treasury: TREASURY,
	guarantee_asset: USDC,
	dollar: DOLLAR,
	class_review: ClassReviewRequired,
	expiry_share: ExpiryWeightShare,
	asset_freezer: (),
}

thread_local! {
	/// Accounts the gate refuses, and why.
	pub static DENIED: RefCell<BTreeMap<AccountId, Denial>> = RefCell::new(BTreeMap::new());
	/// Classes frozen.
	pub static FROZEN_CLASSES: RefCell<BTreeSet<u32>> = RefCell::new(BTreeSet::new());
}

/// Makes the gate refuse `who` with `denial`.
pub fn deny(who: AccountId, denial: Denial) {
	DENIED.with(|denied| denied.borrow_mut().insert(who, denial));
}

/// Freezes `class` at the gate.
pub fn freeze_class(class: u32) {
	FROZEN_CLASSES.with(|frozen| frozen.borrow_mut().insert(class));
}

/// The compliance gate, steered by the tests.
pub struct MockGate;
impl MockGate {
	fn account(who: &AccountId) -> Result<(), Denial> {
		DENIED.with(|denied| denied.borrow().get(who).copied()).map_or(Ok(()), Err)
	}
}
impl pallet_compliance::ComplianceGate<AccountId> for MockGate {
	fn check_transfer(_: &Movement<AccountId>) -> Result<(), Denial> {
		Ok(())
	}
	fn check_trade(who: &AccountId, _: u32, _: &AccountId) -> Result<(), Denial> {
		Self::account(who)
	}
	fn check_redeem(
		holder: &AccountId,
		store: &AccountId,
		class: u32,
		issuer: &AccountId,
	) -> Result<(), Denial> {
		Self::account(holder)?;
		Self::account(store)?;
		if FROZEN_CLASSES.with(|frozen| frozen.borrow().contains(&class)) {
			return Err(Denial::ClassFrozen);
		}
		Self::account(issuer)
	}
	fn check_issue(_: &AccountId, _: Option<u32>) -> Result<(), Denial> {
		Ok(())
	}
	fn kyc_level(_: &AccountId) -> KycLevel {
		KycLevel::L1
	}
	fn denial_error(denial: Denial) -> sp_runtime::DispatchError {
		gate_error(denial)
	}
}

/// The error the mock gate reports for `denial`.
pub fn gate_error(denial: Denial) -> sp_runtime::DispatchError {
	sp_runtime::DispatchError::Other(match denial {
		Denial::Sanctioned => "gate: sanctioned",
		Denial::AccountFrozen => "gate: frozen",
		Denial::ClassFrozen => "gate: class frozen",
		_ => "gate: refused",
	})
}

parameter_types! {
	/// One hour of 2 s blocks.
	pub const MaxVoucherLifetime: u64 = 1_800;
}

impl pallet_redemption::Config for Test {
	type Coupons = Coupons;
	type Gate = MockGate;
	type Movements = ();
	type Signature = EthereumSignature;
	type TimeProvider = Timestamp;
	type MaxStoresPerIssuer = ConstU32<3>;
	type MaxVoucherLifetime = MaxVoucherLifetime;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = RedemptionBenchmarkHelper;
}

/// An approved issuer (`ISSUER` key unless given) with an active utility class of `supply`
/// $10 coupons expiring in 30 days, all minted to it; returns the class.
pub fn active_class(issuer: AccountId, supply: u32) -> u32 {
	use frame_support::traits::fungibles::Mutate;
	let _ = <Assets as Mutate<AccountId>>::mint_into(USDC, &issuer, 1_000_000 * DOLLAR);
	if pallet_coupons::Issuers::<Test>::get(issuer).is_none() {
		let zero = H256::zero();
		Coupons::apply_issuer(RuntimeOrigin::signed(issuer), zero, zero, zero).unwrap();
		Coupons::approve_issuer(RuntimeOrigin::signed(COMPLIANCE), issuer).unwrap();
	}
	let params = pallet_coupons::ClassParams {
		asset: USDC,
		face_value: 10 * DOLLAR,
		track: pallet_coupons::Track::Utility,
		expiry_day: START_DAY + 30,
		max_resales: None,
		refund_window_days: None,
		transferable: true,
		supply_cap: supply,
		metadata_hash: H256::zero(),
	};
	Coupons::create_class(RuntimeOrigin::signed(issuer), params).unwrap();
	let class = pallet_coupons::NextClassId::<Test>::get() - 1;
	Coupons::mint(RuntimeOrigin::signed(issuer), class, supply).unwrap();
	class
}

/// Sells coupon `serial` of `class` on the primary market to `buyer` (what settlement does).
pub fn sell(class: u32, serial: u32, buyer: AccountId) -> pallet_coupons::CouponId {
	let id = pallet_coupons::CouponId { class, serial };
	Coupons::do_apply(id, CouponAction::PrimarySale { buyer, price: 8 * DOLLAR }).unwrap();
	id
}

/// Benchmarks set up coupons and keys as the tests do.
#[cfg(feature = "runtime-benchmarks")]
pub struct RedemptionBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId, EthereumSignature> for RedemptionBenchmarkHelper {
	fn sold_coupon(issuer: &AccountId, holder: &AccountId) -> pallet_coupons::CouponId {
		let class = active_class(*issuer, 1);
		sell(class, 0, *holder)
	}
	fn new_signer() -> AccountId {
		account(ALICE)
	}
	fn sign(signer: &AccountId, message: &[u8]) -> EthereumSignature {
		assert_eq!(*signer, account(ALICE));
		sign(ALICE, message)
	}
}

/// Builds the test externalities at block 1, `START_MS`.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut storage = storage;
	pallet_assets::GenesisConfig::<Test> {
		assets: vec![(USDC, TREASURY, true, 1)],
		metadata: vec![],
		accounts: vec![],
		next_asset_id: None,
		reserves: vec![],
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext: sp_io::TestExternalities = storage.into();
	ext.execute_with(|| {
		DENIED.with(|denied| denied.borrow_mut().clear());
		FROZEN_CLASSES.with(|frozen| frozen.borrow_mut().clear());
		System::set_block_number(1);
		Timestamp::set_timestamp(START_MS);
	});
	ext
}
