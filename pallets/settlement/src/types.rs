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

impl From<Side> for genex_primitives::aml::OrderSide {
	fn from(side: Side) -> Self {
		match side {
			Side::Bid => Self::Bid,
			Side::Ask => Self::Ask,
		}
	}
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

/// How the chain watches market makers' quotes (governance-set; seed §12.1).
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
pub struct MonitoringParams {
	/// Blocks between two samples of every active market maker.
	pub sample_interval: u32,
	/// Samples the uptime is computed over (1 to [`MAX_UPTIME_WINDOW`]).
	pub window: u32,
	/// Least uptime of every market maker; one whose own `min_uptime` is higher is held to
	/// that.
	pub floor: Permill,
	/// Blocks a market maker below its floor has to recover before it is suspended.
	pub grace: u32,
}

/// Most samples an uptime window holds (the bits of [`UptimeRecord::history`]).
pub const MAX_UPTIME_WINDOW: u32 = 128;

impl MonitoringParams {
	/// The seed's defaults at 6 s blocks: a sample a minute, uptime over the last two hours,
	/// 95 %, an hour to recover.
	pub const SEED: Self =
		Self { sample_interval: 10, window: 120, floor: Permill::from_percent(95), grace: 600 };

	/// The uptime a market maker with `obligations` must keep: the floor, or its own
	/// `min_uptime` if higher.
	pub fn floor_for(&self, obligations: &Obligations) -> Permill {
		self.floor.max(obligations.min_uptime)
	}

	/// Whether the parameters make sense: a sample interval and grace of at least one block, a
	/// window of 1 to [`MAX_UPTIME_WINDOW`] samples.
	pub fn is_valid(&self) -> bool {
		self.sample_interval > 0 && self.grace > 0 && (1..=MAX_UPTIME_WINDOW).contains(&self.window)
	}
}

/// What one sample saw of a market maker's quotes on one class.
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
pub struct QuoteSample {
	/// The class.
	pub class: ClassId,
	/// Its highest open bid.
	pub best_bid: Option<Balance>,
	/// Its lowest open ask.
	pub best_ask: Option<Balance>,
	/// Spread of the two in basis points of their midpoint, when it quotes both sides.
	pub spread_bps: Option<u32>,
	/// Coupons its open bids want.
	pub bid_depth: u32,
	/// Coupons its open asks offer.
	pub ask_depth: u32,
	/// Both sides quoted, the spread within its obligation, each side at least its depth.
	pub met: bool,
}

impl QuoteSample {
	/// What `bids` and `asks` (price, coupons) of a market maker on `class` amount to against
	/// `obligations`.
	pub fn measure(
		class: ClassId,
		obligations: &Obligations,
		orders: impl IntoIterator<Item = (Side, Balance, u32)>,
	) -> Self {
		let (mut best_bid, mut best_ask, mut bid_depth, mut ask_depth) =
			(None::<Balance>, None::<Balance>, 0u32, 0u32);
		for (side, price, remaining) in orders {
			match side {
				Side::Bid => {
					best_bid = Some(best_bid.map_or(price, |best| best.max(price)));
					bid_depth = bid_depth.saturating_add(remaining);
				},
				Side::Ask => {
					best_ask = Some(best_ask.map_or(price, |best| best.min(price)));
					ask_depth = ask_depth.saturating_add(remaining);
				},
			}
		}
		let spread_bps = match (best_bid, best_ask) {
			(Some(bid), Some(ask)) => Some(spread_bps(bid, ask)),
			_ => None,
		};
		let met = spread_bps.is_some_and(|spread| spread <= obligations.max_spread_bps)
			&& bid_depth >= obligations.min_depth_per_side
			&& ask_depth >= obligations.min_depth_per_side;
		Self { class, best_bid, best_ask, spread_bps, bid_depth, ask_depth, met }
	}
}

/// `ask − bid` in basis points of the midpoint `(bid + ask) / 2`, rounded up (0 when the bid
/// is at or above the ask).
pub fn spread_bps(bid: Balance, ask: Balance) -> u32 {
	let gap = ask.saturating_sub(bid);
	let sum = ask.saturating_add(bid);
	if gap == 0 || sum == 0 {
		return 0;
	}
	// gap / ((bid + ask) / 2) × 10,000 = gap × 20,000 / (bid + ask), without overflow.
	let bps = sp_runtime::helpers_128bit::multiply_by_rational_with_rounding(
		gap,
		20_000,
		sum,
		sp_runtime::Rounding::Up,
	)
	.unwrap_or(u128::MAX);
	u32::try_from(bps).unwrap_or(u32::MAX)
}

/// A market maker's record of samples: which of the last ones met its obligations.
#[derive(CloneNoBound, PartialEqNoBound, DebugNoBound, Encode, Decode, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(MaxClasses))]
pub struct UptimeRecord<MaxClasses: Get<u32>> {
	/// One bit per sample, the latest in bit 0: set when it met its obligations.
	pub history: u128,
	/// Samples in `history` (at most the window).
	pub samples: u32,
	/// Block of the latest sample.
	pub last_sampled: u32,
	/// Since when it is below its floor (block), if it is.
	pub below_floor_since: Option<u32>,
	/// What the latest sample saw, class by class.
	pub latest: BoundedVec<QuoteSample, MaxClasses>,
}

impl<MaxClasses: Get<u32>> Default for UptimeRecord<MaxClasses> {
	fn default() -> Self {
		Self {
			history: 0,
			samples: 0,
			last_sampled: 0,
			below_floor_since: None,
			latest: BoundedVec::new(),
		}
	}
}

impl<MaxClasses: Get<u32>> UptimeRecord<MaxClasses> {
	/// Adds a sample, keeping the last `window` ones.
	pub fn push(&mut self, met: bool, window: u32) {
		let window = window.clamp(1, MAX_UPTIME_WINDOW);
		self.history = (self.history << 1) | u128::from(met);
		self.samples = self.samples.saturating_add(1).min(window);
		if window < MAX_UPTIME_WINDOW {
			self.history &= (1u128 << window) - 1;
		}
	}

	/// Share of the samples kept that met the obligations (all of them before the first).
	pub fn uptime(&self) -> Permill {
		if self.samples == 0 {
			return Permill::one();
		}
		let kept = if self.samples >= MAX_UPTIME_WINDOW {
			self.history
		} else {
			self.history & ((1u128 << self.samples) - 1)
		};
		Permill::from_rational(kept.count_ones(), self.samples)
	}
}

/// Longest raw storage key of a market maker the sampling cursor keeps.
pub const MAX_MARKET_MAKER_KEY: u32 = 128;
