//! Orders, price levels, trades, fee rates, disputes and market makers.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::Get, BoundedVec, CloneNoBound, DebugNoBound, DefaultNoBound, PartialEqNoBound,
};
use pallet_coupons::{ClassId, CouponId};
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::Permill;

/// Stablecoin base units (6 decimals).
pub type Balance = u128;
/// A stablecoin's `pallet-assets` id.
pub type AssetId = u32;
/// Identifier of an order (never reused).
pub type OrderId = u64;
/// Where a resting order is stored: its owner and its id (the owner first, so that an
/// account's open orders are one prefix of the orders map).
pub type OrderKey<AccountId> = (AccountId, OrderId);
/// Identifier of a trade (one coupon changing hands).
pub type TradeId = u64;
/// Milliseconds since the Unix epoch.
pub type Moment = u64;
/// Identifier of a dispute (in opening order).
pub type DisputeId = u64;

/// Buy or sell.
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
pub enum Side {
	/// A bid: a quantity of any coupons of the class at most at a price.
	Bid,
	/// An ask: specific coupons the seller owns, at least at a price.
	Ask,
}

impl Side {
	/// The side an order of this side trades against.
	pub fn opposite(self) -> Side {
		match self {
			Side::Bid => Side::Ask,
			Side::Ask => Side::Bid,
		}
	}
}

/// How long an order lives.
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
pub enum TimeInForce {
	/// Rests until filled, cancelled or expired.
	GoodTillCancelled,
	/// Fills what it can at once; the rest is cancelled.
	ImmediateOrCancel,
	/// Fills completely at once or not at all.
	FillOrKill,
}

/// What a caller asks for when placing an order.
#[derive(
	CloneNoBound, PartialEqNoBound, DebugNoBound, Encode, Decode, DecodeWithMemTracking, TypeInfo,
)]
#[scale_info(skip_type_params(MaxCoupons))]
pub struct OrderRequest<Balance: Clone + PartialEq + core::fmt::Debug, MaxCoupons: Get<u32>> {
	/// The class traded.
	pub class: ClassId,
	/// Limit price per coupon, stablecoin base units.
	pub price: Balance,
	/// What is offered or wanted.
	pub offer: Offer<MaxCoupons>,
	/// Lifetime.
	pub time_in_force: TimeInForce,
	/// Refuse the order if it would trade at once (makers only).
	pub post_only: bool,
	/// The order lapses at this time (ms), if given.
	pub expires_at: Option<Moment>,
}

/// The two sides' offers.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
#[scale_info(skip_type_params(MaxCoupons))]
pub enum Offer<MaxCoupons: Get<u32>> {
	/// Buy this many coupons.
	Bid { quantity: u32 },
	/// Sell these coupons (all of the order's class), first to last.
	Ask { coupons: BoundedVec<CouponId, MaxCoupons> },
}

impl<MaxCoupons: Get<u32>> Offer<MaxCoupons> {
	/// The coupons an ask lists (0 for a bid): what its weight depends on.
	pub fn coupons(&self) -> u32 {
		match self {
			Offer::Bid { .. } => 0,
			Offer::Ask { coupons } => coupons.len() as u32,
		}
	}
}

/// A resting order, a node of its price level's FIFO list.
#[derive(CloneNoBound, PartialEqNoBound, DebugNoBound, Encode, Decode, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(MaxCoupons))]
#[codec(mel_bound(AccountId: MaxEncodedLen, Balance: MaxEncodedLen))]
pub struct Order<
	AccountId: Clone + PartialEq + core::fmt::Debug,
	Balance: Clone + PartialEq + core::fmt::Debug,
	MaxCoupons: Get<u32>,
> {
	/// Who placed it.
	pub owner: AccountId,
	/// Its class.
	pub class: ClassId,
	/// Bid or ask.
	pub side: Side,
	/// Limit price per coupon.
	pub price: Balance,
	/// Bids: coupons still wanted. Asks: `coupons.len()`.
	pub remaining: u32,
	/// Asks: the coupons still offered (listed, locked), first sold first.
	pub coupons: BoundedVec<CouponId, MaxCoupons>,
	/// Bids: stablecoin of the owner's still held for it (frozen in the owner's account).
	pub held: Balance,
	/// Lapses at this time (ms), if given.
	pub expires_at: Option<Moment>,
	/// When it was placed (ms).
	pub placed_at: Moment,
	/// The order before it at its price (older).
	pub prev: Option<OrderKey<AccountId>>,
	/// The order after it at its price (younger).
	pub next: Option<OrderKey<AccountId>>,
}

/// One price of one side of a book: its FIFO queue and its depth.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	DebugNoBound,
	DefaultNoBound,
	Encode,
	Decode,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct Level<AccountId: Clone + PartialEq + core::fmt::Debug> {
	/// Oldest order (first to fill).
	pub head: Option<OrderKey<AccountId>>,
	/// Youngest order.
	pub tail: Option<OrderKey<AccountId>>,
	/// Coupons offered or wanted at this price.
	pub quantity: u32,
	/// Orders at this price.
	pub orders: u32,
}

/// Maker and taker fee rates (governance).
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
pub struct FeeRates {
	/// Paid by the side whose order was resting (0.1 %).
	pub maker: Permill,
	/// Paid by the side whose order arrived and crossed (0.5 %).
	pub taker: Permill,
}

impl FeeRates {
	/// The seed's rates: maker 0.1 %, taker 0.5 %.
	pub const SEED: FeeRates =
		FeeRates { maker: Permill::from_parts(1_000), taker: Permill::from_parts(5_000) };
}

/// One coupon changing hands at a price.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct Trade<AccountId, Balance> {
	/// The coupon.
	pub coupon: CouponId,
	/// New owner.
	pub buyer: AccountId,
	/// Old owner.
	pub seller: AccountId,
	/// Price paid (the resting order's price).
	pub price: Balance,
	/// Fee the buyer paid on top of the price.
	pub buyer_fee: Balance,
	/// Fee taken from the seller's proceeds.
	pub seller_fee: Balance,
	/// A primary sale (the issuer selling a coupon never sold).
	pub primary: bool,
	/// When (ms).
	pub at: Moment,
}

/// Travel Rule data a P2P transfer at or above the threshold carries (hashes only).
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
pub struct TravelRuleData {
	/// Hash of the originator's identity record.
	pub originator: H256,
	/// Hash of the beneficiary's identity record.
	pub beneficiary: H256,
	/// The beneficiary is a customer of another platform (VASP).
	pub beneficiary_external: bool,
}

/// Where a dispute stands.
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
pub enum DisputeStatus {
	/// Opened by the buyer; an arbitrator must respond within 24 h.
	Submitted,
	/// An arbitrator took it; it must be resolved within 72 h of opening.
	UnderArbitration,
	/// Refund approved: the trade was reversed (fees not refunded).
	Refunded,
	/// Refund refused.
	Rejected,
	/// A deadline passed: escalated automatically.
	Escalated,
}

/// A buyer's dispute of a secondary trade.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct Dispute<AccountId> {
	/// The trade disputed.
	pub trade: TradeId,
	/// The buyer.
	pub buyer: AccountId,
	/// Hash of the buyer's evidence.
	pub evidence: H256,
	/// Where it stands.
	pub status: DisputeStatus,
	/// The arbitrator who took it.
	pub arbitrator: Option<AccountId>,
	/// Opened (ms).
	pub opened_at: Moment,
}

/// A market maker's commitments.
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
pub struct Obligations {
	/// Widest spread it may quote, basis points.
	pub max_spread_bps: u32,
	/// Least depth per side, coupons.
	pub min_depth_per_side: u32,
	/// Least uptime.
	pub min_uptime: Permill,
}

/// Standing of a market maker.
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
pub enum MarketMakerStatus {
	/// May use `batch`.
	Active,
	/// Temporarily barred by compliance.
	Suspended,
	/// Ended; the deposit was returned.
	Terminated,
}

/// A registered market maker.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct MarketMaker<Balance> {
	/// Deposit held in escrow.
	pub deposit: Balance,
	/// Its commitments.
	pub obligations: Obligations,
	/// Standing.
	pub status: MarketMakerStatus,
}

/// One operation of a market maker's `batch`.
#[derive(
	CloneNoBound, PartialEqNoBound, DebugNoBound, Encode, Decode, DecodeWithMemTracking, TypeInfo,
)]
#[scale_info(skip_type_params(MaxCoupons))]
pub enum BatchOp<Balance: Clone + PartialEq + core::fmt::Debug, MaxCoupons: Get<u32>> {
	/// Place an order.
	Place(OrderRequest<Balance, MaxCoupons>),
	/// Cancel one of the caller's orders.
	Cancel(OrderId),
}
