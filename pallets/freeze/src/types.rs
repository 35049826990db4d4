//! Types of the freeze pallet.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::fmt::Debug;
use frame_support::{traits::Get, BoundedVec};
use scale_info::TypeInfo;

pub use pallet_compliance::MarketScope;

/// Milliseconds since the Unix epoch.
pub type Moment = u64;

/// What a freeze applies to.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub enum FreezeTarget<AccountId> {
	/// Every signed transaction of the account, and value moving to or from it.
	Account(AccountId),
	/// Trading, transfers and redemption of the coupons of one class.
	Class(u32),
	/// The issuer's issuance and its coupons' trading, transfers and redemption.
	Issuer(AccountId),
	/// One part of the whole market.
	Market(MarketScope),
}

/// Why something was frozen.
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
pub enum FreezeReason {
	/// Suspected fraud.
	Fraud,
	/// On a sanctions list (set by the compliance pallet itself).
	Sanctions,
	/// A security incident (key compromise, exploit).
	SecurityIncident,
	/// An order from a regulator or court.
	RegulatoryOrder,
	/// The issuer defaulted.
	IssuerDefault,
	/// Suspicious activity under investigation.
	SuspiciousActivity,
	/// Anything else (see the incident).
	Other,
}

/// A freeze in force.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(MaxIncident, MaxApprovals))]
#[codec(mel_bound(AccountId: MaxEncodedLen))]
pub struct FreezeRecord<AccountId, MaxIncident: Get<u32>, MaxApprovals: Get<u32>> {
	/// Why.
	pub reason: FreezeReason,
	/// The incident it belongs to (e.g. `INC-2026-0042`).
	pub incident: BoundedVec<u8, MaxIncident>,
	/// The guardian who froze it; `None` when governance or the sanctions process did.
	pub frozen_by: Option<AccountId>,
	/// When.
	pub at: Moment,
	/// Guardians who approved unfreezing so far.
	pub unfreeze_approvals: BoundedVec<AccountId, MaxApprovals>,
}
