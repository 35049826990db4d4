//! Types of the compliance pallet.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::fmt::Debug;
use frame_support::{
	traits::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::Permill;

pub use crate::traits::{Denial, KycLevel, MarketScope, Role};

/// Milliseconds since the Unix epoch.
pub type Moment = u64;
/// Identifier of an AML alert.
pub type AlertId = u64;
/// Identifier of an AML case.
pub type CaseId = u64;
/// Identifier of a Travel Rule record.
pub type TravelRuleId = u64;

/// An account's KYC attestation. No personal data: only the provider's attestation hash.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct KycRecord<AccountId> {
	/// The attested level.
	pub level: KycLevel,
	/// When it stops counting (ms since the epoch); after that the account is L0.
	pub expires_at: Moment,
	/// Hash of the provider's attestation (documents stay off chain).
	pub attestation: H256,
	/// The KYC provider that set it.
	pub provider: AccountId,
}

/// One applied part of a sanctions list.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(MaxSource))]
#[codec(mel_bound(AccountId: MaxEncodedLen))]
pub struct SanctionsBatch<AccountId, MaxSource: Get<u32>> {
	/// Where the list comes from (e.g. `OFAC SDN`).
	pub source: BoundedVec<u8, MaxSource>,
	/// How many parts the list has.
	pub parts: u16,
	/// Addresses this part added.
	pub added: u32,
	/// Addresses this part removed.
	pub removed: u32,
	/// Who submitted it.
	pub submitted_by: AccountId,
	/// When.
	pub at: Moment,
}

/// Why an address is on the sanctions set. It stays sanctioned while the feed lists it or a
/// hand listing stands; the feed's syncs only ever change `by_feed`.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct SanctionEntry {
	/// Hash of the list that last listed it.
	pub list_hash: H256,
	/// When it became sanctioned.
	pub since: Moment,
	/// The sanctions feed (the oracle's sync of the configured sources) lists it.
	pub by_feed: bool,
	/// A compliance officer or oracle listed it by hand (`update_sanctions`).
	pub by_hand: bool,
}

/// The format of a sanctions-list source.
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
	serde::Serialize,
	serde::Deserialize,
)]
pub enum ListFormat {
	/// OFAC's SDN Advanced XML (`SDN_ADVANCED.XML`), old or current namespace.
	AdvancedXml,
	/// OFAC's legacy SDN XML (`SDN.XML`).
	SdnXml,
	/// One address a line (`#` comments).
	Text,
	/// A JSON array of address strings.
	Json,
}

/// Where the worker fetches a list: an `http://` or `https://` URL and the body's format.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
#[scale_info(skip_type_params(MaxUrl))]
#[serde(bound = "")]
pub struct ListSource<MaxUrl: Get<u32>> {
	/// The list's URL (ASCII).
	pub url: BoundedVec<u8, MaxUrl>,
	/// The body's format.
	pub format: ListFormat,
}

/// The sanctions feed governance configures: where the oracle fetches the list and how the
/// chain judges what it brings.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
#[scale_info(skip_type_params(MaxUrl))]
#[serde(bound = "")]
pub struct SanctionsFeed<MaxUrl: Get<u32>> {
	/// Tried first on every sync.
	pub primary: ListSource<MaxUrl>,
	/// Tried when the primary fails (unreachable, an error status, an incomplete or malformed
	/// body, or a list the chain would refuse).
	pub backup: Option<ListSource<MaxUrl>>,
	/// Time between syncs (ms): 6 h on production networks.
	pub interval: Moment,
	/// Age (ms) after which an unconfirmed list raises the staleness alarm: 24 h.
	pub max_age: Moment,
	/// Most of the feed's entries one sync may remove (a list that shrinks more is refused).
	pub max_shrink: Permill,
}

/// Which source of the feed a sync or failure came from.
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
pub enum FeedSource {
	/// The primary source.
	Primary,
	/// The backup source.
	Backup,
}

/// What one sync of the feed applies, repeated in each of its parts.
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
pub struct SyncHeader {
	/// keccak-256 of the list's sorted 20-byte addresses (the same list in any format has the
	/// same hash).
	pub list_hash: H256,
	/// When the list was published (ms): the date in the file, else its `Last-Modified`, else
	/// when it was fetched.
	pub published_at: Moment,
	/// Distinct addresses the list names.
	pub entries: u32,
	/// The source it came from.
	pub source: FeedSource,
	/// When the worker fetched it (ms, chain time): tells two syncs of the same list apart.
	pub fetched_at: Moment,
	/// Parts this sync has.
	pub parts: u16,
	/// Addresses the sync adds to the feed's entries, over all parts.
	pub additions: u32,
	/// Addresses the sync removes from the feed's entries, over all parts.
	pub removals: u32,
	/// Mixed-case list values that failed their EIP-55 checksum (blocked all the same).
	pub bad_checksums: u32,
}

/// A sync whose parts are being applied.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct PendingSync {
	/// BLAKE2-256 of the header: the sync's identity.
	pub id: H256,
	/// What the sync applies.
	pub header: SyncHeader,
	/// Parts applied so far (parts apply in order).
	pub parts_done: u16,
	/// Addresses added so far.
	pub added: u32,
	/// Addresses removed so far.
	pub removed: u32,
}

/// The list the feed applied last.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct AppliedList {
	/// Its hash (see [`SyncHeader::list_hash`]).
	pub list_hash: H256,
	/// When it was published (ms).
	pub published_at: Moment,
	/// Its entries.
	pub entries: u32,
	/// The source it came from.
	pub source: FeedSource,
	/// Mixed-case values that failed their checksum.
	pub bad_checksums: u32,
}

/// How a list body was malformed.
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
pub enum ListError {
	/// The body ended before the document did.
	Truncated,
	/// Not well-formed.
	Syntax,
	/// Well-formed, but not a list of the configured format.
	UnexpectedDocument,
	/// A `0x` value of a text or JSON list that is not 40 hex digits.
	BadAddress,
	/// A name, value or line longer than the parser allows.
	TooLong,
	/// Nesting deeper than the parser allows.
	TooDeep,
	/// Not UTF-8.
	InvalidUtf8,
}

/// Why a sync of a source failed, as the worker reports it.
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
pub enum FeedFailure {
	/// The source could not be reached (refused or broken connection, bad URL).
	Unreachable,
	/// No complete answer before the worker's HTTP deadline.
	Timeout,
	/// The source answered with this HTTP status instead of 200.
	HttpStatus(u16),
	/// The body ended before its `Content-Length`, or the connection broke mid-body.
	Incomplete {
		/// The announced length, if any.
		expected: Option<u64>,
		/// Bytes received.
		received: u64,
	},
	/// The body is not a list of the configured format.
	Malformed {
		/// What was wrong.
		error: ListError,
		/// Byte offset in the body (0 when the error has none).
		offset: u64,
	},
	/// The list names more addresses than the chain accepts (`MaxListEntries`).
	TooManyEntries,
	/// The list names no address.
	EmptyList,
	/// The list was published before the one applied.
	OlderThanApplied {
		/// The fetched list's publication time (ms).
		published_at: Moment,
		/// The applied list's publication time (ms).
		applied: Moment,
	},
	/// The list would remove more of the feed's entries than `max_shrink` allows.
	ShrankTooMuch {
		/// Feed entries on chain.
		from: u32,
		/// Entries of the fetched list.
		to: u32,
	},
}

/// A reported failure: when, which source, why.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct FailureReport {
	/// When the chain recorded it (ms).
	pub at: Moment,
	/// The source that failed.
	pub source: FeedSource,
	/// Why.
	pub failure: FeedFailure,
}

/// The feed's state: the last good list and how fresh it is.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct FeedStatus {
	/// The list applied last (stays while later fetches fail).
	pub applied: Option<AppliedList>,
	/// When a sync last completed (ms): the list was applied or confirmed unchanged.
	pub last_sync: Option<Moment>,
	/// The last failure reported.
	pub last_failure: Option<FailureReport>,
	/// When the chain started watching the feed (ms): its first block after the feed was
	/// configured. Until a sync completes, the list's age counts from here.
	pub watching_since: Option<Moment>,
	/// The staleness alarm is raised: no sync completed for `max_age` (cleared by the next
	/// completed sync).
	pub stale: bool,
}

/// Everything about the sanctions feed in one answer (the `sanctions_status` view function).
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, TypeInfo)]
#[scale_info(skip_type_params(MaxUrl))]
pub struct SanctionsStatus<MaxUrl: Get<u32>> {
	/// The configured feed, if any.
	pub feed: Option<SanctionsFeed<MaxUrl>>,
	/// Its state.
	pub status: FeedStatus,
	/// A sync whose parts are still arriving.
	pub pending: Option<PendingSync>,
	/// Addresses the feed lists.
	pub feed_entries: u32,
	/// Addresses sanctioned in all (feed and hand listings).
	pub sanctioned: u32,
}

/// A Travel Rule record: who sent what to whom, by identity hash only.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct TravelRuleRecord<AccountId> {
	/// Sender's address.
	pub originator: AccountId,
	/// Receiver's address.
	pub beneficiary: AccountId,
	/// Hash of the originator's identity data (held by its KYC provider).
	pub originator_identity: H256,
	/// Hash of the beneficiary's identity data.
	pub beneficiary_identity: H256,
	/// Value in stablecoin base units.
	pub value: u128,
	/// The beneficiary is a customer of another platform (TRISA/TRP exchange needed).
	pub beneficiary_off_platform: bool,
	/// When.
	pub at: Moment,
}

pub use genex_primitives::aml::{AmlParams, AmlRule, EvidenceRef, MovementHead, Severity};

/// What a screening alert cites.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(MaxEvidence))]
#[codec(mel_bound(AccountId: MaxEncodedLen))]
pub struct ScreeningEvidence<AccountId, MaxEvidence: Get<u32>> {
	/// The other accounts involved (recipients, counterparties, the cycle's members).
	pub related: BoundedVec<AccountId, MaxEvidence>,
	/// The movement records, ascending.
	pub records: BoundedVec<EvidenceRef, MaxEvidence>,
}

/// An AML alert.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct Alert<AccountId> {
	/// The account it is about.
	pub subject: AccountId,
	/// The rule that fired.
	pub rule: AmlRule,
	/// How serious.
	pub severity: Severity,
	/// Hash of the evidence (kept off chain).
	pub evidence: H256,
	/// Who filed it.
	pub filed_by: AccountId,
	/// When.
	pub at: Moment,
	/// The case it belongs to, once one is opened.
	pub case: Option<CaseId>,
}

/// Where an AML case stands.
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
pub enum CaseStatus {
	/// Opened, not yet looked at.
	Open,
	/// A compliance officer is investigating.
	UnderReview,
	/// Closed without a report.
	Closed,
	/// A suspicious activity report (SAR) was filed.
	Reported,
}

impl CaseStatus {
	/// The only moves a case makes: open -> under review -> closed or reported.
	pub fn can_move_to(self, next: CaseStatus) -> bool {
		matches!(
			(self, next),
			(CaseStatus::Open, CaseStatus::UnderReview)
				| (CaseStatus::UnderReview, CaseStatus::Closed)
				| (CaseStatus::UnderReview, CaseStatus::Reported)
		)
	}
}

/// An AML case.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(MaxAlerts))]
#[codec(mel_bound(AccountId: MaxEncodedLen))]
pub struct Case<AccountId, MaxAlerts: Get<u32>> {
	/// The account under investigation.
	pub subject: AccountId,
	/// Where it stands.
	pub status: CaseStatus,
	/// The alerts it groups.
	pub alerts: BoundedVec<AlertId, MaxAlerts>,
	/// The officer who opened it.
	pub opened_by: AccountId,
	/// When.
	pub opened_at: Moment,
	/// Hash of the closing note or of the SAR filed.
	pub resolution: Option<H256>,
}
