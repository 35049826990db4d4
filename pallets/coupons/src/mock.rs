//! Test runtime: System, Timestamp, Balances, Assets (USDC = 1, USDT = 2) and Coupons.

use crate as pallet_coupons;
use crate::types::*;
use frame_support::{derive_impl, parameter_types, traits::Hooks, weights::Weight};
use sp_runtime::{BuildStorage, Perbill};

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;
pub type Balance = u128;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Balances: pallet_balances,
		Assets: pallet_assets,
		Coupons: pallet_coupons,
	}
);

parameter_types! {
	/// 2 s of compute per block, like the runtime's order of magnitude.
	pub MockBlockWeights: frame_system::limits::BlockWeights =
		frame_system::limits::BlockWeights::simple_max(Weight::from_parts(2_000_000_000_000, u64::MAX));
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type BlockWeights = MockBlockWeights;
	type AccountData = pallet_balances::AccountData<u64>;
}

pub const USDC: u32 = 1;
pub const USDT: u32 = 2;
/// Not a stablecoin classes may use.
pub const OTHER_ASSET: u32 = 3;
pub const DOLLAR: Balance = 1_000_000;

/// The compliance officer's account.
pub const COMPLIANCE: AccountId = 100;
/// The satisfaction oracle's account.
pub const SATISFACTION: AccountId = 101;
/// The treasury.
pub const TREASURY: AccountId = 999;
/// Issuers used by the tests.
pub const ISSUER: AccountId = 1;
pub const ISSUER_2: AccountId = 2;
/// An issuer that holds no stablecoin.
pub const POOR_ISSUER: AccountId = 3;
/// Holders.
pub const ALICE: AccountId = 10;
pub const BOB: AccountId = 11;
pub const CAROL: AccountId = 12;

/// Noon of day 20,000 (2024-10-04), when every test starts.
pub const START_DAY: Day = 20_000;
pub const START_MS: Moment = START_DAY as Moment * DAY_MS + DAY_MS / 2;

parameter_types! {
	/// Tests switch class review on and off.
	pub storage ClassReviewRequired: bool = false;
	/// Tests make the gate refuse issuance.
	pub storage IssuanceDenied: bool = false;
	/// Expiry may use 1 % of a block, so big classes take several blocks.
	pub storage ExpiryWeightShare: Perbill = Perbill::from_percent(1);
}

crate::impl_test_config! {
	runtime: Test,
	account: AccountId,
	balance: Balance,
	gate: MockGate,
	stablecoins: [USDC, USDT],
	compliance: COMPLIANCE,
	satisfaction: SATISFACTION,
	treasury: TREASURY,
	guarantee_asset: USDC,
	dollar: DOLLAR,
	class_review: ClassReviewRequired,
	expiry_share: ExpiryWeightShare,
	asset_freezer: (),
}

/// The compliance gate as this pallet sees it: it refuses issuance while `IssuanceDenied`.
pub struct MockGate;
impl pallet_compliance::ComplianceGate<AccountId> for MockGate {
	fn check_transfer(
		_: &pallet_compliance::Movement<AccountId>,
	) -> Result<(), pallet_compliance::Denial> {
		Ok(())
	}
	fn check_trade(_: &AccountId, _: u32, _: &AccountId) -> Result<(), pallet_compliance::Denial> {
		Ok(())
	}
	fn check_redeem(
		_: &AccountId,
		_: &AccountId,
		_: u32,
		_: &AccountId,
	) -> Result<(), pallet_compliance::Denial> {
		Ok(())
	}
	fn check_issue(_: &AccountId, _: Option<u32>) -> Result<(), pallet_compliance::Denial> {
		if IssuanceDenied::get() {
			Err(pallet_compliance::Denial::IssuerFrozen)
		} else {
			Ok(())
		}
	}
	fn kyc_level(_: &AccountId) -> pallet_compliance::KycLevel {
		pallet_compliance::KycLevel::L3
	}
	fn denial_error(_: pallet_compliance::Denial) -> sp_runtime::DispatchError {
		sp_runtime::DispatchError::Other("gate: issuer frozen")
	}
}

/// Builds the test externalities: USDC and USDT exist (owned by account 0), issuers 1 and 2
/// and the holders hold 1,000,000 of each; issuer 3 holds nothing.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let funded = [ISSUER, ISSUER_2, ALICE, BOB, CAROL];
	pallet_assets::GenesisConfig::<Test> {
		assets: vec![(USDC, 0, true, 1), (USDT, 0, true, 1), (OTHER_ASSET, 0, true, 1)],
		metadata: vec![],
		accounts: funded
			.iter()
			.flat_map(|who| [(USDC, *who, 1_000_000 * DOLLAR), (USDT, *who, 1_000_000 * DOLLAR)])
			.collect(),
		next_asset_id: None,
		reserves: vec![],
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext: sp_io::TestExternalities = storage.into();
	ext.execute_with(|| {
		System::set_block_number(1);
		Timestamp::set_timestamp(START_MS);
	});
	ext
}

/// Runs `test`, then checks the pallet's invariants.
pub fn test(f: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		f();
		Coupons::do_try_state().expect("invariants hold");
	});
}

/// Advances `days` days and one block, running the coupons hook; returns the hook's weight.
pub fn next_block_after_days(days: u64) -> Weight {
	let now = pallet_timestamp::Now::<Test>::get();
	Timestamp::set_timestamp(now + days * DAY_MS + 2_000);
	System::set_block_number(System::block_number() + 1);
	Coupons::on_initialize(System::block_number())
}

/// The expiry budget of one block in the mock.
pub fn expiry_budget() -> Weight {
	ExpiryWeightShare::get() * MockBlockWeights::get().max_block
}
