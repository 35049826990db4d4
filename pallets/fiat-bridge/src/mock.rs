//! Test runtime: System, Timestamp, Balances, Assets (USDC = 1, USDT = 2, owned by the bridge's
//! account) and the fiat bridge, with 20-byte Ethereum accounts and signatures and the
//! off-chain worker's signing glue as in the runtime (`genex_primitives::oracle`); the
//! compliance gate, Travel Rule recorder, movement log and roles are mocks the tests steer. Two
//! providers at genesis: `primary_bank` (attestors A1, A2, A3; 2 of 3) and `backup_processor`
//! (attestor B1; 1 of 1, with an endpoint).

use crate as pallet_fiat_bridge;
use crate::types::*;
use codec::Encode;
use frame_support::{
	derive_impl, ord_parameter_types, parameter_types,
	traits::{ConstU32, ConstU64, Hooks},
	PalletId,
};
use frame_system::{EnsureRoot, EnsureSignedBy};
use genex_primitives::{
	aml::MovementKind,
	oracle::{OracleAuthority, OraclePublic, SignedTransactions},
	AccountId20, EthereumSignature,
};
use pallet_compliance::{Denial, KycLevel, Movement, Role};
use sp_runtime::{
	generic, traits::IdentityLookup, BuildStorage, FixedPointNumber, FixedU128, Permill,
};
use std::{
	cell::RefCell,
	collections::{BTreeMap, BTreeSet},
};

pub type AccountId = AccountId20;
/// Transactions carry only the nonce check, enough to see the worker's nonces.
pub type TxExtension = frame_system::CheckNonce<Test>;
/// A signed transaction of the test runtime.
pub type Extrinsic =
	generic::UncheckedExtrinsic<AccountId, RuntimeCall, EthereumSignature, TxExtension>;
type Block = generic::Block<generic::Header<u64, sp_runtime::traits::BlakeTwo256>, Extrinsic>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Balances: pallet_balances,
		Assets: pallet_assets,
		FiatBridge: pallet_fiat_bridge,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = IdentityLookup<AccountId>;
	type AccountData = pallet_balances::AccountData<u64>;
}

impl frame_system::offchain::SigningTypes for Test {
	type Public = OraclePublic;
	type Signature = EthereumSignature;
}

impl<C> frame_system::offchain::CreateTransactionBase<C> for Test
where
	RuntimeCall: From<C>,
{
	type Extrinsic = Extrinsic;
	type RuntimeCall = RuntimeCall;
}

impl<C> frame_system::offchain::CreateSignedTransaction<C> for Test
where
	RuntimeCall: From<C>,
{
	fn create_signed_transaction<
		A: frame_system::offchain::AppCrypto<OraclePublic, EthereumSignature>,
	>(
		call: RuntimeCall,
		public: OraclePublic,
		account: AccountId,
		nonce: <Test as frame_system::Config>::Nonce,
	) -> Option<Extrinsic> {
		let payload =
			generic::SignedPayload::new(call, frame_system::CheckNonce::<Test>::from(nonce))
				.ok()?;
		let signature = payload.using_encoded(|bytes| A::sign(bytes, public))?;
		let (call, extension, _) = payload.deconstruct();
		Some(Extrinsic::new_signed(call, account, signature, extension))
	}
}

#[derive_impl(pallet_timestamp::config_preludes::TestDefaultConfig)]
impl pallet_timestamp::Config for Test {}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
}

#[derive_impl(pallet_assets::config_preludes::TestDefaultConfig)]
impl pallet_assets::Config for Test {
	type Balance = u128;
	type Currency = Balances;
	type CreateOrigin =
		frame_support::traits::AsEnsureOriginWithArg<frame_system::EnsureSigned<AccountId>>;
	type ForceOrigin = EnsureRoot<AccountId>;
	type AssetDeposit = ConstU64<0>;
	type AssetAccountDeposit = ConstU64<0>;
	type MetadataDepositBase = ConstU64<0>;
	type MetadataDepositPerByte = ConstU64<0>;
	type ApprovalDeposit = ConstU64<0>;
}

pub const USDC: AssetId = 1;
pub const USDT: AssetId = 2;
/// An asset that exists but is not bridged.
pub const OTHER_ASSET: AssetId = 3;
pub const DOLLAR: Balance = 1_000_000;

/// The compliance officer.
pub const COMPLIANCE: AccountId = AccountId20([100; 20]);
/// The rate oracle (a `GatewayOperator`).
pub const ORACLE: AccountId = AccountId20([101; 20]);
/// The primary provider's attestors (2 of 3).
pub const A1: AccountId = AccountId20([21; 20]);
pub const A2: AccountId = AccountId20([22; 20]);
pub const A3: AccountId = AccountId20([23; 20]);
/// The backup provider's attestor (1 of 1).
pub const B1: AccountId = AccountId20([31; 20]);
/// Users.
pub const ALICE: AccountId = AccountId20([10; 20]);
pub const BOB: AccountId = AccountId20([11; 20]);
pub const CAROL: AccountId = AccountId20([12; 20]);
/// Someone with no role.
pub const NOBODY: AccountId = AccountId20([99; 20]);

/// Test account number `n` (the named ones are `account(10)`, `account(21)`…).
pub const fn account(n: u8) -> AccountId {
	AccountId20([n; 20])
}

pub const PRIMARY: ProviderId = 0;
pub const BACKUP: ProviderId = 1;

/// What ALICE and BOB start with, of each stablecoin.
pub const START_BALANCE: Balance = 10_000 * DOLLAR;
/// The primary provider's allowance: $50,000, refilled by $1,000 a block.
pub const PRIMARY_CAPACITY: Balance = 50_000 * DOLLAR;
pub const PRIMARY_REFILL: Balance = 1_000 * DOLLAR;
/// Genesis limits.
pub const MAX_DEPOSIT: Balance = 20_000 * DOLLAR;
pub const MAX_WITHDRAWAL: Balance = 20_000 * DOLLAR;
pub const DAILY_MINT: Balance = 100_000 * DOLLAR;

/// 2024-10-04 12:00 UTC, when every test starts.
pub const NOW: Moment = 1_728_043_200_000;
pub const MINUTE: Moment = 60_000;
pub const HOUR: Moment = 3_600_000;

/// Reference rates at genesis: EUR 1.08, JPY 0.0067.
pub fn eur_rate() -> FixedU128 {
	FixedU128::saturating_from_rational(108, 100)
}
pub fn jpy_rate() -> FixedU128 {
	FixedU128::saturating_from_rational(67, 10_000)
}

/// A Travel Rule record: originator, beneficiary, their identity hashes, value, beneficiary off
/// the platform.
pub type TravelRecord = (AccountId, AccountId, sp_core::H256, sp_core::H256, u128, bool);

/// $3,000: the Travel Rule threshold.
pub const TRAVEL_RULE_THRESHOLD: u128 = 3_000 * DOLLAR;

thread_local! {
	/// Accounts the gate refuses, and why.
	pub static DENIED: RefCell<BTreeMap<AccountId, Denial>> = const { RefCell::new(BTreeMap::new()) };
	/// KYC levels (L1 unless set).
	pub static KYC: RefCell<BTreeMap<AccountId, KycLevel>> = const { RefCell::new(BTreeMap::new()) };
	/// Travel Rule records written: originator, beneficiary, identities, value, off platform.
	pub static TRAVEL_RECORDS: RefCell<Vec<TravelRecord>> = const { RefCell::new(Vec::new()) };
	/// The movement log.
	pub static MOVEMENTS: RefCell<Vec<MovementKind<AccountId>>> = const { RefCell::new(Vec::new()) };
	/// Gateway operators (the rate oracle).
	pub static OPERATORS: RefCell<BTreeSet<AccountId>> = RefCell::new([ORACLE].into());
}

/// Makes the gate refuse `who` with `denial`.
pub fn deny(who: AccountId, denial: Denial) {
	DENIED.with(|denied| denied.borrow_mut().insert(who, denial));
}

/// Makes the gate allow `who` again.
pub fn allow(who: AccountId) {
	DENIED.with(|denied| denied.borrow_mut().remove(&who));
}

/// Sets `who`'s KYC level.
pub fn set_kyc(who: AccountId, level: KycLevel) {
	KYC.with(|kyc| kyc.borrow_mut().insert(who, level));
}

/// The movements recorded so far.
pub fn movements() -> Vec<MovementKind<AccountId>> {
	MOVEMENTS.with(|log| log.borrow().clone())
}

/// The Travel Rule records written so far.
pub fn travel_records() -> Vec<TravelRecord> {
	TRAVEL_RECORDS.with(|records| records.borrow().clone())
}

/// The compliance gate as the bridge sees it, steered by the tests (the compliance pallet's
/// rules: refused accounts, KYC L2 and identity hashes at $3,000 or more, the sender at L1).
pub struct MockGate;
impl pallet_compliance::ComplianceGate<AccountId> for MockGate {
	fn check_transfer(movement: &Movement<AccountId>) -> Result<(), Denial> {
		for who in [movement.from, movement.to].into_iter().flatten() {
			if let Some(denial) = DENIED.with(|denied| denied.borrow().get(who).copied()) {
				return Err(denial);
			}
		}
		if let Some(from) = movement.from {
			let actual = Self::kyc_level(from);
			if actual < KycLevel::L1 {
				return Err(Denial::KycTooLow { required: KycLevel::L1, actual });
			}
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
	fn check_trade(_: &AccountId, _: u32, _: &AccountId) -> Result<(), Denial> {
		Ok(())
	}
	fn check_redeem(_: &AccountId, _: &AccountId, _: u32, _: &AccountId) -> Result<(), Denial> {
		Ok(())
	}
	fn check_issue(_: &AccountId, _: Option<u32>) -> Result<(), Denial> {
		Ok(())
	}
	fn kyc_level(who: &AccountId) -> KycLevel {
		KYC.with(|kyc| kyc.borrow().get(who).copied()).unwrap_or(KycLevel::L1)
	}
	fn denial_error(denial: Denial) -> sp_runtime::DispatchError {
		sp_runtime::DispatchError::Other(match denial {
			Denial::Sanctioned => "gate: sanctioned",
			Denial::AccountFrozen => "gate: frozen",
			Denial::KycTooLow { .. } => "gate: kyc too low",
			Denial::TravelRuleDataRequired => "gate: travel rule data required",
			_ => "gate: refused",
		})
	}
}

/// Writes Travel Rule records to `TRAVEL_RECORDS`.
pub struct MockTravelRule;
impl pallet_compliance::TravelRuleRecorder<AccountId> for MockTravelRule {
	fn threshold() -> u128 {
		TRAVEL_RULE_THRESHOLD
	}
	fn record(
		originator: &AccountId,
		beneficiary: &AccountId,
		originator_identity: sp_core::H256,
		beneficiary_identity: sp_core::H256,
		value: u128,
		off_platform: bool,
	) -> Result<u64, sp_runtime::DispatchError> {
		TRAVEL_RECORDS.with(|records| {
			let mut records = records.borrow_mut();
			records.push((
				*originator,
				*beneficiary,
				originator_identity,
				beneficiary_identity,
				value,
				off_platform,
			));
			Ok(records.len() as u64 - 1)
		})
	}
}

/// Writes movements to `MOVEMENTS`.
pub struct MockMovements;
impl pallet_compliance::MovementLog<AccountId> for MockMovements {
	fn record(kind: MovementKind<AccountId>) -> u64 {
		MOVEMENTS.with(|log| {
			let mut log = log.borrow_mut();
			log.push(kind);
			log.len() as u64 - 1
		})
	}
}

/// Gateway operators hold the role.
pub struct MockRoles;
impl pallet_compliance::RoleInspect<AccountId> for MockRoles {
	fn has_role(role: Role, who: &AccountId) -> bool {
		role == Role::GatewayOperator && OPERATORS.with(|set| set.borrow().contains(who))
	}
	fn role_count(role: Role) -> u32 {
		if role == Role::GatewayOperator {
			OPERATORS.with(|set| set.borrow().len() as u32)
		} else {
			0
		}
	}
}

ord_parameter_types! {
	pub const ComplianceAccount: AccountId = COMPLIANCE;
}

parameter_types! {
	pub const FiatBridgePalletId: PalletId = PalletId(*b"gnx/fbrg");
	pub Stablecoins: Vec<AssetId> = vec![USDC, USDT];
	pub const MaxRateDeviation: Permill = Permill::from_percent(5);
	pub const DepositKyc: KycLevel = KycLevel::L1;
}

impl pallet_fiat_bridge::Config for Test {
	type Assets = Assets;
	type Gate = MockGate;
	type TravelRule = MockTravelRule;
	type Movements = MockMovements;
	type Roles = MockRoles;
	type TimeProvider = Timestamp;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type ComplianceOrigin = EnsureSignedBy<ComplianceAccount, AccountId>;
	type PalletId = FiatBridgePalletId;
	type Stablecoins = Stablecoins;
	type MaxProviders = ConstU32<4>;
	type MaxAttestors = ConstU32<5>;
	type MaxNameLength = ConstU32<32>;
	type MaxUrlLength = ConstU32<256>;
	type AttestorSigner = SignedTransactions<Test, OracleAuthority>;
	type BankTimeout = ConstU64<5_000>;
	type MaxDepositsPerRun = ConstU32<50>;
	type MaxPayoutsPerRun = ConstU32<16>;
	type ReserveReadInterval = ConstU64<60_000>;
	type QuoteLifetime = ConstU64<{ 15 * MINUTE }>;
	type MaxRateDeviation = MaxRateDeviation;
	type ReserveReportMaxAge = ConstU64<{ 24 * HOUR }>;
	type DepositKyc = DepositKyc;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

/// Benchmarks steer KYC, roles and time as the tests do.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for MockBenchmarkHelper {
	fn set_kyc(who: &AccountId, level: KycLevel) {
		set_kyc(*who, level);
	}
	fn make_rate_oracle(who: &AccountId) {
		OPERATORS.with(|set| set.borrow_mut().insert(*who));
	}
	fn set_time(now: Moment) {
		pallet_timestamp::Now::<Test>::put(now);
	}
}

/// The bridge's account.
pub fn bridge() -> AccountId {
	FiatBridge::account_id()
}

/// Builds the test externalities: USDC, USDT and a non-bridged asset exist (the bridge owns
/// them), ALICE and BOB hold `START_BALANCE` of each stablecoin, the two providers, limits and
/// reference rates are set at genesis; it is `NOW` at block 1.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let owner = bridge();
	pallet_assets::GenesisConfig::<Test> {
		assets: vec![(USDC, owner, true, 1), (USDT, owner, true, 1), (OTHER_ASSET, owner, true, 1)],
		metadata: vec![],
		accounts: [ALICE, BOB]
			.iter()
			.flat_map(|who| [(USDC, *who, START_BALANCE), (USDT, *who, START_BALANCE)])
			.chain([(OTHER_ASSET, ALICE, START_BALANCE)])
			.collect(),
		next_asset_id: None,
		reserves: vec![],
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_fiat_bridge::GenesisConfig::<Test> {
		limits: Limits {
			max_deposit: MAX_DEPOSIT,
			max_withdrawal: MAX_WITHDRAWAL,
			daily_mint: DAILY_MINT,
		},
		providers: vec![
			(
				b"primary_bank".to_vec(),
				Priority::Primary,
				vec![A1, A2, A3],
				2,
				Allowance { capacity: PRIMARY_CAPACITY, refill_per_block: PRIMARY_REFILL },
			),
			(
				b"backup_processor".to_vec(),
				Priority::Backup,
				vec![B1],
				1,
				Allowance { capacity: PRIMARY_CAPACITY, refill_per_block: PRIMARY_REFILL },
			),
		],
		rates: vec![(*b"EUR", eur_rate()), (*b"JPY", jpy_rate())],
		endpoints: vec![(1, b"http://127.0.0.1:9960/banks/backup_processor".to_vec())],
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext: sp_io::TestExternalities = storage.into();
	ext.execute_with(|| {
		DENIED.with(|denied| denied.borrow_mut().clear());
		KYC.with(|kyc| kyc.borrow_mut().clear());
		TRAVEL_RECORDS.with(|records| records.borrow_mut().clear());
		MOVEMENTS.with(|log| log.borrow_mut().clear());
		OPERATORS.with(|set| *set.borrow_mut() = [ORACLE].into());
		System::set_block_number(1);
		Timestamp::set_timestamp(NOW);
	});
	ext
}

/// Moves to block `n` at time `now` and runs the bridge's block hook.
pub fn run_to(n: u64, now: Moment) {
	System::set_block_number(n);
	Timestamp::set_timestamp(now);
	FiatBridge::on_initialize(n);
}
