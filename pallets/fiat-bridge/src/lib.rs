//! # Fiat bridge pallet
//!
//! The only minter and burner of the stablecoins (USDC, USDT): bank money comes in as
//! stablecoin and goes out again through gateway providers (seed §5, §28, §29).
//!
//! - **Providers** (governance): name, priority (primary or backup), status (active, standby,
//!   failed), the attestor accounts whose reports about it count and how many must agree
//!   (k of n), and a minting allowance (a token bucket refilled every block).
//! - **Deposits**: each attestor of a provider attests a deposit the provider received, keyed
//!   by the hash of the provider's reference. Once k attestors attested identical data the
//!   stablecoin is minted, exactly once per `(provider, reference)`; a later attestation is
//!   refused. An attestation that differs raises an incident and disputes the deposit until
//!   governance resolves it. Caps per deposit, the provider's allowance and a daily total per
//!   asset are enforced at the mint. A deposit for an account the compliance gate refuses
//!   (sanctioned, frozen, KYC below `DepositKyc`) is held, not minted, until compliance
//!   releases or returns it; one that arrives while minting is paused is held until it resumes.
//! - **Rates**: the rate oracle (holders of the compliance pallet's `GatewayOperator` role)
//!   quotes US dollars per unit of a currency; a quote is live for `QuoteLifetime` (15 min) and
//!   may move at most `MaxRateDeviation` from the currency's previous quote; governance sets a
//!   currency's first (reference) rate and can force one. Non-USD deposits and withdrawals name
//!   a live quote and convert exactly (see [`types::fiat_to_base`]).
//! - **Withdrawals**: a user escrows stablecoin for a payout to a bank account given as a
//!   hash, through the gate and the Travel Rule (identity hashes at $3,000 or more, recorded
//!   with the compliance pallet). Each gets an idempotency key derived from its id, the same
//!   at every provider, and is assigned to the first available provider (active before standby,
//!   primary before backup). k attestors of that provider report the outcome: paid (the escrow
//!   is burned), failed definitely (it fails over to the next provider not yet tried, and is
//!   refunded once none is left), or not definitely (a timeout: it stays with the same
//!   provider, which is retried with the same key; never a second payout elsewhere).
//! - **Reserves** (§29): k attestors of a provider agree on its statement of what it holds of an
//!   asset. Minting of an asset pauses when the reserves reported are below its total issuance
//!   or a statement that counts is older than `ReserveReportMaxAge`, and resumes on a
//!   sufficient fresh statement; governance can pause and resume too.
//! - Every mint and every withdrawal goes to the compliance pallet's movement log for AML
//!   screening. [`runtime_api::FiatBridgeApi`] answers what apps ask.
//! - **The off-chain worker** (`worker.rs`) is how attestors attest: a node holding an oracle
//!   key (`AttestorSigner`) that attests for a provider with an endpoint (`ProviderEndpoints`)
//!   speaks the bank HTTP contract of `genex_offchain::bridge` to it on every block, within
//!   `BankTimeout` per request: it attests the deposits the bank lists (each reference once, a
//!   cursor in offchain storage; USD at par as the first stablecoin, another currency at a live
//!   quote), sends the pending payouts under their idempotency keys and reports their outcome
//!   (a timeout or a 5xx only ever as "not definite": retried at the same bank, after a lookup
//!   of the key, never failed over), and reports the bank's reserves every
//!   `ReserveReadInterval`. It is an untrusted helper: the chain checks every call it signs.
//!
//! No personal data on chain: bank accounts and identities are hashes.
//!
//! Rules where the design left a choice:
//! - A deposit's data is checked on its own at every attestation (bridged asset, at least the
//!   minimum balance, at most the per-deposit cap, exact conversion with a quote live when the
//!   deposit was *first* attested); allowance and daily total are checked at the mint. A
//!   refused attestation is not stored; the worker tries again later.
//! - The gate sees a deposit as value arriving from outside (`from: None`) with the payer
//!   identified by the provider (the account holder's own bank account), so no identity hashes
//!   are asked; at $3,000 or more the account still needs the Travel Rule's KYC level.
//! - Attestations and reports count only from a provider's current attestors; a provider's
//!   status does not stop its attestors (money it received is credited, payouts assigned to it
//!   are settled). Providers are never removed, only failed.
//! - A payout report of a timeout contradicts nothing (and the same attestor's definite report
//!   replaces it); two different definite outcomes (or two payment references) contest the
//!   attempt, which only governance then decides.
//! - Reserve statements need k agreeing attestors of their provider; a newer statement
//!   supersedes one still being agreed on; a statement of zero does not count for freshness.
//!   The chain compares reserves with supply before each mint (so one mint may overshoot until
//!   the next statement), at each applied statement and in every block's hook.
//! - Fiat amounts are in hundredths of the currency's unit; conversions round down (a deposit
//!   mints at most its worth, a payout pays at most the stablecoin's worth; the remainder of a
//!   withdrawal below one hundredth is burned with it).
//! - Deposits, withdrawals and quotes are kept for good (a reference must never mint twice).
//! - The worker applies each call to its own throwaway state before signing it and sends only
//!   what the chain would accept now. A deposit it cannot attest yet (an allowance or a daily
//!   total exhausted, no live quote) keeps its cursor before it; one the chain refuses for good
//!   (above the per-deposit cap, below the minimum) is logged as an error and passed over,
//!   for people to settle with the bank. A bank's reserves are read per attestor key.
//!
//! - A deposit held while minting was paused settles when someone asks (`retry_deposit`, any
//!   signer) after minting resumes; nothing resubmits it by itself.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod deposits;
#[cfg(any(feature = "try-runtime", test))]
mod invariants;
#[cfg(test)]
mod mock;
mod providers;
mod rates;
mod reserves;
pub mod runtime_api;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;
mod withdrawals;
mod worker;

pub use types::*;
pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{
		pallet_prelude::*,
		traits::{fungibles, UnixTime},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use genex_primitives::oracle::SubmitSigned;
	use pallet_compliance::{
		ComplianceGate, KycLevel, MovementLog, RoleInspect, TravelRuleRecorder,
	};
	use sp_core::H256;
	use sp_runtime::{traits::SaturatedConversion, FixedU128, Permill};

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// A provider of this runtime.
	pub type ProviderOf<T> = Provider<
		<T as frame_system::Config>::AccountId,
		<T as Config>::MaxNameLength,
		<T as Config>::MaxAttestors,
	>;
	/// A deposit of this runtime.
	pub type DepositRecordOf<T> =
		DepositRecord<<T as frame_system::Config>::AccountId, <T as Config>::MaxAttestors>;
	/// Deposit data of this runtime.
	pub type DepositDataOf<T> = DepositData<<T as frame_system::Config>::AccountId>;
	/// A withdrawal of this runtime.
	pub type WithdrawalOf<T> = Withdrawal<
		<T as frame_system::Config>::AccountId,
		<T as Config>::MaxProviders,
		<T as Config>::MaxAttestors,
	>;
	/// A reserve statement being agreed on, in this runtime.
	pub type PendingReserveOf<T> =
		PendingReserve<<T as frame_system::Config>::AccountId, <T as Config>::MaxAttestors>;
	/// Attestor lists of this runtime.
	pub type AttestorsOf<T> =
		BoundedVec<<T as frame_system::Config>::AccountId, <T as Config>::MaxAttestors>;
	/// Provider names of this runtime.
	pub type NameOf<T> = BoundedVec<u8, <T as Config>::MaxNameLength>;
	/// Provider endpoints of this runtime.
	pub type EndpointOf<T> = BoundedVec<u8, <T as Config>::MaxUrlLength>;

	/// Configuration of the fiat bridge pallet.
	#[pallet::config]
	pub trait Config:
		frame_system::Config<
		RuntimeEvent: From<Event<Self>>,
		// Banks name the accounts deposits are for by their 20-byte Ethereum addresses.
		AccountId: From<[u8; 20]>,
	>
	{
		/// The stablecoins (`pallet-assets`); this pallet's account owns them.
		type Assets: fungibles::Mutate<Self::AccountId, AssetId = AssetId, Balance = Balance>;
		/// The compliance gate every mint and withdrawal asks.
		type Gate: ComplianceGate<Self::AccountId>;
		/// Where Travel Rule records of withdrawals at or above the threshold go.
		type TravelRule: TravelRuleRecorder<Self::AccountId>;
		/// The movement log AML screening reads: every mint and every withdrawal is recorded.
		type Movements: MovementLog<Self::AccountId>;
		/// Who holds the `GatewayOperator` role (the rate oracle).
		type Roles: RoleInspect<Self::AccountId>;
		/// Wall-clock time.
		type TimeProvider: UnixTime;
		/// Registers and configures providers, sets limits, resolves disputes, pauses minting.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Releases and returns held deposits (governance or a compliance officer).
		type ComplianceOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// The seed of this pallet's account: the stablecoins' owner and the escrow of
		/// withdrawals.
		#[pallet::constant]
		type PalletId: Get<PalletId>;
		/// The assets bridged (USDC 1, USDT 2).
		#[pallet::constant]
		type Stablecoins: Get<Vec<AssetId>>;
		/// Most providers ever registered.
		#[pallet::constant]
		type MaxProviders: Get<u32>;
		/// Most attestors of one provider.
		#[pallet::constant]
		type MaxAttestors: Get<u32>;
		/// Longest provider name, in bytes.
		#[pallet::constant]
		type MaxNameLength: Get<u32>;
		/// Longest provider endpoint (the base URL of its HTTP API), in bytes.
		#[pallet::constant]
		type MaxUrlLength: Get<u32>;
		/// How long a quote stays live (ms): 15 minutes.
		#[pallet::constant]
		type QuoteLifetime: Get<Moment>;
		/// Most a quote may differ from the currency's previous quote (5 %).
		#[pallet::constant]
		type MaxRateDeviation: Get<Permill>;
		/// How old a reserve statement that counts may be before minting pauses (ms): 24 h.
		#[pallet::constant]
		type ReserveReportMaxAge: Get<Moment>;
		/// Least KYC level an account needs to receive a deposit (L1).
		#[pallet::constant]
		type DepositKyc: Get<KycLevel>;
		/// Signs the attestors' transactions from the node's keystore (the off-chain worker).
		type AttestorSigner: SubmitSigned<Self::AccountId, Call<Self>>;
		/// How long the worker waits for a bank's answer (ms).
		#[pallet::constant]
		type BankTimeout: Get<u64>;
		/// Most deposits one run of the worker lists and attests, per provider.
		#[pallet::constant]
		type MaxDepositsPerRun: Get<u32>;
		/// Most pending payouts one run of the worker handles, per provider.
		#[pallet::constant]
		type MaxPayoutsPerRun: Get<u32>;
		/// How often an attestor's worker reads its provider's reserves and reports them (ms).
		#[pallet::constant]
		type ReserveReadInterval: Get<Moment>;
		/// Weights from the benchmarks.
		type WeightInfo: WeightInfo;

		/// What the benchmarks need from the runtime.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Runtime support for this pallet's benchmarks: KYC, roles and time come from other
	/// pallets.
	#[cfg(feature = "runtime-benchmarks")]
	pub trait BenchmarkHelper<AccountId> {
		/// Sets `who`'s KYC level.
		fn set_kyc(who: &AccountId, level: KycLevel);
		/// Gives `who` the `GatewayOperator` role (the rate oracle).
		fn make_rate_oracle(who: &AccountId);
		/// Sets the wall-clock time, in milliseconds.
		fn set_time(now: Moment);
	}

	/// The id the next provider gets (= how many are registered).
	#[pallet::storage]
	pub type NextProviderId<T: Config> = StorageValue<_, ProviderId, ValueQuery>;

	/// Registered providers.
	#[pallet::storage]
	pub type Providers<T: Config> = StorageMap<_, Twox64Concat, ProviderId, ProviderOf<T>>;

	/// Where each provider's HTTP API answers (its base URL, see `genex_offchain::bridge`): the
	/// attestors' workers poll it for deposits and reserves and send payouts there. A provider
	/// without one is attested by hand only.
	#[pallet::storage]
	pub type ProviderEndpoints<T: Config> = StorageMap<_, Twox64Concat, ProviderId, EndpointOf<T>>;

	/// The providers that take payouts, in the order they are tried: active before standby,
	/// primary before backup, then by id (failed providers are left out).
	#[pallet::storage]
	pub type ProviderOrder<T: Config> =
		StorageValue<_, BoundedVec<ProviderId, T::MaxProviders>, ValueQuery>;

	/// The limits in force (all zero until governance or genesis sets them).
	#[pallet::storage]
	pub type BridgeLimits<T: Config> = StorageValue<_, Limits, ValueQuery>;

	/// What was minted of each asset on the current day.
	#[pallet::storage]
	pub type DailyMinted<T: Config> = StorageMap<_, Twox64Concat, AssetId, DailyTotal, ValueQuery>;

	/// Deposits by provider and the hash of the provider's reference. Kept for good: a
	/// reference is never minted twice.
	#[pallet::storage]
	pub type Deposits<T: Config> =
		StorageDoubleMap<_, Twox64Concat, ProviderId, Identity, H256, DepositRecordOf<T>>;

	/// Total minted of each asset by deposits, ever.
	#[pallet::storage]
	pub type TotalMinted<T: Config> = StorageMap<_, Twox64Concat, AssetId, Balance, ValueQuery>;

	/// Total burned of each asset by paid withdrawals, ever.
	#[pallet::storage]
	pub type TotalBurned<T: Config> = StorageMap<_, Twox64Concat, AssetId, Balance, ValueQuery>;

	/// The id the next quote gets.
	#[pallet::storage]
	pub type NextQuoteId<T: Config> = StorageValue<_, QuoteId, ValueQuery>;

	/// Quotes by id.
	#[pallet::storage]
	pub type Quotes<T: Config> = StorageMap<_, Twox64Concat, QuoteId, Quote>;

	/// The latest quote of each currency (the reference of the next one's deviation check).
	#[pallet::storage]
	pub type LatestQuote<T: Config> = StorageMap<_, Twox64Concat, CurrencyCode, QuoteId>;

	/// The id the next withdrawal gets.
	#[pallet::storage]
	pub type NextWithdrawalId<T: Config> = StorageValue<_, WithdrawalId, ValueQuery>;

	/// Withdrawals by id (kept after they end).
	#[pallet::storage]
	pub type Withdrawals<T: Config> = StorageMap<_, Twox64Concat, WithdrawalId, WithdrawalOf<T>>;

	/// The pending withdrawals assigned to each provider: what its payouts worker must pay.
	#[pallet::storage]
	pub type PendingPayouts<T: Config> =
		StorageDoubleMap<_, Twox64Concat, ProviderId, Twox64Concat, WithdrawalId, (), OptionQuery>;

	/// What this pallet's account holds of each asset for pending withdrawals.
	#[pallet::storage]
	pub type Escrowed<T: Config> = StorageMap<_, Twox64Concat, AssetId, Balance, ValueQuery>;

	/// Each provider's latest agreed reserve statement, by asset.
	#[pallet::storage]
	pub type ReserveReports<T: Config> =
		StorageDoubleMap<_, Twox64Concat, AssetId, Twox64Concat, ProviderId, ReserveReport>;

	/// Reserve statements attestors are still agreeing on, one per asset and provider.
	#[pallet::storage]
	pub type PendingReserves<T: Config> =
		StorageDoubleMap<_, Twox64Concat, AssetId, Twox64Concat, ProviderId, PendingReserveOf<T>>;

	/// The reserves of each asset over all providers.
	#[pallet::storage]
	pub type ReserveSummaries<T: Config> =
		StorageMap<_, Twox64Concat, AssetId, ReserveSummary, ValueQuery>;

	/// Assets whose minting is paused, and why.
	#[pallet::storage]
	pub type MintingPaused<T: Config> = StorageMap<_, Twox64Concat, AssetId, PauseReason>;

	/// A provider at genesis: name, priority, attestors, threshold, allowance.
	pub type GenesisProvider<AccountId> = (Vec<u8>, Priority, Vec<AccountId>, u32, Allowance);

	/// Providers, limits and reference rates the chain starts with.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The limits.
		pub limits: Limits,
		/// The providers, registered in this order (ids 0, 1, …), active.
		pub providers: Vec<GenesisProvider<T::AccountId>>,
		/// Reference rates (US dollars per unit) the rate oracle's first quotes are checked
		/// against.
		pub rates: Vec<(CurrencyCode, FixedU128)>,
		/// The providers' endpoints, by id.
		pub endpoints: Vec<(ProviderId, Vec<u8>)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			BridgeLimits::<T>::put(self.limits);
			for (name, priority, attestors, threshold, allowance) in &self.providers {
				let name = NameOf::<T>::try_from(name.clone()).expect("a genesis name fits");
				let attestors = AttestorsOf::<T>::try_from(attestors.clone())
					.expect("genesis attestors fit MaxAttestors");
				Pallet::<T>::do_register_provider(
					name, *priority, attestors, *threshold, *allowance,
				)
				.expect("genesis providers are valid");
			}
			for (currency, rate) in &self.rates {
				Pallet::<T>::force_rate_at(*currency, *rate, 0).expect("genesis rates are valid");
			}
			for (id, endpoint) in &self.endpoints {
				let endpoint =
					EndpointOf::<T>::try_from(endpoint.clone()).expect("a genesis endpoint fits");
				Pallet::<T>::do_set_provider_endpoint(*id, Some(endpoint))
					.expect("genesis endpoints are valid");
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Governance registered provider `id`.
		ProviderRegistered {
			id: ProviderId,
			name: NameOf<T>,
			priority: Priority,
			attestors: u32,
			threshold: u32,
		},
		/// Governance set a provider's status.
		ProviderStatusSet { id: ProviderId, status: ProviderStatus },
		/// Governance set a provider's attestors and threshold.
		ProviderAttestorsSet { id: ProviderId, attestors: u32, threshold: u32 },
		/// Governance set a provider's minting allowance.
		ProviderAllowanceSet { id: ProviderId, allowance: Allowance },
		/// Governance set a provider's endpoint (`None`: removed).
		ProviderEndpointSet { id: ProviderId, endpoint: Option<EndpointOf<T>> },
		/// Governance set the limits.
		LimitsSet { limits: Limits },
		/// `attestor` attested deposit `reference` of `provider`; `attestations` so far.
		DepositAttested {
			provider: ProviderId,
			reference: H256,
			attestor: T::AccountId,
			attestations: u32,
		},
		/// Incident: `attestor` attested other data (digest `attested`) for a deposit than the
		/// first attestation (digest `expected`). The deposit is disputed.
		AttestationConflict {
			provider: ProviderId,
			reference: H256,
			attestor: T::AccountId,
			expected: H256,
			attested: H256,
		},
		/// A deposit was minted: `amount` of `asset` to `account`.
		DepositMinted {
			provider: ProviderId,
			reference: H256,
			account: T::AccountId,
			asset: AssetId,
			amount: Balance,
		},
		/// A deposit its attestors agreed on was held, not minted (see the reason).
		DepositHeld {
			provider: ProviderId,
			reference: H256,
			account: T::AccountId,
			asset: AssetId,
			amount: Balance,
			reason: HoldReason,
		},
		/// Compliance returned a held deposit: the provider sends the money back.
		DepositReturned {
			provider: ProviderId,
			reference: H256,
			account: T::AccountId,
			fiat_currency: CurrencyCode,
			fiat_amount: u128,
		},
		/// Governance rejected a deposit: the provider sends the money back.
		DepositRejected { provider: ProviderId, reference: H256 },
		/// A rate quote was given (by the rate oracle, or forced by governance).
		RateQuoted {
			quote: QuoteId,
			currency: CurrencyCode,
			usd_per_unit: FixedU128,
			expires_at: Moment,
			forced: bool,
		},
		/// `account` asked to withdraw `amount` of `asset` as `fiat_amount` of
		/// `fiat_currency`; `provider` is to pay it with idempotency key `key`.
		WithdrawalRequested {
			id: WithdrawalId,
			account: T::AccountId,
			asset: AssetId,
			amount: Balance,
			fiat_currency: CurrencyCode,
			fiat_amount: u128,
			provider: ProviderId,
			key: H256,
			travel_rule_record: Option<u64>,
		},
		/// `attestor` reported the outcome of the current payout attempt.
		PayoutReported {
			withdrawal: WithdrawalId,
			provider: ProviderId,
			attestor: T::AccountId,
			outcome: PayoutOutcome,
		},
		/// Incident: attestors contradict each other about a payout; it stays pending until
		/// governance decides.
		PayoutConflict {
			withdrawal: WithdrawalId,
			provider: ProviderId,
			attestor: T::AccountId,
			outcome: PayoutOutcome,
			other: PayoutOutcome,
		},
		/// A payout attempt timed out or ended unknown: the same provider is retried with the
		/// same key (`attempts` so far).
		PayoutAttemptFailed { withdrawal: WithdrawalId, provider: ProviderId, attempts: u32 },
		/// `from` failed the payout definitely; `to` is to pay it now, with the same key.
		PayoutFailedOver { withdrawal: WithdrawalId, from: ProviderId, to: ProviderId },
		/// A withdrawal was paid out; its escrow was burned.
		WithdrawalPaid {
			withdrawal: WithdrawalId,
			provider: ProviderId,
			provider_reference: H256,
			asset: AssetId,
			amount: Balance,
		},
		/// Every provider failed a withdrawal definitely: `amount` went back to `account`.
		WithdrawalRefunded {
			withdrawal: WithdrawalId,
			account: T::AccountId,
			asset: AssetId,
			amount: Balance,
		},
		/// `attestor` reported `provider`'s statement of `asset` reserves.
		ReserveReported {
			asset: AssetId,
			provider: ProviderId,
			attestor: T::AccountId,
			amount: Balance,
			as_of: Moment,
		},
		/// Incident: attestors read different reserve amounts of the same statement; it does
		/// not apply.
		ReserveReportConflict {
			asset: AssetId,
			provider: ProviderId,
			attestor: T::AccountId,
			amount: Balance,
			other: Balance,
			as_of: Moment,
		},
		/// A provider's reserve statement applied: `reserves` is the new total of the asset.
		ReservesUpdated {
			asset: AssetId,
			provider: ProviderId,
			amount: Balance,
			as_of: Moment,
			reserves: Balance,
		},
		/// Incident: reserves are below supply; minting of `asset` is paused.
		ReserveShortfall { asset: AssetId, supply: Balance, reserves: Balance },
		/// Incident: no reserve statement, or one that counts is too old (`as_of`); minting of
		/// `asset` is paused.
		ReservesStale { asset: AssetId, as_of: Option<Moment> },
		/// Governance paused minting of `asset`.
		MintingPausedByGovernance { asset: AssetId },
		/// Minting of `asset` resumed.
		MintingResumed { asset: AssetId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No such provider.
		UnknownProvider,
		/// `MaxProviders` providers are registered already.
		TooManyProviders,
		/// A provider's name must not be empty.
		EmptyName,
		/// An endpoint must be an `http://` or `https://` URL of printable ASCII.
		InvalidEndpoint,
		/// The threshold must be at least 1 and at most the number of attestors.
		InvalidThreshold,
		/// An attestor is listed twice.
		DuplicateAttestor,
		/// The caller is not an attestor of that provider.
		NotAttestor,
		/// This attestor already attested this deposit or statement.
		AlreadyAttested,
		/// The deposit was minted, held, returned or rejected already.
		AlreadySettled,
		/// No such deposit.
		UnknownDeposit,
		/// The deposit is not held.
		NotHeld,
		/// The deposit is neither held while minting was paused nor agreed but unsettled.
		NothingToRetry,
		/// The asset is not a bridged stablecoin.
		NotBridged,
		/// An amount of zero.
		ZeroAmount,
		/// The amount is below the asset's minimum balance.
		BelowMinimum,
		/// The deposit is larger than the per-deposit cap.
		DepositTooLarge,
		/// The mint would exceed the asset's daily total.
		DailyLimitExceeded,
		/// The provider's minting allowance does not cover the deposit now (it refills every
		/// block).
		AllowanceExceeded,
		/// Minting of the asset is paused.
		MintingIsPaused,
		/// The stablecoin amount is not the fiat amount converted at the quote's rate.
		AmountMismatch,
		/// Not an ISO 4217 code (three upper-case letters).
		InvalidCurrency,
		/// A non-USD amount must name a quote.
		QuoteRequired,
		/// USD converts at par: no quote.
		QuoteNotNeeded,
		/// No such quote.
		UnknownQuote,
		/// The quote is of another currency.
		QuoteCurrencyMismatch,
		/// The quote was not live (15 minutes from its creation) when it was needed.
		QuoteExpired,
		/// The caller is not the rate oracle (`GatewayOperator`).
		NotRateOracle,
		/// USD is the unit of account: it has no rate.
		UsdHasNoRate,
		/// A rate of zero.
		ZeroRate,
		/// The currency has no rate yet: governance sets the first one.
		NoReferenceRate,
		/// The rate differs from the previous quote by more than `MaxRateDeviation`.
		RateDeviationTooLarge,
		/// The withdrawal is larger than the per-withdrawal cap.
		WithdrawalTooLarge,
		/// The amount is worth less than one fiat minor unit.
		AmountTooSmall,
		/// No provider takes payouts.
		NoProvider,
		/// No such withdrawal.
		UnknownWithdrawal,
		/// The withdrawal was paid or refunded already.
		WithdrawalFinal,
		/// The withdrawal is not assigned to that provider.
		NotAssignedProvider,
		/// This attestor already reported on the current payout attempt (a timeout it reported
		/// can only be followed by a definite outcome).
		AlreadyReported,
		/// Governance decides only definite outcomes (paid, or failed for good).
		IndefiniteOutcome,
		/// The statement's date is ahead of the chain's clock.
		ReportFromFuture,
		/// A statement of this date or a newer one exists already.
		StaleReport,
		/// Minting of the asset is not paused by governance.
		NotPausedByGovernance,
		/// A number overflows.
		Overflow,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Pauses minting of an asset whose reserves fell short or went stale (and resumes it
		/// when they recovered), from the previous block's time.
		fn on_initialize(block: BlockNumberFor<T>) -> Weight {
			// The timestamp of block 1 is not set before its inherent runs.
			if block <= 1u32.into() {
				return T::DbWeight::get().reads(1);
			}
			Self::do_watch_reserves(Self::now());
			T::WeightInfo::watch_reserves()
		}

		/// The attestors' worker: deposits, payouts and reserves at each provider this node
		/// attests for (see `worker.rs`).
		fn offchain_worker(block: BlockNumberFor<T>) {
			Self::bridge_worker(block);
		}

		fn integrity_test() {
			let stablecoins = T::Stablecoins::get();
			assert!(!stablecoins.is_empty(), "the bridge bridges a stablecoin");
			for (i, asset) in stablecoins.iter().enumerate() {
				assert!(!stablecoins[..i].contains(asset), "each stablecoin is listed once");
			}
			assert!(T::MaxProviders::get() > 0, "a provider can be registered");
			assert!(T::MaxAttestors::get() > 0, "a provider has an attestor");
			assert!(T::MaxNameLength::get() > 0, "a provider has a name");
			assert!(T::QuoteLifetime::get() > 0, "a quote is live for a while");
			assert!(T::ReserveReportMaxAge::get() > 0, "a reserve statement is fresh for a while");
			assert!(T::BankTimeout::get() > 0, "a bank has time to answer");
			assert!(
				(1..=genex_offchain::bridge::MAX_PAGE_LIMIT).contains(&T::MaxDepositsPerRun::get()),
				"a run lists at least one deposit, at most a bank's page"
			);
			assert!(T::MaxPayoutsPerRun::get() > 0, "a run handles a payout");
			assert!(T::ReserveReadInterval::get() > 0, "reserves are read at an interval");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Register a provider (governance): its name, priority, attestors (distinct) and how
		/// many of them must agree (1 ≤ k ≤ n), and its minting allowance (the bucket starts
		/// full). It starts active and gets the next id.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_provider(attestors.len() as u32))]
		pub fn register_provider(
			origin: OriginFor<T>,
			name: NameOf<T>,
			priority: Priority,
			attestors: AttestorsOf<T>,
			threshold: u32,
			allowance: Allowance,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_register_provider(name, priority, attestors, threshold, allowance).map(|_| ())
		}

		/// Set a provider's status (governance). A failed provider takes no new payouts;
		/// withdrawals already assigned to it stay until its attestors report a definite
		/// outcome (moving them could pay twice).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::set_provider_status())]
		pub fn set_provider_status(
			origin: OriginFor<T>,
			id: ProviderId,
			status: ProviderStatus,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_provider_status(id, status)
		}

		/// Replace a provider's attestors and threshold (governance). Attestations and reports
		/// of accounts no longer listed stop counting.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_provider_attestors(attestors.len() as u32))]
		pub fn set_provider_attestors(
			origin: OriginFor<T>,
			id: ProviderId,
			attestors: AttestorsOf<T>,
			threshold: u32,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_provider_attestors(id, attestors, threshold)
		}

		/// Set a provider's minting allowance (governance); what its bucket holds is kept, at
		/// most the new capacity.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_provider_allowance())]
		pub fn set_provider_allowance(
			origin: OriginFor<T>,
			id: ProviderId,
			allowance: Allowance,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_provider_allowance(id, allowance)
		}

		/// Set the per-deposit and per-withdrawal caps and the daily mint total per asset
		/// (governance).
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::set_limits())]
		pub fn set_limits(origin: OriginFor<T>, limits: Limits) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_limits(limits);
			Ok(())
		}

		/// Attest that `provider` received a deposit, identified by the hash of the provider's
		/// reference (an attestor of the provider, once per deposit). When k attestors attested
		/// identical data the deposit is minted (or held, see [`HoldReason`]); data that
		/// differs from the first attestation disputes it. Refused when the deposit is
		/// settled, the data is invalid, or the mint it would trigger exceeds a cap, the
		/// allowance or the daily total (try again later).
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::attest_deposit())]
		pub fn attest_deposit(
			origin: OriginFor<T>,
			provider: ProviderId,
			reference: H256,
			deposit: DepositDataOf<T>,
		) -> DispatchResult {
			let attestor = ensure_signed(origin)?;
			Self::do_attest_deposit(attestor, provider, reference, deposit)
		}

		/// Resolve a pending or disputed deposit (governance): `Some(data)` settles it with
		/// that data through the checks an attestation passes (quotes as of its first
		/// attestation; held if the gate refuses or minting is paused); `None` rejects it (the
		/// provider returns the money).
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::resolve_deposit())]
		pub fn resolve_deposit(
			origin: OriginFor<T>,
			provider: ProviderId,
			reference: H256,
			deposit: Option<DepositDataOf<T>>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_resolve_deposit(provider, reference, deposit)
		}

		/// Release a held deposit (compliance): the gate must allow the account now; then it
		/// mints (or stays held while minting is paused).
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::release_deposit())]
		pub fn release_deposit(
			origin: OriginFor<T>,
			provider: ProviderId,
			reference: H256,
		) -> DispatchResult {
			T::ComplianceOrigin::ensure_origin(origin)?;
			Self::do_release_deposit(provider, reference)
		}

		/// Return a held deposit (compliance): it is never minted; the provider sends the money
		/// back.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::return_deposit())]
		pub fn return_deposit(
			origin: OriginFor<T>,
			provider: ProviderId,
			reference: H256,
		) -> DispatchResult {
			T::ComplianceOrigin::ensure_origin(origin)?;
			Self::do_return_deposit(provider, reference)
		}

		/// Settle again a deposit held while minting was paused, or one whose agreeing
		/// attestations reach the threshold without having settled (after a threshold change).
		/// Anyone may ask: it mints only what k attestors agreed on, through every check.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::retry_deposit())]
		pub fn retry_deposit(
			origin: OriginFor<T>,
			provider: ProviderId,
			reference: H256,
		) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_retry_deposit(provider, reference)
		}

		/// Quote US dollars per unit of `currency` (the rate oracle: a `GatewayOperator`). The
		/// quote is live for `QuoteLifetime` and may differ from the currency's previous quote
		/// by at most `MaxRateDeviation`.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::submit_rate())]
		pub fn submit_rate(
			origin: OriginFor<T>,
			currency: CurrencyCode,
			usd_per_unit: FixedU128,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(
				T::Roles::has_role(pallet_compliance::Role::GatewayOperator, &who),
				Error::<T>::NotRateOracle
			);
			Self::do_submit_rate(currency, usd_per_unit).map(|_| ())
		}

		/// Set a currency's rate without the deviation check (governance): its first
		/// (reference) rate, or after a market move the oracle may not follow.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::force_rate())]
		pub fn force_rate(
			origin: OriginFor<T>,
			currency: CurrencyCode,
			usd_per_unit: FixedU128,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_force_rate(currency, usd_per_unit).map(|_| ())
		}

		/// Withdraw `amount` of stablecoin `asset` to the bank account whose hash is
		/// `bank_account`, paid in `fiat_currency` (non-USD: at live quote `quote`; the fiat
		/// amount is rounded down). The gate checks the caller; at or above the Travel Rule
		/// threshold `travel_rule` (originator and beneficiary identity hashes) is required and
		/// recorded. The amount is escrowed and the first available provider is to pay it.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::request_withdrawal())]
		pub fn request_withdrawal(
			origin: OriginFor<T>,
			asset: AssetId,
			#[pallet::compact] amount: Balance,
			bank_account: H256,
			fiat_currency: CurrencyCode,
			quote: Option<QuoteId>,
			travel_rule: Option<(H256, H256)>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_request_withdrawal(
				who,
				asset,
				amount,
				bank_account,
				fiat_currency,
				quote,
				travel_rule,
			)
			.map(|_| ())
		}

		/// Report the outcome of the current payout attempt of `withdrawal` at `provider` (an
		/// attestor of the provider it is assigned to, once per attempt; a timeout it reported
		/// may be replaced by the definite outcome it learns later). k agreeing reports decide:
		/// paid burns the escrow; failed definitely fails over to the next provider or refunds;
		/// a timeout only counts an attempt. Contradicting reports leave it to governance.
		#[pallet::call_index(13)]
		#[pallet::weight(
			T::WeightInfo::report_payout_paid().max(T::WeightInfo::report_payout_refunded())
		)]
		pub fn report_payout(
			origin: OriginFor<T>,
			withdrawal: WithdrawalId,
			provider: ProviderId,
			outcome: PayoutOutcome,
		) -> DispatchResult {
			let attestor = ensure_signed(origin)?;
			Self::do_report_payout(attestor, withdrawal, provider, outcome)
		}

		/// Decide the current payout attempt of a pending withdrawal (governance), e.g. after
		/// contradicting reports: paid, or failed definitely at the assigned provider.
		#[pallet::call_index(14)]
		#[pallet::weight(
			T::WeightInfo::report_payout_paid().max(T::WeightInfo::report_payout_refunded())
		)]
		pub fn resolve_payout(
			origin: OriginFor<T>,
			withdrawal: WithdrawalId,
			outcome: PayoutOutcome,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_resolve_payout(withdrawal, outcome)
		}

		/// Report `provider`'s statement of what it holds for `asset` as of `as_of` (an
		/// attestor of the provider, once per statement). When k attestors read the same
		/// amount it replaces the provider's previous statement and minting pauses or resumes
		/// accordingly; different amounts are an incident and the statement does not apply.
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::report_reserves())]
		pub fn report_reserves(
			origin: OriginFor<T>,
			provider: ProviderId,
			asset: AssetId,
			amount: Balance,
			as_of: Moment,
		) -> DispatchResult {
			let attestor = ensure_signed(origin)?;
			Self::do_report_reserves(attestor, provider, asset, amount, as_of)
		}

		/// Pause (`true`) or resume (`false`) minting of `asset` (governance). Resuming checks
		/// the reserves at once: short or stale reserves keep it paused.
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::set_minting_paused())]
		pub fn set_minting_paused(
			origin: OriginFor<T>,
			asset: AssetId,
			paused: bool,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_minting_paused(asset, paused)
		}

		/// Set or remove a provider's endpoint, the base URL of its HTTP API (governance):
		/// `http://` or `https://`, printable ASCII. The attestors' workers use it from the next
		/// block.
		#[pallet::call_index(17)]
		#[pallet::weight(T::WeightInfo::set_provider_endpoint())]
		pub fn set_provider_endpoint(
			origin: OriginFor<T>,
			id: ProviderId,
			endpoint: Option<EndpointOf<T>>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_provider_endpoint(id, endpoint)
		}
	}

	impl<T: Config> Pallet<T> {
		/// This pallet's account: the stablecoins' owner and the withdrawals' escrow.
		pub fn account_id() -> T::AccountId {
			use sp_runtime::traits::AccountIdConversion;
			T::PalletId::get().into_account_truncating()
		}

		/// Whether `asset` is a bridged stablecoin.
		pub fn is_bridged(asset: AssetId) -> bool {
			T::Stablecoins::get().contains(&asset)
		}

		/// Milliseconds since the Unix epoch.
		pub(crate) fn now() -> Moment {
			T::TimeProvider::now().as_millis().saturated_into()
		}

		/// The current block number.
		pub(crate) fn block() -> u32 {
			frame_system::Pallet::<T>::block_number().saturated_into()
		}
	}
}
