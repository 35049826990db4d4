//! Test runtime: System, Timestamp, Balances, Assets (USDC = 1, USDT = 2), the real Coupons
//! pallet, and Settlement; the compliance gate, Travel Rule recorder and roles are mocks the
//! tests steer.

use crate as pallet_settlement;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU128, ConstU32, ConstU64},
	weights::Weight,
	PalletId,
};
use frame_system::{EnsureRoot, EnsureSignedBy};
use pallet_compliance::{Denial, KycLevel, Movement, Role};
use pallet_coupons::types::*;
use sp_runtime::{BuildStorage, Perbill};
use std::{
	cell::RefCell,
	collections::{BTreeMap, BTreeSet},
};

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
		Settlement: pallet_settlement,
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
	/// Expiry may use 1 % of a block, so big classes take several blocks.
	pub storage ExpiryWeightShare: Perbill = Perbill::from_percent(1);
}

pallet_coupons::impl_test_config! {
	runtime: Test,
	account: AccountId,
	balance: Balance,
	gate: NoGate,
	stablecoins: [USDC, USDT],
	compliance: COMPLIANCE,
	satisfaction: SATISFACTION,
	treasury: TREASURY,
	guarantee_asset: USDC,
	dollar: DOLLAR,
	class_review: ClassReviewRequired,
	expiry_share: ExpiryWeightShare,
	asset_freezer: Settlement,
}

/// Issuance is not what these tests are about.
pub struct NoGate;
impl pallet_compliance::ComplianceGate<AccountId> for NoGate {
	fn check_transfer(_: &Movement<AccountId>) -> Result<(), Denial> {
		Ok(())
	}
	fn check_trade(_: &AccountId, _: u32, _: &AccountId) -> Result<(), Denial> {
		Ok(())
	}
	fn check_redeem(_: &AccountId, _: &AccountId, _: u32, _: &AccountId) -> Result<(), Denial> {
		Ok(())
	}
	fn check_issue(_: &AccountId, _: Option<u32>) -> Result<(), Denial> {
		Ok(())
	}
	fn kyc_level(_: &AccountId) -> KycLevel {
		KycLevel::L3
	}
	fn denial_error(_: Denial) -> sp_runtime::DispatchError {
		sp_runtime::DispatchError::Other("unreachable")
	}
}

thread_local! {
	/// Accounts the gate refuses, and why.
	pub static DENIED: RefCell<BTreeMap<AccountId, Denial>> = RefCell::new(BTreeMap::new());
	/// KYC levels (L1 unless set).
	pub static KYC: RefCell<BTreeMap<AccountId, KycLevel>> = RefCell::new(BTreeMap::new());
	/// Travel Rule records written.
	pub static TRAVEL_RECORDS: RefCell<Vec<(AccountId, AccountId, u128, bool)>> = RefCell::new(Vec::new());
	/// Arbitrators.
	pub static ARBITRATORS: RefCell<BTreeSet<AccountId>> = RefCell::new([ARBITRATOR].into());
}

/// The dispute arbitrator.
pub const ARBITRATOR: AccountId = 50;

/// Makes the gate refuse `who` with `denial`.
pub fn deny(who: AccountId, denial: Denial) {
	DENIED.with(|denied| denied.borrow_mut().insert(who, denial));
}

/// Sets `who`'s KYC level.
pub fn set_kyc(who: AccountId, level: KycLevel) {
	KYC.with(|kyc| kyc.borrow_mut().insert(who, level));
}

/// The compliance gate as settlement sees it, steered by the tests.
pub struct MockGate;
impl MockGate {
	fn account(who: &AccountId) -> Result<(), Denial> {
		DENIED.with(|denied| denied.borrow().get(who).copied()).map_or(Ok(()), Err)
	}
}
impl pallet_compliance::ComplianceGate<AccountId> for MockGate {
	fn check_transfer(movement: &Movement<AccountId>) -> Result<(), Denial> {
		for who in [movement.from, movement.to].into_iter().flatten() {
			Self::account(who)?;
		}
		if movement.value >= TRAVEL_RULE_THRESHOLD {
			for who in [movement.from, movement.to].into_iter().flatten() {
				let actual = Self::kyc_level(who);
				if actual < KycLevel::L2 {
					return Err(Denial::KycTooLow { required: KycLevel::L2, actual });
				}
			}
			if !movement.travel_rule_data {
				return Err(Denial::TravelRuleDataRequired);
			}
		}
		Ok(())
	}
	fn check_trade(who: &AccountId, _: u32, _: &AccountId) -> Result<(), Denial> {
		Self::account(who)
	}
	fn check_redeem(who: &AccountId, _: &AccountId, _: u32, _: &AccountId) -> Result<(), Denial> {
		Self::account(who)
	}
	fn check_issue(who: &AccountId, _: Option<u32>) -> Result<(), Denial> {
		Self::account(who)
	}
	fn kyc_level(who: &AccountId) -> KycLevel {
		KYC.with(|kyc| kyc.borrow().get(who).copied()).unwrap_or(KycLevel::L1)
	}
	fn denial_error(denial: Denial) -> sp_runtime::DispatchError {
		match denial {
			Denial::Sanctioned => sp_runtime::DispatchError::Other("gate: sanctioned"),
			Denial::AccountFrozen => sp_runtime::DispatchError::Other("gate: frozen"),
			Denial::KycTooLow { .. } => sp_runtime::DispatchError::Other("gate: kyc too low"),
			Denial::TravelRuleDataRequired => {
				sp_runtime::DispatchError::Other("gate: travel rule data required")
			},
			_ => sp_runtime::DispatchError::Other("gate: refused"),
		}
	}
}

/// $3,000: the Travel Rule threshold.
pub const TRAVEL_RULE_THRESHOLD: u128 = 3_000 * DOLLAR;

/// Records Travel Rule records in `TRAVEL_RECORDS`.
pub struct MockTravelRule;
impl pallet_compliance::TravelRuleRecorder<AccountId> for MockTravelRule {
	fn threshold() -> u128 {
		TRAVEL_RULE_THRESHOLD
	}
	fn record(
		originator: &AccountId,
		beneficiary: &AccountId,
		_: sp_core::H256,
		_: sp_core::H256,
		value: u128,
		off_platform: bool,
	) -> Result<u64, sp_runtime::DispatchError> {
		TRAVEL_RECORDS.with(|records| {
			let mut records = records.borrow_mut();
			records.push((*originator, *beneficiary, value, off_platform));
			Ok(records.len() as u64 - 1)
		})
	}
}

/// Arbitrators hold the role.
pub struct MockRoles;
impl pallet_compliance::RoleInspect<AccountId> for MockRoles {
	fn has_role(role: Role, who: &AccountId) -> bool {
		role == Role::Arbitrator && ARBITRATORS.with(|set| set.borrow().contains(who))
	}
	fn role_count(role: Role) -> u32 {
		if role == Role::Arbitrator {
			ARBITRATORS.with(|set| set.borrow().len() as u32)
		} else {
			0
		}
	}
}

parameter_types! {
	/// u64 accounts keep only "modl" and the id's first 4 bytes: they must differ from the
	/// coupons pallet's "gnx/" (the runtime's 20-byte accounts keep all 8).
	pub const SettlementPalletId: PalletId = PalletId(*b"sttl/gnx");
}

impl pallet_settlement::Config for Test {
	type Coupons = Coupons;
	type Assets = Assets;
	type Gate = MockGate;
	type Movements = ();
	type TravelRule = MockTravelRule;
	type Roles = MockRoles;
	type TimeProvider = Timestamp;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type ComplianceOrigin = EnsureSignedBy<ComplianceAccount, AccountId>;
	type Treasury = TreasuryAccount;
	type PalletId = SettlementPalletId;
	type MaxCouponsPerOrder = ConstU32<100>;
	type MaxPriceLevels = ConstU32<64>;
	type MaxFillsPerCall = ConstU32<20>;
	type ResponseDeadline = ConstU64<{ 24 * 3_600_000 }>;
	type ResolutionDeadline = ConstU64<{ 72 * 3_600_000 }>;
	type MaxEscalationsPerBlock = ConstU32<4>;
	type MaxQuotedClasses = ConstU32<4>;
	type MaxSampledOrders = ConstU32<32>;
	type MinMarketMakerDeposit = ConstU128<{ 10_000 * DOLLAR }>;
	type MarketMakerAsset = GuaranteeAsset;
	type MaxBatch = ConstU32<100>;
	type MaxRecentTrades = ConstU32<50>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = SettlementBenchmarkHelper;
}

/// Benchmarks set up classes, money, KYC and arbitrators as the tests do.
#[cfg(feature = "runtime-benchmarks")]
pub struct SettlementBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for SettlementBenchmarkHelper {
	fn active_class(issuer: &AccountId, supply: u32) -> (pallet_coupons::ClassId, Balance, u32) {
		use frame_support::traits::fungibles::Mutate;
		let _ = <Assets as Mutate<AccountId>>::mint_into(USDC, issuer, 1_000_000 * DOLLAR);
		if pallet_coupons::Issuers::<Test>::get(issuer).is_none() {
			Coupons::apply_issuer(
				RuntimeOrigin::signed(*issuer),
				sp_core::H256::zero(),
				sp_core::H256::zero(),
				sp_core::H256::zero(),
			)
			.unwrap();
			Coupons::approve_issuer(RuntimeOrigin::signed(COMPLIANCE), *issuer).unwrap();
		}
		let params = pallet_coupons::ClassParams {
			asset: USDC,
			face_value: 100 * DOLLAR,
			track: pallet_coupons::Track::Utility,
			expiry_day: START_DAY + 90,
			max_resales: None,
			refund_window_days: None,
			transferable: true,
			supply_cap: supply,
			metadata_hash: sp_core::H256::zero(),
		};
		Coupons::create_class(RuntimeOrigin::signed(*issuer), params).unwrap();
		let class = pallet_coupons::NextClassId::<Test>::get() - 1;
		Coupons::mint(RuntimeOrigin::signed(*issuer), class, supply).unwrap();
		(class, 100 * DOLLAR, USDC)
	}
	fn fund(who: &AccountId, asset: u32, amount: Balance) {
		use frame_support::traits::fungibles::Mutate;
		<Assets as Mutate<AccountId>>::mint_into(asset, who, amount).unwrap();
	}
	fn set_kyc(who: &AccountId, level: pallet_compliance::KycLevel) {
		set_kyc(*who, level);
	}
	fn make_arbitrator(who: &AccountId) {
		ARBITRATORS.with(|set| set.borrow_mut().insert(*who));
	}
	fn set_time(now: Moment) {
		let _ = now;
		pallet_timestamp::Now::<Test>::put(START_MS);
	}
}

/// Builds the test externalities: USDC and USDT exist, the issuers and holders hold
/// 1,000,000 of each.
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
		DENIED.with(|denied| denied.borrow_mut().clear());
		KYC.with(|kyc| kyc.borrow_mut().clear());
		TRAVEL_RECORDS.with(|records| records.borrow_mut().clear());
		System::set_block_number(1);
		Timestamp::set_timestamp(START_MS);
	});
	ext
}
