//! Test runtime: System, Timestamp and Compliance, with 20-byte Ethereum accounts and
//! signatures as in the runtime, the off-chain worker's signing glue of the runtime
//! (`genex_primitives::oracle`), and freezes, holdings and the freezer simulated in
//! thread-local sets.

use crate as pallet_compliance;
use crate::traits::*;
use codec::Encode;
use core::cell::RefCell;
use frame_support::{derive_impl, parameter_types, traits::ConstU32};
use frame_system::EnsureRoot;
use genex_primitives::{
	dev,
	oracle::{OracleAuthority, OraclePublic, SignedTransactions},
	AccountId20, EthereumSignature,
};
use sp_runtime::{generic, traits::IdentityLookup};
use std::collections::BTreeSet;

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
		Compliance: pallet_compliance,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = IdentityLookup<AccountId>;
}

#[derive_impl(pallet_timestamp::config_preludes::TestDefaultConfig)]
impl pallet_timestamp::Config for Test {}

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

thread_local! {
	pub static FROZEN_ACCOUNTS: RefCell<BTreeSet<AccountId>> = RefCell::new(BTreeSet::new());
	pub static FROZEN_CLASSES: RefCell<BTreeSet<u32>> = RefCell::new(BTreeSet::new());
	pub static FROZEN_ISSUERS: RefCell<BTreeSet<AccountId>> = RefCell::new(BTreeSet::new());
	pub static PAUSED: RefCell<BTreeSet<MarketScope>> = RefCell::new(BTreeSet::new());
	pub static HOLDERS: RefCell<BTreeSet<AccountId>> = RefCell::new(BTreeSet::new());
}

/// Freezes as the freeze pallet would report them.
pub struct MockFreezes;
impl FreezeInspect<AccountId> for MockFreezes {
	fn account_frozen(who: &AccountId) -> bool {
		FROZEN_ACCOUNTS.with(|set| set.borrow().contains(who))
	}
	fn class_frozen(class: u32) -> bool {
		FROZEN_CLASSES.with(|set| set.borrow().contains(&class))
	}
	fn issuer_frozen(issuer: &AccountId) -> bool {
		FROZEN_ISSUERS.with(|set| set.borrow().contains(issuer))
	}
	fn market_paused(scope: MarketScope) -> bool {
		PAUSED.with(|set| set.borrow().contains(&scope))
	}
}

/// Freezing a sanctioned holder adds it to the frozen accounts.
pub struct MockFreezer;
impl AccountFreezer<AccountId> for MockFreezer {
	fn freeze_sanctioned(who: &AccountId) {
		FROZEN_ACCOUNTS.with(|set| set.borrow_mut().insert(*who));
	}
	fn release_sanctioned(who: &AccountId) -> bool {
		FROZEN_ACCOUNTS.with(|set| set.borrow_mut().remove(who))
	}
	fn freeze_for_review(who: &AccountId, _case: u64) {
		FROZEN_ACCOUNTS.with(|set| set.borrow_mut().insert(*who));
	}
}

/// Accounts in `HOLDERS` hold stablecoin or coupons.
pub struct MockHoldings;
impl HoldsValue<AccountId> for MockHoldings {
	fn holds_value(who: &AccountId) -> bool {
		HOLDERS.with(|set| set.borrow().contains(who))
	}
}

parameter_types! {
	pub const TravelRuleThreshold: u128 = 3_000 * DOLLAR;
	pub const TravelRuleKyc: KycLevel = KycLevel::L2;
	pub const TradeKyc: KycLevel = KycLevel::L1;
	pub const TransferKyc: KycLevel = KycLevel::L1;
	pub const RedeemKyc: KycLevel = KycLevel::L0;
	pub const MinSyncInterval: u64 = 10_000;
	pub const ListFetchTimeout: u64 = 30_000;
	/// Settable, so that a test can make every run overrun its budget.
	pub static ScreeningRunMillis: u64 = 1_500;
}

impl pallet_compliance::Config for Test {
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type TimeProvider = Timestamp;
	type Freezes = MockFreezes;
	type Freezer = MockFreezer;
	type Holdings = MockHoldings;
	type MaxSanctionsBatch = ConstU32<200>;
	type MaxSourceLength = ConstU32<64>;
	type MaxAlertsPerCase = ConstU32<4>;
	type TravelRuleThreshold = TravelRuleThreshold;
	type TravelRuleKyc = TravelRuleKyc;
	type TradeKyc = TradeKyc;
	type TransferKyc = TransferKyc;
	type RedeemKyc = RedeemKyc;
	type MaxUrlLength = ConstU32<128>;
	type MaxListEntries = ConstU32<10_000>;
	type MinSyncInterval = MinSyncInterval;
	type ListFetchTimeout = ListFetchTimeout;
	type OracleSigner = SignedTransactions<Test, OracleAuthority>;
	type MaxEvidence = ConstU32<32>;
	type MaxScreenedPerRun = ConstU32<50>;
	type ScreeningRunMillis = ScreeningRunMillis;
	type ScreeningLag = ConstU32<2>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

/// Benchmarks make holders by adding them to `HOLDERS`.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for MockBenchmarkHelper {
	fn make_holder(who: &AccountId) {
		HOLDERS.with(|set| set.borrow_mut().insert(*who));
	}
	fn set_time(now: u64) {
		pallet_timestamp::Now::<Test>::put(now);
	}
}

pub const DOLLAR: u128 = 1_000_000;
pub const OFFICER: AccountId = AccountId20([1; 20]);
pub const KYC_PROVIDER: AccountId = AccountId20([2; 20]);
/// The sanctions oracle: the dev oracle key, which the worker tests put in the keystore.
pub const ORACLE: AccountId = dev::ORACLE.address;
pub const ALICE: AccountId = AccountId20([10; 20]);
pub const BOB: AccountId = AccountId20([11; 20]);
pub const CAROL: AccountId = AccountId20([12; 20]);
pub const ISSUER: AccountId = AccountId20([20; 20]);

/// Test account number `n` (distinct for distinct `n`, none of the named ones).
pub fn account(n: u32) -> AccountId {
	let mut bytes = [0xAA; 20];
	bytes[16..].copy_from_slice(&n.to_be_bytes());
	AccountId20(bytes)
}
/// 2024-10-04 12:00 UTC.
pub const NOW: u64 = 1_728_043_200_000;
pub const DAY: u64 = 86_400_000;

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_compliance::GenesisConfig::<Test> {
		roles: vec![
			(Role::ComplianceOfficer, OFFICER),
			(Role::KycProvider, KYC_PROVIDER),
			(Role::SanctionsOracle, ORACLE),
			(Role::AmlMonitor, ORACLE),
		],
		sanctions_feed: None,
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext: sp_io::TestExternalities = storage.into();
	ext.execute_with(|| {
		System::set_block_number(1);
		Timestamp::set_timestamp(NOW);
		for set in [&FROZEN_ACCOUNTS, &FROZEN_ISSUERS, &HOLDERS] {
			set.with(|set| set.borrow_mut().clear());
		}
		FROZEN_CLASSES.with(|set| set.borrow_mut().clear());
		PAUSED.with(|set| set.borrow_mut().clear());
	});
	ext
}

/// Runs `f`, then checks the pallet's invariants.
pub fn test(f: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		f();
		Compliance::do_try_state().expect("invariants hold");
	});
}

use sp_runtime::BuildStorage;
