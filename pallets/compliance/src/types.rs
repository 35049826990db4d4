//! Types of the compliance pallet.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::fmt::Debug;
use frame_support::{traits::Get, BoundedVec};
use scale_info::TypeInfo;
use sp_core::H256;

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

/// Why an address is on the sanctions set.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct SanctionEntry {
	/// Hash of the list that added it.
	pub list_hash: H256,
	/// When it was added.
	pub since: Moment,
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

/// The AML rule behind an alert (seed §15).
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
pub enum AmlRule {
	/// More than 10 recipients in 24 hours.
	FanOut,
	/// Three or more transfers in [$2,500, $3,000).
	Structuring,
	/// Order cancel rate above 80 %.
	Spoofing,
	/// A single amount above $10,000.
	LargeAmount,
	/// More than 20 transfers in an hour.
	Velocity,
	/// Buy, transfer, withdraw.
	BuyTransferWithdraw,
	/// Trading between related accounts.
	SelfDealing,
	/// A sanctions-list hit.
	SanctionsHit,
	/// Filed by a compliance officer.
	Manual,
}

/// How serious an alert is.
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
pub enum Severity {
	/// Low.
	Low,
	/// Medium.
	Medium,
	/// High.
	High,
	/// Critical.
	Critical,
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
