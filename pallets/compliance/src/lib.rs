//! # Compliance pallet
//!
//! The rules every movement of value obeys (seed §8, §15–17, §24, §27):
//!
//! - **Roles**: governance assigns and removes compliance officers, KYC providers, sanctions
//!   oracles, guardians, arbitrators, anchor parties, gateway operators and paymasters; other
//!   pallets check them through [`EnsureRole`] and [`RoleInspect`].
//! - **KYC**: a KYC provider sets an account's level (L0–L3) with an expiry and an attestation
//!   hash, or revokes it; an expired level counts as L0. No personal data on chain.
//! - **Sanctions**: a sanctions oracle or compliance officer adds and removes addresses by hand
//!   in bounded batches, each tagged with its list's hash, source and part number; a part
//!   applied once is a no-op the second time. A sanctioned address that holds stablecoin or
//!   coupons is frozen at once (through the freeze pallet) and an event reports it; an address
//!   no longer sanctioned has that sanctions freeze lifted.
//! - **The sanctions feed** (OFAC sync, seed §16): governance sets the list sources (URL and
//!   format, primary and backup), the sync interval, the staleness limit and the largest share
//!   of entries one sync may remove. The off-chain worker of a node holding a sanctions-oracle
//!   key (`gxor`) fetches the list when a sync is due, parses it while it streams in
//!   (`genex-offchain`), diffs it against the entries the feed added (hand listings stay) and
//!   submits the difference as ordered, bounded `sync_sanctions` parts, or reports why the
//!   source failed (`report_sanctions_failure`), falling back to the backup. The chain checks
//!   every part again: the oracle role, a list that is not empty, not older than the one
//!   applied, not shrinking more than allowed, counts that add up to the list, parts in order
//!   and applied once. When no sync completes for the staleness limit the chain raises
//!   `SanctionsListStale` once, and `SanctionsListRecovered` when one does; the
//!   `sanctions_status` view function gives the whole state.
//! - **Travel Rule**: settlement records every transfer at or above the threshold through
//!   [`TravelRuleRecorder`]: identity hashes of both sides, value, off-platform flag.
//! - **AML**: every pallet that moves value records each movement through [`MovementLog`]: a
//!   sequential id, a chain link and a record in the offchain index (`genex_primitives::aml`).
//!   The screening worker of a node holding an AML-monitor key (`gxor`) reads the records of
//!   its own chain a few blocks behind the best block, runs the rules of `genex-offchain`
//!   (fan-out, structuring, large amounts, velocity, buy-transfer-withdraw, self-dealing,
//!   cycles, spoofing, layering; parameters set by governance) and a sanctions check, and
//!   files each alert once (`report_screening`, with the records as evidence). A critical
//!   alert opens a case and freezes the account pending review. Compliance officers file
//!   alerts by hand too, and move cases open -> under review -> closed or reported.
//! - **The gate** ([`ComplianceGate`]): one trait answering whether an account may transfer,
//!   trade, issue or redeem, with typed reasons (sanctioned, frozen account/class/issuer,
//!   paused market, KYC too low with required and actual level, Travel Rule data required).
//! - [`CheckCompliance`], a transaction extension that refuses signed transactions from
//!   sanctioned or frozen accounts already at transaction-pool validation.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod extension;
mod feed;
mod functions;
mod gate;
#[cfg(test)]
mod mock;
mod offchain;
mod screening;
mod screening_worker;
#[cfg(test)]
mod tests;
pub mod traits;
pub mod types;
pub mod weights;

pub use extension::{CheckCompliance, FROZEN_SENDER, SANCTIONED_SENDER};
pub use gate::EnsureRole;
pub use traits::*;
pub use types::*;
pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{pallet_prelude::*, traits::UnixTime};
	use frame_system::pallet_prelude::*;
	use genex_primitives::oracle::SubmitSigned;
	use sp_core::H256;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the compliance pallet.
	#[pallet::config]
	pub trait Config:
		frame_system::Config<
		RuntimeEvent: From<Event<Self>>,
		// Sanctions lists name 20-byte Ethereum addresses: accounts are those bytes.
		AccountId: From<[u8; 20]> + Into<[u8; 20]>,
	>
	{
		/// Assigns and removes roles (Root on dev; a council majority on shared networks).
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Wall-clock time (KYC expiry, record times).
		type TimeProvider: UnixTime;

		/// What is frozen (the freeze pallet).
		type Freezes: FreezeInspect<Self::AccountId>;

		/// Freezes sanctioned holders at once (the freeze pallet).
		type Freezer: AccountFreezer<Self::AccountId>;

		/// Whether an account holds stablecoin or coupons.
		type Holdings: HoldsValue<Self::AccountId>;

		/// Most addresses one sanctions call adds, and most it removes.
		#[pallet::constant]
		type MaxSanctionsBatch: Get<u32>;

		/// Longest sanctions-list source name, in bytes.
		#[pallet::constant]
		type MaxSourceLength: Get<u32>;

		/// Most alerts one AML case groups.
		#[pallet::constant]
		type MaxAlertsPerCase: Get<u32>;

		/// Value (stablecoin base units) from which a transfer needs Travel Rule data ($3,000).
		#[pallet::constant]
		type TravelRuleThreshold: Get<u128>;

		/// KYC level both sides of a Travel Rule transfer need (L2).
		#[pallet::constant]
		type TravelRuleKyc: Get<KycLevel>;

		/// KYC level needed to trade.
		#[pallet::constant]
		type TradeKyc: Get<KycLevel>;

		/// KYC level needed to send a transfer.
		#[pallet::constant]
		type TransferKyc: Get<KycLevel>;

		/// KYC level needed to redeem.
		#[pallet::constant]
		type RedeemKyc: Get<KycLevel>;

		/// Longest URL of a sanctions-list source, in bytes.
		#[pallet::constant]
		type MaxUrlLength: Get<u32>;

		/// Most addresses a sanctions list may name: the worker's parser stops there and the
		/// chain refuses larger syncs.
		#[pallet::constant]
		type MaxListEntries: Get<u32>;

		/// Shortest sync interval governance may set (ms).
		#[pallet::constant]
		type MinSyncInterval: Get<Moment>;

		/// How long the worker waits for a list to download (ms), headers and body.
		#[pallet::constant]
		type ListFetchTimeout: Get<Moment>;

		/// Signs and submits the sanctions and screening workers' transactions with this
		/// node's oracle key (the runtime: `genex_primitives::oracle::SignedTransactions`).
		type OracleSigner: SubmitSigned<Self::AccountId, Call<Self>>;

		/// Most movement records a screening alert cites as evidence.
		#[pallet::constant]
		type MaxEvidence: Get<u32>;

		/// Most records one run of the screening worker reads.
		#[pallet::constant]
		type MaxScreenedPerRun: Get<u32>;

		/// Milliseconds one run of the screening worker screens for at most (it screens at
		/// least one record and stops at the first record past the budget).
		#[pallet::constant]
		type ScreeningRunMillis: Get<u64>;

		/// Blocks the screening worker stays behind the best block (forks resolve first).
		#[pallet::constant]
		type ScreeningLag: Get<u32>;

		/// Weights of this pallet's calls and checks, from its benchmarks.
		type WeightInfo: WeightInfo;

		/// What the benchmarks need from the runtime.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Runtime support for this pallet's benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	pub trait BenchmarkHelper<AccountId> {
		/// Makes `who` hold stablecoin, so that sanctioning it freezes it (the worst case).
		fn make_holder(who: &AccountId);
		/// Sets the chain's time (ms since the epoch).
		fn set_time(now: Moment);
	}

	/// For runtimes whose `Holdings` and time need no setup.
	#[cfg(feature = "runtime-benchmarks")]
	impl<AccountId> BenchmarkHelper<AccountId> for () {
		fn make_holder(_: &AccountId) {}
		fn set_time(_: Moment) {}
	}

	/// Who holds which role.
	#[pallet::storage]
	pub type Roles<T: Config> =
		StorageDoubleMap<_, Twox64Concat, Role, Blake2_128Concat, T::AccountId, ()>;

	/// How many accounts hold each role.
	#[pallet::storage]
	pub type RoleCounts<T: Config> = StorageMap<_, Twox64Concat, Role, u32, ValueQuery>;

	/// KYC attestations.
	#[pallet::storage]
	pub type Kyc<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, KycRecord<T::AccountId>>;

	/// The sanctions set.
	#[pallet::storage]
	pub type Sanctioned<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, SanctionEntry>;

	/// Number of sanctioned addresses.
	#[pallet::storage]
	pub type SanctionedCount<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// Applied sanctions-list parts, by list hash and part number: a part is applied once.
	#[pallet::storage]
	pub type SanctionsBatches<T: Config> = StorageDoubleMap<
		_,
		Identity,
		H256,
		Twox64Concat,
		u16,
		SanctionsBatch<T::AccountId, T::MaxSourceLength>,
	>;

	/// The sanctions feed governance configured, if any.
	#[pallet::storage]
	pub type SanctionsFeedConfig<T: Config> = StorageValue<_, SanctionsFeed<T::MaxUrlLength>>;

	/// The feed's state: the last good list, the last sync and failure, the staleness alarm.
	#[pallet::storage]
	pub type SanctionsFeedStatus<T: Config> = StorageValue<_, FeedStatus, ValueQuery>;

	/// The sync whose parts are being applied.
	#[pallet::storage]
	pub type PendingSanctionsSync<T: Config> = StorageValue<_, PendingSync>;

	/// Number of addresses the feed lists.
	#[pallet::storage]
	pub type FeedSanctionedCount<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// Travel Rule records.
	#[pallet::storage]
	pub type TravelRuleRecords<T: Config> =
		StorageMap<_, Twox64Concat, TravelRuleId, TravelRuleRecord<T::AccountId>>;

	/// Id of the next Travel Rule record.
	#[pallet::storage]
	pub type NextTravelRuleId<T: Config> = StorageValue<_, TravelRuleId, ValueQuery>;

	/// AML alerts.
	#[pallet::storage]
	pub type Alerts<T: Config> = StorageMap<_, Twox64Concat, AlertId, Alert<T::AccountId>>;

	/// Id of the next alert.
	#[pallet::storage]
	pub type NextAlertId<T: Config> = StorageValue<_, AlertId, ValueQuery>;

	/// AML cases.
	#[pallet::storage]
	pub type Cases<T: Config> =
		StorageMap<_, Twox64Concat, CaseId, Case<T::AccountId, T::MaxAlertsPerCase>>;

	/// Id of the next case.
	#[pallet::storage]
	pub type NextCaseId<T: Config> = StorageValue<_, CaseId, ValueQuery>;

	/// Where the movement log stands: the next record's id and the last record's chain link.
	#[pallet::storage]
	pub type MovementLogHead<T: Config> = StorageValue<_, MovementHead, ValueQuery>;

	/// The AML rules' parameters in force (governance; the seed's values by default).
	#[pallet::storage]
	pub type AmlParameters<T: Config> = StorageValue<_, AmlParams, ValueQuery>;

	/// What each screening alert cites: the other accounts involved and the movement records.
	#[pallet::storage]
	pub type AlertEvidence<T: Config> =
		StorageMap<_, Twox64Concat, AlertId, ScreeningEvidence<T::AccountId, T::MaxEvidence>>;

	/// Screening alerts filed, by the hash of (rule, subject, evidence ids): the worker may
	/// repeat itself (a restart, a fork), an alert is filed once.
	#[pallet::storage]
	pub type ScreeningKeys<T: Config> = StorageMap<_, Identity, H256, AlertId>;

	/// Roles at genesis (e.g. the dev chain's compliance officer and guardians).
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Accounts and the roles they start with.
		pub roles: alloc::vec::Vec<(Role, T::AccountId)>,
		/// The sanctions feed the chain starts with (the dev networks' gateway simulator).
		pub sanctions_feed: Option<SanctionsFeed<T::MaxUrlLength>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (role, who) in &self.roles {
				Pallet::<T>::do_assign_role(*role, who.clone())
					.expect("genesis roles are assigned once each");
			}
			if let Some(feed) = &self.sanctions_feed {
				Pallet::<T>::ensure_valid_feed(feed).expect("the genesis sanctions feed is valid");
				SanctionsFeedConfig::<T>::put(feed);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Governance gave `who` a role.
		RoleAssigned { role: Role, who: T::AccountId },
		/// Governance took a role from `who`.
		RoleRemoved { role: Role, who: T::AccountId },
		/// A KYC provider set an account's level.
		KycSet { who: T::AccountId, level: KycLevel, expires_at: Moment, provider: T::AccountId },
		/// An account's KYC was revoked: it is L0.
		KycRevoked { who: T::AccountId, by: T::AccountId },
		/// A part of a sanctions list was applied.
		SanctionsUpdated { list_hash: H256, part: u16, parts: u16, added: u32, removed: u32 },
		/// A newly sanctioned address held stablecoin or coupons and was frozen at once.
		SanctionedHolderFrozen { who: T::AccountId, list_hash: H256 },
		/// An address is no longer sanctioned: the freeze its sanctioning made was lifted.
		DelistedHolderReleased { who: T::AccountId },
		/// Governance set (`Some`) or removed (`None`: no more syncs) the sanctions feed.
		SanctionsFeedChanged { interval: Option<Moment> },
		/// A sync of the feed completed: `list_hash` is applied (or confirmed unchanged) with
		/// `entries` addresses, `added` and `removed` over all its parts.
		SanctionsSynced {
			list_hash: H256,
			entries: u32,
			added: u32,
			removed: u32,
			source: FeedSource,
			bad_checksums: u32,
		},
		/// The worker could not sync from `source`; the last good list stays.
		SanctionsSyncFailed { source: FeedSource, failure: FeedFailure },
		/// No sync completed for the feed's `max_age`: the applied list may be out of date.
		SanctionsListStale { last_sync: Option<Moment> },
		/// A sync completed after the staleness alarm.
		SanctionsListRecovered { list_hash: H256 },
		/// A Travel Rule record was written.
		TravelRuleRecorded { id: TravelRuleId, originator: T::AccountId, beneficiary: T::AccountId },
		/// An AML alert was filed.
		AlertFiled { id: AlertId, subject: T::AccountId, rule: AmlRule, severity: Severity },
		/// An AML case was opened.
		CaseOpened { id: CaseId, subject: T::AccountId, alerts: u32 },
		/// An AML case moved on.
		CaseStatusChanged { id: CaseId, status: CaseStatus },
		/// A critical screening alert froze `who` pending review of `case`.
		FrozenForReview { who: T::AccountId, case: CaseId, alert: AlertId },
		/// Governance set the AML rules' parameters.
		AmlParamsChanged,
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller does not hold the role this call needs.
		MissingRole,
		/// The account already holds that role.
		AlreadyHasRole,
		/// The account does not hold that role.
		NoSuchRole,
		/// A KYC level must expire in the future.
		KycExpiryInPast,
		/// The account has no KYC attestation.
		NoKyc,
		/// A sanctions part number must be below the number of parts, which is at least 1.
		InvalidListPart,
		/// The same part names an address twice, or both adds and removes it.
		DuplicateAddress,
		/// No such alert.
		UnknownAlert,
		/// The alert already belongs to a case.
		AlertInCase,
		/// The alert is about another account than the case.
		AlertSubjectMismatch,
		/// A case needs at least one alert.
		EmptyCase,
		/// No such case.
		UnknownCase,
		/// A case moves only open -> under review -> closed or reported.
		InvalidCaseTransition,
		/// Closing or reporting a case needs the hash of its note or SAR.
		ResolutionRequired,
		/// Gate: an account involved is on the sanctions list.
		Sanctioned,
		/// Gate: an account involved is frozen.
		AccountFrozen,
		/// Gate: the coupon class is frozen.
		ClassFrozen,
		/// Gate: the issuer is frozen.
		IssuerFrozen,
		/// Gate: this part of the market is paused.
		MarketPaused {
			/// The paused part.
			scope: MarketScope,
		},
		/// Gate: an account's KYC level is too low.
		KycTooLow {
			/// Level the action needs.
			required: KycLevel,
			/// Level the account has.
			actual: KycLevel,
		},
		/// Gate: at or above the Travel Rule threshold the transfer must carry identity hashes.
		TravelRuleDataRequired,
		/// A feed source's URL must start with `http://` or `https://`.
		InvalidSourceUrl,
		/// The sync interval is below `MinSyncInterval`, or the staleness limit below the
		/// interval.
		InvalidSyncTiming,
		/// No sanctions feed is configured.
		NoSanctionsFeed,
		/// A sanctions list must name at least one address.
		EmptyList,
		/// The list names more addresses than `MaxListEntries`.
		TooManyEntries,
		/// The list was published before the one applied.
		ListOlderThanApplied,
		/// The list would remove more of the feed's entries than the feed's `max_shrink`.
		ListShrankTooMuch,
		/// The sync's counts do not add up: feed entries + additions - removals must equal the
		/// list's entries (the worker diffed against another state: it syncs again).
		SyncMismatch,
		/// A sync's parts must be many enough for its additions and removals.
		InvalidSyncParts,
		/// Parts apply in order: this is not the next part of the sync in progress (part 0
		/// starts a sync).
		PartOutOfOrder,
		/// The part adds or removes more addresses than its sync announced.
		PartExceedsSync,
		/// The last part leaves the sync short of the additions or removals it announced.
		SyncIncomplete,
		/// The part adds an address the feed already lists.
		AlreadyInFeed,
		/// The part removes an address the feed does not list.
		NotInFeed,
		/// A screening alert cites at least one movement record.
		NoEvidence,
		/// Evidence cites each record once, in ascending id order.
		EvidenceOutOfOrder,
		/// Evidence cites a record the movement log has not written yet.
		UnknownMovement,
		/// Evidence cites a block after the current one.
		EvidenceFromFuture,
		/// This alert (same rule, subject and evidence) is already filed.
		AlreadyReported,
		/// The AML parameters are inconsistent (an empty window or band, a count too small).
		InvalidAmlParams,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Raises the staleness alarm when the feed's list is too old.
		fn on_initialize(_n: BlockNumberFor<T>) -> Weight {
			let wrote = Self::watch_staleness();
			// The benchmark measured the path that writes; most blocks only read.
			let unwritten = if wrote { Weight::zero() } else { T::DbWeight::get().writes(1) };
			T::WeightInfo::watch_staleness().saturating_sub(unwritten)
		}

		/// The sanctions sync on nodes holding a sanctions-oracle key, the AML screening on
		/// nodes holding an AML-monitor key.
		fn offchain_worker(n: BlockNumberFor<T>) {
			Self::sanctions_worker(n);
			Self::screening_worker(n);
		}

		fn integrity_test() {
			assert!(T::MaxSanctionsBatch::get() > 0, "sanctions batches must hold an address");
			assert!(
				T::MaxListEntries::get().div_ceil(T::MaxSanctionsBatch::get()) <= u16::MAX as u32,
				"a list of MaxListEntries must fit in u16 parts"
			);
			assert!(T::MinSyncInterval::get() > 0, "syncs need an interval");
			assert!(T::MaxUrlLength::get() >= 16, "URLs need room");
			assert!(T::MaxAlertsPerCase::get() > 0, "a case holds at least one alert");
			assert!(T::MaxEvidence::get() >= 3, "an alert cites the records of a pattern");
			assert!(T::MaxScreenedPerRun::get() > 0, "a screening run reads a record");
			assert!(
				T::ScreeningRunMillis::get() < 60_000,
				"a screening run ends well within its lock's 60 s"
			);
			assert!(T::TravelRuleThreshold::get() > 0, "the Travel Rule threshold is positive");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Give `who` a role (governance).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::assign_role())]
		pub fn assign_role(origin: OriginFor<T>, role: Role, who: T::AccountId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_assign_role(role, who)
		}

		/// Take a role from `who` (governance).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::remove_role())]
		pub fn remove_role(origin: OriginFor<T>, role: Role, who: T::AccountId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_remove_role(role, who)
		}

		/// Set `who`'s KYC level until `expires_at` (ms since the epoch), attested by the hash
		/// of the provider's attestation (a KYC provider).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_kyc())]
		pub fn set_kyc(
			origin: OriginFor<T>,
			who: T::AccountId,
			level: KycLevel,
			expires_at: Moment,
			attestation: H256,
		) -> DispatchResult {
			let provider = Self::ensure_role(origin, &[Role::KycProvider])?;
			Self::do_set_kyc(provider, who, level, expires_at, attestation)
		}

		/// Revoke `who`'s KYC: it counts as L0 (a KYC provider or compliance officer).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::revoke_kyc())]
		pub fn revoke_kyc(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			let by = Self::ensure_role(origin, &[Role::KycProvider, Role::ComplianceOfficer])?;
			ensure!(Kyc::<T>::take(&who).is_some(), Error::<T>::NoKyc);
			Self::deposit_event(Event::KycRevoked { who, by });
			Ok(())
		}

		/// Apply part `part` of `parts` of the sanctions list `list_hash` from `source`: add
		/// and remove addresses (each at most `MaxSanctionsBatch`). A part already applied is a
		/// no-op. Newly sanctioned holders of stablecoin or coupons are frozen at once.
		/// A sanctions oracle or compliance officer.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::update_sanctions(add.len() as u32, remove.len() as u32))]
		pub fn update_sanctions(
			origin: OriginFor<T>,
			list_hash: H256,
			source: BoundedVec<u8, T::MaxSourceLength>,
			part: u16,
			parts: u16,
			add: BoundedVec<T::AccountId, T::MaxSanctionsBatch>,
			remove: BoundedVec<T::AccountId, T::MaxSanctionsBatch>,
		) -> DispatchResultWithPostInfo {
			let who = Self::ensure_role(origin, &[Role::SanctionsOracle, Role::ComplianceOfficer])?;
			let applied =
				Self::do_update_sanctions(who, list_hash, source, part, parts, add, remove)?;
			// A part seen before did nothing: charge only the lookup.
			Ok(if applied { None } else { Some(T::WeightInfo::update_sanctions(0, 0)) }.into())
		}

		/// Set the sanctions feed (`Some`: where the oracle fetches the list, how often, how old
		/// it may get, how much one sync may remove) or stop syncing (`None`). Governance.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::set_sanctions_feed())]
		pub fn set_sanctions_feed(
			origin: OriginFor<T>,
			feed: Option<SanctionsFeed<T::MaxUrlLength>>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_sanctions_feed(feed)
		}

		/// Apply part `part` of the feed sync `sync`: add and remove addresses of the feed
		/// (each at most `MaxSanctionsBatch`). The sanctions oracle's worker only. Part 0 starts
		/// the sync after checking the list (not empty, not older than the one applied, not
		/// shrinking more than allowed, counts adding up); later parts must follow in order; a
		/// part applied before is a no-op. The last part makes the list the applied one.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::sync_sanctions(add.len() as u32, remove.len() as u32))]
		pub fn sync_sanctions(
			origin: OriginFor<T>,
			sync: SyncHeader,
			part: u16,
			add: BoundedVec<T::AccountId, T::MaxSanctionsBatch>,
			remove: BoundedVec<T::AccountId, T::MaxSanctionsBatch>,
		) -> DispatchResultWithPostInfo {
			Self::ensure_role(origin, &[Role::SanctionsOracle])?;
			let applied = Self::do_sync_sanctions(sync, part, add, remove)?;
			Ok(if applied { None } else { Some(T::WeightInfo::sync_sanctions(0, 0)) }.into())
		}

		/// Report that syncing from `source` failed and why (the sanctions oracle's worker):
		/// the last good list stays, the status shows the failure.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::report_sanctions_failure())]
		pub fn report_sanctions_failure(
			origin: OriginFor<T>,
			source: FeedSource,
			failure: FeedFailure,
		) -> DispatchResult {
			Self::ensure_role(origin, &[Role::SanctionsOracle])?;
			Self::do_report_sanctions_failure(source, failure)
		}

		/// File an AML alert about `subject` (the screening worker's oracle key or a compliance
		/// officer).
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::file_alert())]
		pub fn file_alert(
			origin: OriginFor<T>,
			subject: T::AccountId,
			rule: AmlRule,
			severity: Severity,
			evidence: H256,
		) -> DispatchResult {
			let by = Self::ensure_role(origin, &[Role::SanctionsOracle, Role::ComplianceOfficer])?;
			Self::do_file_alert(by, subject, rule, severity, evidence).map(|_| ())
		}

		/// Open an AML case on `subject` grouping `alerts` about it (a compliance officer).
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::open_case(alerts.len() as u32))]
		pub fn open_case(
			origin: OriginFor<T>,
			subject: T::AccountId,
			alerts: BoundedVec<AlertId, T::MaxAlertsPerCase>,
		) -> DispatchResult {
			let by = Self::ensure_role(origin, &[Role::ComplianceOfficer])?;
			Self::do_open_case(by, subject, alerts)
		}

		/// File an alert the screening worker found (the AML-monitor key): `subject` broke
		/// `rule`; `related` are the other accounts involved, `evidence` the movement records
		/// (ascending ids). An alert is filed once: the same rule, subject and evidence again is
		/// refused. A critical alert opens a case and freezes `subject` pending review.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::report_screening(evidence.len() as u32))]
		pub fn report_screening(
			origin: OriginFor<T>,
			subject: T::AccountId,
			rule: AmlRule,
			severity: Severity,
			related: BoundedVec<T::AccountId, T::MaxEvidence>,
			evidence: BoundedVec<EvidenceRef, T::MaxEvidence>,
		) -> DispatchResult {
			let by = Self::ensure_role(origin, &[Role::AmlMonitor])?;
			Self::do_report_screening(by, subject, rule, severity, related, evidence)
		}

		/// Set the AML rules' parameters (governance).
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::set_aml_params())]
		pub fn set_aml_params(origin: OriginFor<T>, params: AmlParams) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			params.check().map_err(|_| Error::<T>::InvalidAmlParams)?;
			AmlParameters::<T>::put(params);
			Self::deposit_event(Event::AmlParamsChanged);
			Ok(())
		}

		/// Move a case on: open -> under review -> closed or reported (a compliance officer).
		/// Closing or reporting records the hash of the note or of the SAR filed.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::set_case_status())]
		pub fn set_case_status(
			origin: OriginFor<T>,
			case: CaseId,
			status: CaseStatus,
			resolution: Option<H256>,
		) -> DispatchResult {
			Self::ensure_role(origin, &[Role::ComplianceOfficer])?;
			Self::do_set_case_status(case, status, resolution)
		}
	}

	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// The sanctions feed: its configuration, the last good list, the last sync and
		/// failure, the staleness alarm, a sync in progress, and how many addresses are
		/// sanctioned.
		pub fn sanctions_status() -> SanctionsStatus<T::MaxUrlLength> {
			SanctionsStatus {
				feed: SanctionsFeedConfig::<T>::get(),
				status: SanctionsFeedStatus::<T>::get(),
				pending: PendingSanctionsSync::<T>::get(),
				feed_entries: FeedSanctionedCount::<T>::get(),
				sanctioned: SanctionedCount::<T>::get(),
			}
		}

		/// Why `who` is sanctioned (since when, by the feed or by hand), if it is.
		pub fn sanction_of(who: T::AccountId) -> Option<SanctionEntry> {
			Sanctioned::<T>::get(who)
		}
	}
}
