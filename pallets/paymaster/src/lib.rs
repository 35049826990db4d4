//! # Paymaster pallet
//!
//! The platform pays its users' transaction fees (seed §5, "Gas代付"), so an account that holds
//! only stablecoin and coupons can trade, give and redeem without ever holding GNX.
//!
//! - **The extension** [`ChargeSponsored`] takes the place of `ChargeTransactionPayment` in the
//!   runtime's transaction extensions. It encodes exactly as `ChargeTransactionPayment` (one
//!   compact tip) under the same identifier, so wallets, polkadot-js, PAPI and subxt sign
//!   transactions as before. For each signed transaction it decides who pays:
//!   - the paymaster's account (`PalletId`, funded with GNX by the platform) when the policy is
//!     on, the call's category is sponsored ([`CallCategory`], wired by the runtime: never a
//!     governance call, never a call wrapped in `utility`, `proxy`, `multisig` or `sudo`), the
//!     signer is eligible ([`SponsorEligibility`]: KYC at least the policy's level, neither
//!     sanctioned nor frozen) and its quota allows;
//!   - otherwise the signer, exactly as `ChargeTransactionPayment` does.
//! - **Quotas**: per account and window (`Policy::window` blocks from the account's first
//!   sponsored transaction of the window), at most `max_transactions` sponsored transactions and
//!   `max_fees` of sponsored fees; at most `max_fee_per_transaction` per transaction; at most
//!   `block_weight_budget` of sponsored weight per block (further sponsored transactions wait for
//!   the next block: `ExhaustsResources`, not banned). An eligible account whose quota is spent
//!   is refused when the pool validates the transaction, with a custom code
//!   ([`QUOTA_TRANSACTIONS_SPENT`], [`QUOTA_FEES_SPENT`], [`FEE_ABOVE_CAP`]), and is not charged.
//!   A sponsored transaction with a tip is refused ([`TIP_ON_SPONSORED`]).
//! - **After dispatch** the unused part of the estimated fee goes back to the paymaster and to the
//!   account's quota; a failed dispatch still counts. Each sponsored fee is an event
//!   ([`Event::FeeSponsored`]: who, fee).
//! - **Running low**: when the paymaster's balance falls below `Policy::low_balance` it raises
//!   [`Event::PaymasterLow`] (once, until it is refilled above the mark). When it cannot pay a fee
//!   the signer pays instead; if the signer cannot either, the transaction is refused with
//!   [`PAYMASTER_EMPTY`].
//! - Priority is computed as if the fee were paid (the same as `ChargeTransactionPayment`), and
//!   sponsored transactions live `SponsoredLongevity` blocks in the pool, so a flood of
//!   consecutive nonces does not sit there.
//! - Governance sets the policy ([`Pallet::set_policy`]) and which categories are sponsored
//!   ([`Pallet::set_category`]); [`runtime_api::PaymasterApi`] tells apps an account's status.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod extension;
mod functions;
#[cfg(test)]
mod mock;
pub mod runtime_api;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use extension::ChargeSponsored;
pub use types::*;
pub use weights::WeightInfo;

/// The balance type fees are paid in.
pub type BalanceOf<T> = <<T as pallet_transaction_payment::Config>::OnChargeTransaction as pallet_transaction_payment::OnChargeTransaction<T>>::Balance;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{pallet_prelude::*, traits::fungible, PalletId};
	use frame_system::pallet_prelude::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// The policy as stored.
	pub type PolicyOf<T> = Policy<BalanceOf<T>, BlockNumberFor<T>>;
	/// An account's usage as stored.
	pub type UsageOf<T> = Usage<BalanceOf<T>, BlockNumberFor<T>>;

	#[pallet::config]
	pub trait Config:
		frame_system::Config<RuntimeEvent: From<Event<Self>>> + pallet_transaction_payment::Config
	{
		/// The paymaster's account is derived from this id.
		#[pallet::constant]
		type PalletId: Get<PalletId>;
		/// The fee currency, to read the paymaster's balance.
		type Currency: fungible::Inspect<Self::AccountId, Balance = BalanceOf<Self>>;
		/// Which calls are sponsored, by category.
		type CallCategory: CallCategory<<Self as frame_system::Config>::RuntimeCall>;
		/// Who may be sponsored.
		type Eligibility: SponsorEligibility<Self::AccountId>;
		/// Sets the policy and the categories.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// How many blocks a sponsored transaction stays valid in the pool.
		#[pallet::constant]
		type SponsoredLongevity: Get<u64>;
		/// Weights from the benchmarks.
		type WeightInfo: WeightInfo;

		/// Sets up the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<
			Self::AccountId,
			<Self as frame_system::Config>::RuntimeCall,
		>;
	}

	/// What the benchmarks need from the runtime.
	#[cfg(feature = "runtime-benchmarks")]
	pub trait BenchmarkHelper<AccountId, Call> {
		/// Make `who` eligible (KYC at the level given, not blocked).
		fn make_eligible(who: &AccountId, level: pallet_compliance::KycLevel);
		/// A call of a sponsored category, signed by `who`.
		fn sponsored_call(who: &AccountId) -> Call;
	}

	/// The policy in force (sponsorship is off until one is set).
	#[pallet::storage]
	pub type CurrentPolicy<T: Config> = StorageValue<_, PolicyOf<T>, ValueQuery>;

	/// The categories whose calls are sponsored.
	#[pallet::storage]
	pub type SponsoredCategories<T: Config> =
		StorageMap<_, Twox64Concat, Category, (), OptionQuery>;

	/// Each account's usage of its current window.
	#[pallet::storage]
	pub type Quotas<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, UsageOf<T>, OptionQuery>;

	/// Sponsored weight of the block being built.
	#[pallet::storage]
	pub type SponsoredThisBlock<T: Config> =
		StorageValue<_, BlockUsage<BlockNumberFor<T>>, ValueQuery>;

	/// `PaymasterLow` was raised and the balance has not been back above the mark since.
	#[pallet::storage]
	pub type LowRaised<T: Config> = StorageValue<_, bool, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The paymaster paid `fee` for a transaction of `who` (the fee finally charged, after
		/// the refund of what the transaction did not use).
		FeeSponsored { who: T::AccountId, fee: BalanceOf<T> },
		/// The paymaster's free balance fell below the policy's low mark.
		PaymasterLow { balance: BalanceOf<T> },
		/// Governance set a new policy.
		PolicySet { policy: PolicyOf<T> },
		/// Governance switched sponsorship of a category on or off.
		CategorySet { category: Category, sponsored: bool },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The policy is inconsistent: an enabled policy needs a window of at least one block,
		/// at least one transaction, a cap per transaction no larger than the fee quota, and a
		/// block budget above zero.
		InvalidPolicy,
	}

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The policy at genesis (`None`: sponsorship off).
		pub policy: Option<PolicyOf<T>>,
		/// The categories sponsored at genesis.
		pub categories: Vec<Category>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			if let Some(policy) = self.policy {
				assert!(Pallet::<T>::policy_is_valid(&policy), "the genesis policy is valid");
				CurrentPolicy::<T>::put(policy);
			}
			for category in &self.categories {
				SponsoredCategories::<T>::insert(category, ());
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::SponsoredLongevity::get() > 0, "sponsored transactions live a block");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Set the sponsorship policy (governance): whether it is on, the KYC level it needs,
		/// the quota window and its limits, the cap per transaction, the per-block budget and the
		/// low-balance mark. Usage already recorded stays; the new limits apply to it.
		#[pallet::call_index(0)]
		#[pallet::weight(<T as Config>::WeightInfo::set_policy())]
		pub fn set_policy(origin: OriginFor<T>, policy: PolicyOf<T>) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_policy(policy)
		}

		/// Switch sponsorship of a category of calls on or off (governance).
		#[pallet::call_index(1)]
		#[pallet::weight(<T as Config>::WeightInfo::set_category())]
		pub fn set_category(
			origin: OriginFor<T>,
			category: Category,
			sponsored: bool,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_category(category, sponsored);
			Ok(())
		}
	}
}
