//! Providers, limits, deposits, quotes, withdrawals and reserves, and the integer rules that
//! convert between fiat and stablecoin.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use pallet_compliance::Denial;
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::{helpers_128bit::multiply_by_rational_with_rounding, FixedU128, Rounding};

/// Stablecoin base units (6 decimals).
pub type Balance = u128;
/// A stablecoin's `pallet-assets` id (USDC 1, USDT 2).
pub type AssetId = u32;
/// Milliseconds since the Unix epoch.
pub type Moment = u64;
/// A gateway provider's id (sequential, never reused).
pub type ProviderId = u32;
/// A rate quote's id (sequential).
pub type QuoteId = u64;
/// A withdrawal's id (sequential).
pub type WithdrawalId = u64;
/// Days since the Unix epoch (UTC): the period of the daily mint total.
pub type Day = u64;
/// An ISO 4217 currency code, three upper-case ASCII letters (`*b"USD"`).
pub type CurrencyCode = [u8; 3];

/// US dollars: stablecoins are at par with them, no quote needed.
pub const USD: CurrencyCode = *b"USD";
/// One day in milliseconds.
pub const DAY_MS: Moment = 86_400_000;
/// How far ahead of the chain's clock a reserve statement's date may be (a bank's clock and the
/// block timestamp drift a little): one minute.
pub const MAX_CLOCK_DRIFT_MS: Moment = 60_000;
/// Stablecoin base units (10⁻⁶) in one fiat minor unit (10⁻², a cent) at par.
pub const BASE_UNITS_PER_MINOR_UNIT: Balance = 10_000;
/// `FixedU128`'s accuracy (10¹⁸) divided by [`BASE_UNITS_PER_MINOR_UNIT`]: base units =
/// minor units × rate's inner value / this.
const RATE_DIVISOR: u128 = 100_000_000_000_000;
/// Domain of withdrawal idempotency keys.
pub const WITHDRAWAL_KEY_DOMAIN: &str = "genex/withdrawal";

/// The idempotency key of withdrawal `id`: `blake2_256` of the SCALE encoding of
/// `("genex/withdrawal", id)` (a compact length 16, the 16 bytes, `id` as little-endian u64).
/// Every payout attempt of the withdrawal, at every provider, carries it, so a provider pays a
/// retried instruction once.
pub fn idempotency_key(id: WithdrawalId) -> H256 {
	H256(sp_io::hashing::blake2_256(&(WITHDRAWAL_KEY_DOMAIN, id).encode()))
}

/// Whether `code` looks like an ISO 4217 code: three upper-case ASCII letters.
pub fn is_currency_code(code: &CurrencyCode) -> bool {
	code.iter().all(u8::is_ascii_uppercase)
}

/// Stablecoin base units worth `fiat_minor` minor units (hundredths) of a currency quoted at
/// `usd_per_unit`: `⌊fiat_minor × 10⁴ × rate⌋`, exact integer arithmetic (256-bit
/// intermediate), rounded down. `None` on overflow.
pub fn fiat_to_base(fiat_minor: u128, usd_per_unit: FixedU128) -> Option<Balance> {
	multiply_by_rational_with_rounding(
		fiat_minor,
		usd_per_unit.into_inner(),
		RATE_DIVISOR,
		Rounding::Down,
	)
}

/// Fiat minor units (hundredths) of a currency quoted at `usd_per_unit` that `amount` base
/// units buy: `⌊amount / (10⁴ × rate)⌋`, exact integer arithmetic, rounded down (the payout
/// never exceeds the stablecoin's worth). `None` for a zero rate or on overflow.
pub fn base_to_fiat(amount: Balance, usd_per_unit: FixedU128) -> Option<u128> {
	multiply_by_rational_with_rounding(
		amount,
		RATE_DIVISOR,
		usd_per_unit.into_inner(),
		Rounding::Down,
	)
}

/// A provider's place in the failover order.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
pub enum Priority {
	/// Tried first (the seed's `primary_bank`).
	Primary,
	/// Tried when no primary can serve (the seed's `backup_processor`).
	Backup,
}

/// Whether a provider takes new payouts.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum ProviderStatus {
	/// Serving: takes new payouts before any standby provider.
	Active,
	/// A hot spare: takes payouts when no active provider is left to try.
	Standby,
	/// Out of service: assigned no new payouts (deposits it confirms are still credited).
	Failed,
}

/// A provider's minting allowance: a token bucket of `capacity` base units, refilled by
/// `refill_per_block` every block, that each mint of a deposit it confirms drains.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct Allowance {
	/// Most the bucket holds (and the largest burst of mints).
	pub capacity: Balance,
	/// Added back every block, up to `capacity`.
	pub refill_per_block: Balance,
}

/// What a provider's bucket held at a block.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct Bucket {
	/// Base units left to mint.
	pub level: Balance,
	/// The block `level` was measured at.
	pub at: u32,
}

impl Bucket {
	/// What the bucket holds at `block`: `level` plus the refill of the blocks since, at most
	/// the capacity.
	pub fn level_at(&self, allowance: &Allowance, block: u32) -> Balance {
		let elapsed = Balance::from(block.saturating_sub(self.at));
		self.level
			.saturating_add(allowance.refill_per_block.saturating_mul(elapsed))
			.min(allowance.capacity)
	}
}

/// A gateway provider (a bank or payment processor) and the accounts that attest what it
/// reports.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(MaxName, MaxAttestors))]
#[codec(mel_bound(AccountId: MaxEncodedLen))]
pub struct Provider<
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxName: Get<u32>,
	MaxAttestors: Get<u32>,
> {
	/// Display name (e.g. `primary_bank`).
	pub name: BoundedVec<u8, MaxName>,
	/// Primary or backup.
	pub priority: Priority,
	/// Active, standby or failed.
	pub status: ProviderStatus,
	/// The accounts whose attestations about this provider count (distinct).
	pub attestors: BoundedVec<AccountId, MaxAttestors>,
	/// How many of them must agree (k of n).
	pub threshold: u32,
	/// The minting allowance.
	pub allowance: Allowance,
	/// Where the allowance's bucket stands.
	pub bucket: Bucket,
}

impl<AccountId, MaxName, MaxAttestors> Provider<AccountId, MaxName, MaxAttestors>
where
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxName: Get<u32>,
	MaxAttestors: Get<u32>,
{
	/// Whether `who` attests for this provider.
	pub fn is_attestor(&self, who: &AccountId) -> bool {
		self.attestors.contains(who)
	}

	/// What the provider may still mint at `block`.
	pub fn available(&self, block: u32) -> Balance {
		self.bucket.level_at(&self.allowance, block)
	}
}

/// Limits governance sets on the bridge. Zero refuses everything of its kind: a chain mints
/// and pays out nothing until governance (or genesis) sets them.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct Limits {
	/// Largest deposit minted at once (base units).
	pub max_deposit: Balance,
	/// Largest withdrawal one request takes out (base units).
	pub max_withdrawal: Balance,
	/// Most minted of each stablecoin per UTC day (base units), over all providers.
	pub daily_mint: Balance,
}

/// How much of a stablecoin was minted on a day.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct DailyTotal {
	/// The day (days since the epoch).
	pub day: Day,
	/// Base units minted that day.
	pub minted: Balance,
}

/// What a provider reports about a deposit it received: the bank money and the stablecoin it
/// becomes.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct DepositData<AccountId> {
	/// Who receives the stablecoin.
	pub account: AccountId,
	/// USDC or USDT.
	pub asset: AssetId,
	/// Base units to mint: exactly `fiat_amount` converted (see [`fiat_to_base`]).
	pub amount: Balance,
	/// The currency received.
	pub fiat_currency: CurrencyCode,
	/// Minor units (hundredths) received.
	pub fiat_amount: u128,
	/// The quote the conversion used (none for USD, required otherwise).
	pub quote: Option<QuoteId>,
}

impl<AccountId: Encode> DepositData<AccountId> {
	/// The hash attestations are compared by.
	pub fn digest(&self) -> H256 {
		H256(self.using_encoded(sp_io::hashing::blake2_256))
	}
}

/// Why a deposit that its attestors agreed on was not minted.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum HoldReason {
	/// The compliance gate refuses the account (sanctioned, frozen, KYC too low, …): only a
	/// compliance decision releases or returns it.
	Compliance(Denial),
	/// Minting of the asset was paused (reserves short or stale, or governance): it mints once
	/// minting resumes (`retry_deposit`).
	MintingPaused,
}

/// Where a deposit stands.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum DepositState {
	/// Fewer than k attestors agree so far.
	Pending,
	/// Attestors disagree: nothing is minted until governance resolves it.
	Disputed,
	/// Agreed, but not minted (see the reason); compliance releases or returns it.
	Held {
		/// Why.
		reason: HoldReason,
	},
	/// Minted (final): the reference is never minted again.
	Minted {
		/// When (ms).
		at: Moment,
	},
	/// Not minted and never will be (final): the provider sends the money back.
	Returned,
	/// Governance rejected a disputed or pending deposit (final): the provider sends the money
	/// back.
	Rejected,
}

impl DepositState {
	/// Attestations are still taken.
	pub fn is_open(&self) -> bool {
		matches!(self, Self::Pending | Self::Disputed)
	}
}

/// One attestor's attestation of a deposit.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct Attestation<AccountId> {
	/// The attestor.
	pub attestor: AccountId,
	/// The digest of the data it attested.
	pub digest: H256,
}

/// A deposit: the data first attested, every attestation, and its state.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(MaxAttestors))]
#[codec(mel_bound(AccountId: MaxEncodedLen))]
pub struct DepositRecord<
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxAttestors: Get<u32>,
> {
	/// The data the first attestor reported (or governance chose).
	pub data: DepositData<AccountId>,
	/// One attestation per attestor (of the provider's current attestors).
	pub attestations: BoundedVec<Attestation<AccountId>, MaxAttestors>,
	/// Where it stands.
	pub state: DepositState,
	/// When the first attestation arrived (ms): quotes must have been live then.
	pub first_seen: Moment,
}

/// An exchange rate quote: US dollars per unit of a currency, locked for `QuoteLifetime`.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct Quote {
	/// The currency.
	pub currency: CurrencyCode,
	/// US dollars per unit (e.g. 1.08 for EUR).
	pub usd_per_unit: FixedU128,
	/// When it was given (ms).
	pub created_at: Moment,
	/// It is live while the time is before this (ms).
	pub expires_at: Moment,
}

impl Quote {
	/// Whether the quote was live at `at`.
	pub fn is_live_at(&self, at: Moment) -> bool {
		self.created_at <= at && at < self.expires_at
	}
}

/// What the attestors of the assigned provider report about a payout attempt.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum PayoutOutcome {
	/// The provider paid; its own reference of the payment (hashed).
	Paid {
		/// Hash of the provider's payment reference.
		provider_reference: H256,
	},
	/// The provider did not pay. `definite`: it refused or reversed the payment for good, so
	/// another provider may pay. Not definite (a timeout, an unknown status): the money may
	/// still go out, so the same provider is retried with the same key, never another.
	Failed {
		/// The failure is certain.
		definite: bool,
	},
}

impl PayoutOutcome {
	/// A paid or a definitely failed payout (not a timeout).
	pub fn is_definite(&self) -> bool {
		!matches!(self, Self::Failed { definite: false })
	}
}

/// One attestor's report about the current payout attempt.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct PayoutReport<AccountId> {
	/// The attestor.
	pub attestor: AccountId,
	/// What it saw.
	pub outcome: PayoutOutcome,
}

/// Where a withdrawal stands.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum WithdrawalState {
	/// Escrowed; `provider` is to pay it; `attempts` attempts there ended without a definite
	/// answer (timeouts).
	Pending {
		/// The assigned provider.
		provider: ProviderId,
		/// Attempts at it that timed out or ended unknown.
		attempts: u32,
	},
	/// Paid out (final): the escrow was burned.
	Paid {
		/// Who paid.
		provider: ProviderId,
		/// When (ms).
		at: Moment,
		/// Hash of the provider's payment reference.
		provider_reference: H256,
	},
	/// Every provider failed definitely (final): the escrow went back to the account.
	Refunded {
		/// When (ms).
		at: Moment,
	},
}

/// A withdrawal: stablecoin escrowed to be paid out as bank money.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(MaxProviders, MaxAttestors))]
#[codec(mel_bound(AccountId: MaxEncodedLen))]
pub struct Withdrawal<
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxProviders: Get<u32>,
	MaxAttestors: Get<u32>,
> {
	/// Who withdraws (and gets a refund).
	pub account: AccountId,
	/// USDC or USDT.
	pub asset: AssetId,
	/// Base units escrowed.
	pub amount: Balance,
	/// Hash of the bank account to pay (no account numbers on chain).
	pub bank_account: H256,
	/// The currency paid out.
	pub fiat_currency: CurrencyCode,
	/// Minor units paid out (the amount converted when requested, rounded down).
	pub fiat_amount: u128,
	/// The quote the conversion used (none for USD).
	pub quote: Option<QuoteId>,
	/// The idempotency key every payout attempt carries ([`idempotency_key`]).
	pub key: H256,
	/// When it was requested (ms).
	pub requested_at: Moment,
	/// The Travel Rule record written for it, at or above the threshold.
	pub travel_rule_record: Option<u64>,
	/// Where it stands.
	pub state: WithdrawalState,
	/// Providers that failed it definitely, in order: never assigned it again.
	pub failed: BoundedVec<ProviderId, MaxProviders>,
	/// Reports about the current attempt at the assigned provider (one per attestor).
	pub reports: BoundedVec<PayoutReport<AccountId>, MaxAttestors>,
	/// Attestors contradicted each other about the current attempt: governance decides.
	pub contested: bool,
}

/// A provider's agreed statement of what it holds of an asset's reserves.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct ReserveReport {
	/// Fiat held, in stablecoin base units (USD, 6 decimals).
	pub amount: Balance,
	/// The statement's date (ms).
	pub as_of: Moment,
}

/// A reserve statement its provider's attestors are still agreeing on.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(MaxAttestors))]
#[codec(mel_bound(AccountId: MaxEncodedLen))]
pub struct PendingReserve<
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxAttestors: Get<u32>,
> {
	/// The statement's date (ms).
	pub as_of: Moment,
	/// What each attestor read (base units).
	pub votes: BoundedVec<(AccountId, Balance), MaxAttestors>,
	/// Attestors read different amounts: this statement never applies.
	pub contested: bool,
}

/// The reserves of an asset over all providers, from their latest agreed statements.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct ReserveSummary {
	/// Sum of the latest statements (base units).
	pub reported: Balance,
	/// Date of the oldest latest statement with a non-zero amount: every number that backs
	/// supply must be fresh.
	pub oldest_counted: Option<Moment>,
	/// Date of the newest statement (none: no statement yet).
	pub newest: Option<Moment>,
}

/// Why minting of an asset is paused.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum PauseReason {
	/// Governance paused it; only governance resumes it.
	Governance,
	/// Reported reserves are below supply (escrow included).
	Shortfall {
		/// The asset's total issuance.
		supply: Balance,
		/// The reserves reported.
		reserves: Balance,
	},
	/// No statement yet, or a statement that counts is older than `ReserveReportMaxAge`.
	Stale {
		/// Date of the stale statement (none: no statement at all).
		as_of: Option<Moment>,
	},
}

impl PauseReason {
	/// Whether two reasons are of the same kind (amounts and dates aside).
	pub fn same_kind(&self, other: &Self) -> bool {
		core::mem::discriminant(self) == core::mem::discriminant(other)
	}
}
