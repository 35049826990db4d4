//! The paymaster: the platform pays the fees of the exchange's calls for accounts with KYC,
//! within quotas (`pallet-paymaster`, through its `ChargeSponsored` extension).

use frame_support::{parameter_types, PalletId};
use pallet_compliance::{ComplianceGate, FreezeInspect, KycLevel};
use pallet_paymaster::{CallCategory, Category, SponsorEligibility};
use sp_runtime::traits::AccountIdConversion;

use super::GovernanceOrigin;
use crate::{AccountId, Balances, Compliance, Freeze, Runtime, RuntimeCall};

parameter_types! {
	/// The paymaster's account, funded with GNX by the platform.
	pub const PaymasterPalletId: PalletId = PalletId(*b"gnx/paym");
	pub PaymasterAccount: AccountId = PaymasterPalletId::get().into_account_truncating();
}

/// The exchange's own calls, by category. Everything else answers `None`: governance and
/// operator calls, issuers' calls, and the wrappers (`utility`, `multisig`, `sudo`, the
/// council), so that nothing wrapped in them is ever sponsored.
pub struct ExchangeCalls;
impl CallCategory<RuntimeCall> for ExchangeCalls {
	fn category(call: &RuntimeCall) -> Option<Category> {
		use pallet_fiat_bridge::Call as Bridge;
		use pallet_redemption::Call as Redemption;
		use pallet_settlement::Call as Settlement;
		match call {
			RuntimeCall::Settlement(Settlement::place_order { .. })
			| RuntimeCall::Settlement(Settlement::cancel_order { .. }) => Some(Category::CouponTrading),
			RuntimeCall::Settlement(Settlement::transfer_coupons { .. }) => {
				Some(Category::P2pTransfers)
			},
			RuntimeCall::Settlement(Settlement::transfer_stablecoin { .. }) => {
				Some(Category::StablecoinTransfers)
			},
			RuntimeCall::Settlement(Settlement::refund_primary { .. })
			| RuntimeCall::Settlement(Settlement::open_dispute { .. }) => Some(Category::Refunds),
			RuntimeCall::Redemption(Redemption::redeem { .. })
			| RuntimeCall::Redemption(Redemption::redeem_voucher { .. }) => Some(Category::Redemption),
			RuntimeCall::FiatBridge(Bridge::request_withdrawal { .. }) => {
				Some(Category::BridgeWithdrawals)
			},
			_ => None,
		}
	}
}

/// Eligibility from the compliance gate (KYC level, expired levels count as L0) and the
/// sanctions list and freezes.
pub struct GateEligibility;
impl SponsorEligibility<AccountId> for GateEligibility {
	fn kyc_level(who: &AccountId) -> KycLevel {
		<Compliance as ComplianceGate<AccountId>>::kyc_level(who)
	}
	fn blocked(who: &AccountId) -> bool {
		Compliance::is_sanctioned(who) || <Freeze as FreezeInspect<AccountId>>::account_frozen(who)
	}
}

impl pallet_paymaster::Config for Runtime {
	type PalletId = PaymasterPalletId;
	type Currency = Balances;
	type CallCategory = ExchangeCalls;
	type Eligibility = GateEligibility;
	type GovernanceOrigin = GovernanceOrigin;
	/// A sponsored transaction waits at most 32 blocks (about a minute) in the pool.
	type SponsoredLongevity = frame_support::traits::ConstU64<32>;
	type WeightInfo = pallet_paymaster::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = PaymasterBenchmarkHelper;
}

/// Benchmark setup through the real pallets.
#[cfg(feature = "runtime-benchmarks")]
pub struct PaymasterBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_paymaster::BenchmarkHelper<AccountId, RuntimeCall> for PaymasterBenchmarkHelper {
	fn make_eligible(who: &AccountId, level: KycLevel) {
		<super::settlement::SettlementBenchmarkHelper as pallet_settlement::BenchmarkHelper<
			AccountId,
		>>::set_kyc(who, level)
	}

	fn sponsored_call(_: &AccountId) -> RuntimeCall {
		RuntimeCall::Settlement(pallet_settlement::Call::transfer_stablecoin {
			asset: crate::USDC_ASSET_ID,
			to: AccountId::from([7u8; 20]),
			amount: crate::DOLLARS,
			travel_rule: None,
		})
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::{configs::FiatBridgePalletId, USDC_ASSET_ID};

	fn transfer() -> RuntimeCall {
		RuntimeCall::Settlement(pallet_settlement::Call::transfer_stablecoin {
			asset: USDC_ASSET_ID,
			to: AccountId::from([7u8; 20]),
			amount: 1,
			travel_rule: None,
		})
	}

	#[test]
	fn wrapped_and_governance_calls_are_never_sponsored() {
		assert_eq!(ExchangeCalls::category(&transfer()), Some(Category::StablecoinTransfers));
		let wrapped = [
			RuntimeCall::Utility(pallet_utility::Call::batch { calls: vec![transfer()] }),
			RuntimeCall::Utility(pallet_utility::Call::batch_all { calls: vec![transfer()] }),
			RuntimeCall::Utility(pallet_utility::Call::force_batch { calls: vec![transfer()] }),
			RuntimeCall::Utility(pallet_utility::Call::as_derivative {
				index: 0,
				call: Box::new(transfer()),
			}),
			RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(transfer()) }),
			RuntimeCall::Multisig(pallet_multisig::Call::as_multi_threshold_1 {
				other_signatories: vec![AccountId::from([8u8; 20])],
				call: Box::new(transfer()),
			}),
		];
		for call in wrapped {
			assert_eq!(ExchangeCalls::category(&call), None, "{call:?}");
		}
		let governance = [
			RuntimeCall::Paymaster(pallet_paymaster::Call::set_category {
				category: Category::Redemption,
				sponsored: true,
			}),
			RuntimeCall::Compliance(pallet_compliance::Call::remove_role {
				role: pallet_compliance::Role::Guardian,
				who: AccountId::from([9u8; 20]),
			}),
			RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
				dest: AccountId::from([9u8; 20]),
				value: 1,
			}),
		];
		for call in governance {
			assert_eq!(ExchangeCalls::category(&call), None, "{call:?}");
		}
	}

	#[test]
	fn the_paymaster_has_its_own_account() {
		let bridge: AccountId = FiatBridgePalletId::get().into_account_truncating();
		assert_ne!(PaymasterAccount::get(), bridge);
	}
}
