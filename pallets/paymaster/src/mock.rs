//! Test runtime: System, Balances (the fee currency), TransactionPayment (fees to a treasury
//! account) and the paymaster. KYC levels and blocked accounts are steered by the tests.
//! Categories: balance transfers are stablecoin transfers, `System::remark` stands for coupon
//! trading; every other call (the paymaster's own governance calls among them) has none.

use crate as pallet_paymaster;
use crate::types::*;
use frame_support::{
	derive_impl, parameter_types,
	traits::{tokens::imbalance::ResolveTo, ConstU64, ConstU8},
	weights::IdentityFee,
	PalletId,
};
use frame_system::EnsureRoot;
use pallet_compliance::KycLevel;
use pallet_transaction_payment::FungibleAdapter;
use sp_runtime::{traits::AccountIdConversion, BuildStorage};
use std::{
	cell::RefCell,
	collections::{BTreeMap, BTreeSet},
};

pub type AccountId = u64;
pub type Balance = u128;
type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		TransactionPayment: pallet_transaction_payment,
		Paymaster: pallet_paymaster,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
	type ExistentialDeposit = ExistentialDeposit;
}

parameter_types! {
	pub const ExistentialDeposit: Balance = 1_000;
	pub TreasuryAccount: AccountId = 999;
	pub const PaymasterPalletId: PalletId = PalletId(*b"gnx/paym");
}

impl pallet_transaction_payment::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = FungibleAdapter<Balances, ResolveTo<TreasuryAccount, Balances>>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightToFee = IdentityFee<Balance>;
	type LengthToFee = IdentityFee<Balance>;
	type FeeMultiplierUpdate = ();
	type WeightInfo = ();
}

thread_local! {
	static KYC: RefCell<BTreeMap<AccountId, KycLevel>> = RefCell::new(BTreeMap::new());
	static BLOCKED: RefCell<BTreeSet<AccountId>> = RefCell::new(BTreeSet::new());
}

/// Give `who` a KYC level.
pub fn set_kyc(who: AccountId, level: KycLevel) {
	KYC.with(|kyc| kyc.borrow_mut().insert(who, level));
}

/// Sanction or freeze `who`.
pub fn block(who: AccountId) {
	BLOCKED.with(|blocked| blocked.borrow_mut().insert(who));
}

pub struct TestEligibility;
impl SponsorEligibility<AccountId> for TestEligibility {
	fn kyc_level(who: &AccountId) -> KycLevel {
		KYC.with(|kyc| kyc.borrow().get(who).copied().unwrap_or_default())
	}
	fn blocked(who: &AccountId) -> bool {
		BLOCKED.with(|blocked| blocked.borrow().contains(who))
	}
}

pub struct TestCategories;
impl CallCategory<RuntimeCall> for TestCategories {
	fn category(call: &RuntimeCall) -> Option<Category> {
		match call {
			RuntimeCall::Balances(
				pallet_balances::Call::transfer_allow_death { .. }
				| pallet_balances::Call::transfer_keep_alive { .. },
			) => Some(Category::StablecoinTransfers),
			RuntimeCall::System(frame_system::Call::remark { .. }) => Some(Category::CouponTrading),
			_ => None,
		}
	}
}

impl pallet_paymaster::Config for Test {
	type PalletId = PaymasterPalletId;
	type Currency = Balances;
	type CallCategory = TestCategories;
	type Eligibility = TestEligibility;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type SponsoredLongevity = ConstU64<16>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = TestBenchmarkHelper;
}

#[cfg(feature = "runtime-benchmarks")]
pub struct TestBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId, RuntimeCall> for TestBenchmarkHelper {
	fn make_eligible(who: &AccountId, level: KycLevel) {
		set_kyc(*who, level);
	}
	fn sponsored_call(_: &AccountId) -> RuntimeCall {
		RuntimeCall::System(frame_system::Call::remark { remark: vec![] })
	}
}

/// An eligible user (KYC L1), a user without KYC, a blocked user with KYC L3.
pub const USER: AccountId = 1;
pub const NO_KYC: AccountId = 2;
pub const BLOCKED_USER: AccountId = 3;
/// Someone to send to.
pub const OTHER: AccountId = 4;
/// What every account starts with, the paymaster included.
pub const ENDOWMENT: Balance = 1_000_000_000_000;

pub fn paymaster() -> AccountId {
	PaymasterPalletId::get().into_account_truncating()
}

/// The policy of the tests: KYC L1, windows of 10 blocks, 3 transactions and 10^11 of fees per
/// window, 10^10 per transaction, a budget of 10^12 `ref_time` per block, low below 10^11.
pub fn test_policy() -> Policy<Balance, u64> {
	Policy {
		enabled: true,
		min_kyc: KycLevel::L1,
		window: 10,
		max_transactions: 3,
		max_fees: 100_000_000_000,
		max_fee_per_transaction: 10_000_000_000,
		block_weight_budget: 1_000_000_000_000,
		low_balance: 100_000_000_000,
	}
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	KYC.with(|kyc| kyc.borrow_mut().clear());
	BLOCKED.with(|blocked| blocked.borrow_mut().clear());
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![
			(USER, ENDOWMENT),
			(NO_KYC, ENDOWMENT),
			(BLOCKED_USER, ENDOWMENT),
			(TreasuryAccount::get(), ENDOWMENT),
			(paymaster(), ENDOWMENT),
		],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_paymaster::GenesisConfig::<Test> {
		policy: Some(test_policy()),
		categories: Category::ALL.to_vec(),
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		set_kyc(USER, KycLevel::L1);
		set_kyc(BLOCKED_USER, KycLevel::L3);
		block(BLOCKED_USER);
	});
	ext
}
