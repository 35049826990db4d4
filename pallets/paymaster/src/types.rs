//! Types of the paymaster: call categories, the policy, per-account usage and what the
//! runtime API reports.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use pallet_compliance::KycLevel;
use scale_info::TypeInfo;

/// `InvalidTransaction::Custom` code: the signer is eligible and the call is sponsored, but the
/// account has used every sponsored transaction of its window.
pub const QUOTA_TRANSACTIONS_SPENT: u8 = 210;
/// `InvalidTransaction::Custom` code: the sponsored fees of the account's window would exceed
/// the policy's fee quota with this transaction.
pub const QUOTA_FEES_SPENT: u8 = 211;
/// `InvalidTransaction::Custom` code: this transaction's fee is above the policy's cap per
/// sponsored transaction.
pub const FEE_ABOVE_CAP: u8 = 212;
/// `InvalidTransaction::Custom` code: a sponsored transaction carries a tip (the paymaster
/// never pays tips).
pub const TIP_ON_SPONSORED: u8 = 213;
/// `InvalidTransaction::Custom` code: the paymaster cannot pay this fee and neither can the
/// signer.
pub const PAYMASTER_EMPTY: u8 = 214;

/// What a sponsored call does, as governance switches sponsorship on and off.
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
pub enum Category {
	/// Orders, bids, asks, buying and cancelling on the exchange.
	CouponTrading,
	/// Giving coupons to another account.
	P2pTransfers,
	/// Redeeming coupons at a store, and the vouchers (redemption codes) for it.
	Redemption,
	/// Sending USDC or USDT to another account.
	StablecoinTransfers,
	/// Asking the fiat bridge to pay stablecoin out to a bank.
	BridgeWithdrawals,
	/// Asking for refunds and answering disputes of a redemption.
	Refunds,
}

impl Category {
	/// Every category, in declaration order.
	pub const ALL: [Category; 6] = [
		Category::CouponTrading,
		Category::P2pTransfers,
		Category::Redemption,
		Category::StablecoinTransfers,
		Category::BridgeWithdrawals,
		Category::Refunds,
	];
}

/// Which category a call belongs to (wired by the runtime). Only the exchange's own top-level
/// calls have one: governance calls and every wrapper (`utility`, `proxy`, `multisig`, `sudo`)
/// answer `None`, so what they wrap is never sponsored.
pub trait CallCategory<Call> {
	/// The call's category, or `None` if it is never sponsored.
	fn category(call: &Call) -> Option<Category>;
}

impl<Call> CallCategory<Call> for () {
	fn category(_: &Call) -> Option<Category> {
		None
	}
}

/// What the paymaster asks about a signer (wired to the compliance gate and the freezes).
pub trait SponsorEligibility<AccountId> {
	/// The KYC level `who` holds now (an expired level is L0).
	fn kyc_level(who: &AccountId) -> KycLevel;
	/// `who` is sanctioned or frozen.
	fn blocked(who: &AccountId) -> bool;
}

/// What governance sets: who is sponsored, how much, and how fast.
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
pub struct Policy<Balance, BlockNumber> {
	/// Sponsorship is on. Off, everyone pays their own fees.
	pub enabled: bool,
	/// The least KYC level an account needs to be sponsored.
	pub min_kyc: KycLevel,
	/// Length of an account's quota window in blocks, counted from its first sponsored
	/// transaction of the window.
	pub window: BlockNumber,
	/// Sponsored transactions an account may make per window.
	pub max_transactions: u32,
	/// Sponsored fees (GNX base units) an account may use per window.
	pub max_fees: Balance,
	/// The most the paymaster pays for one transaction; a dearer sponsored call is refused.
	pub max_fee_per_transaction: Balance,
	/// Weight (`ref_time`) of sponsored transactions one block may hold; beyond it they wait
	/// for the next block.
	pub block_weight_budget: u64,
	/// Below this free balance the paymaster raises `PaymasterLow` (once until refilled).
	pub low_balance: Balance,
}

/// What an account has used of its current window.
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
pub struct Usage<Balance, BlockNumber> {
	/// The block its window started at.
	pub window_start: BlockNumber,
	/// Sponsored transactions in the window (failed dispatches count).
	pub transactions: u32,
	/// Sponsored fees in the window, as finally charged.
	pub fees: Balance,
}

/// Sponsored weight used by the block being built.
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
pub struct BlockUsage<BlockNumber> {
	/// The block.
	pub block: BlockNumber,
	/// Sponsored `ref_time` in it.
	pub ref_time: u64,
}

/// Whether an account is sponsored, or why not.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub enum Eligibility {
	/// It is: its sponsored calls are paid within its quota.
	Eligible,
	/// Governance switched sponsorship off.
	Disabled,
	/// Its KYC level is below the policy's.
	KycTooLow {
		/// Level the policy needs.
		required: KycLevel,
		/// Level the account has.
		actual: KycLevel,
	},
	/// It is sanctioned or frozen.
	Blocked,
}

/// What happens to one transaction's fee.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Decision {
	/// The signer pays, as on any chain.
	SignerPays,
	/// The paymaster pays.
	Sponsored,
	/// Refused at validation with this custom code.
	Refused(u8),
}

/// An account's sponsorship, as `genex paymaster status` shows it.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct SponsorStatus<Balance, BlockNumber> {
	/// Eligible, or why not.
	pub eligibility: Eligibility,
	/// Sponsored transactions used in the current window.
	pub transactions_used: u32,
	/// Sponsored transactions left in the current window.
	pub transactions_left: u32,
	/// Sponsored fees used in the current window.
	pub fees_used: Balance,
	/// Sponsored fees left in the current window.
	pub fees_left: Balance,
	/// The block the current window ends at (a fresh window starts with the next sponsored
	/// transaction); `None` when no window is open.
	pub window_resets_at: Option<BlockNumber>,
	/// The paymaster's free balance.
	pub paymaster_balance: Balance,
}
