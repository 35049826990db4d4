//! Epochs, submissions and the answers of proof verification.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::Get, BoundedVec, CloneNoBound, DebugNoBound, PartialEqNoBound};
use scale_info::TypeInfo;
use sp_core::H256;

/// An hourly epoch: hours since the Unix epoch (UTC). Epoch `e` is the table as it stands at
/// `e × 1 h`, due then.
pub type EpochIndex = u64;

/// What an anchor party says about an epoch: the table's root and its number of rows.
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
pub struct Anchor {
	/// Merkle root of the sorted table.
	pub root: H256,
	/// Rows in the table (a proof needs it).
	pub leaf_count: u32,
}

/// One party's submission for an epoch.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct Submission<AccountId> {
	/// The anchor party.
	pub party: AccountId,
	/// What it anchored.
	pub anchor: Anchor,
}

/// Everything submitted for an epoch, and whether it is final.
#[derive(CloneNoBound, PartialEqNoBound, DebugNoBound, Encode, Decode, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(MaxSubmissions))]
#[codec(mel_bound(AccountId: MaxEncodedLen))]
pub struct EpochRecord<AccountId: Clone + PartialEq + core::fmt::Debug, MaxSubmissions: Get<u32>> {
	/// Submissions in the order they arrived (one per party).
	pub submissions: BoundedVec<Submission<AccountId>, MaxSubmissions>,
	/// The root once `Threshold` parties submitted the same one.
	pub finalized: Option<Anchor>,
	/// A party submitted a root that differs from another party's (a P1 incident).
	pub contested: bool,
}

impl<AccountId: Clone + PartialEq + core::fmt::Debug, MaxSubmissions: Get<u32>> Default
	for EpochRecord<AccountId, MaxSubmissions>
{
	fn default() -> Self {
		Self { submissions: BoundedVec::new(), finalized: None, contested: false }
	}
}

/// The final root of an epoch.
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
pub struct FinalRoot {
	/// The epoch.
	pub epoch: EpochIndex,
	/// Its root and row count.
	pub anchor: Anchor,
}

/// Why a proof does not verify.
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
pub enum ProofError {
	/// No epoch has a final root yet.
	NoFinalRoot,
	/// The epoch asked for has no final root.
	EpochNotFinal,
	/// The leaf index is not below the epoch's row count.
	LeafIndexOutOfRange,
	/// The proof has more hashes than any table needs.
	ProofTooLong,
	/// The leaf and proof do not lead to the epoch's root: the row is not in the anchored table.
	RootMismatch,
}
