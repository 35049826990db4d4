//! What apps read from the books: depth, best bid and ask, an account's open orders, a
//! class's recent trades, a market maker's standing and uptime.

use crate::types::{MarketMakerStatus, Obligations, OrderId, QuoteSample, Side, TradeId};
use alloc::vec::Vec;
use codec::{Codec, Decode, Encode};
use pallet_coupons::ClassId;
use scale_info::TypeInfo;
use sp_runtime::Permill;

/// One price of a book: the price and the coupons offered or wanted there.
pub type DepthLevel = (u128, u32);

/// The top of a book, best prices first on both sides.
#[derive(Clone, PartialEq, Eq, Debug, Default, Encode, Decode, TypeInfo)]
pub struct BookDepth {
	/// Bids, highest price first.
	pub bids: Vec<DepthLevel>,
	/// Asks, lowest price first.
	pub asks: Vec<DepthLevel>,
}

/// An open order as apps see it.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct OpenOrder {
	/// Its id.
	pub id: OrderId,
	/// Its class.
	pub class: ClassId,
	/// Bid or ask.
	pub side: Side,
	/// Limit price.
	pub price: u128,
	/// Coupons still offered or wanted.
	pub remaining: u32,
	/// Lapses at (ms), if set.
	pub expires_at: Option<u64>,
}

/// A settled trade as apps see it.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct RecentTrade<AccountId> {
	/// Its id.
	pub id: TradeId,
	/// The coupon's serial in its class.
	pub serial: u32,
	/// Price.
	pub price: u128,
	/// Buyer.
	pub buyer: AccountId,
	/// Seller.
	pub seller: AccountId,
	/// Primary sale.
	pub primary: bool,
	/// When (ms).
	pub at: u64,
}

/// A market maker: its standing, its obligations and how well it has kept them.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct MarketMakerReport {
	/// Deposit held.
	pub deposit: u128,
	/// Active, suspended or terminated.
	pub status: MarketMakerStatus,
	/// Its commitments.
	pub obligations: Obligations,
	/// The classes it committed to quote.
	pub classes: Vec<ClassId>,
	/// Share of the samples in the window that met the obligations.
	pub uptime: Permill,
	/// The uptime it must keep (the larger of the governance floor and its own).
	pub floor: Permill,
	/// Samples in the window so far.
	pub samples: u32,
	/// Samples the window holds.
	pub window: u32,
	/// Block of the latest sample, if any.
	pub last_sampled: Option<u32>,
	/// Below its floor since this block, if it is.
	pub below_floor_since: Option<u32>,
	/// Suspended at this block unless it recovers, when below its floor.
	pub suspend_at: Option<u32>,
	/// What the latest sample saw, class by class.
	pub latest: Vec<QuoteSample>,
}

sp_api::decl_runtime_apis! {
	/// Order books and trades.
	pub trait SettlementApi<AccountId: Codec> {
		// Parameters are `class_id`, not `class`: the names reach the metadata, and
		// generators of JavaScript and TypeScript (PAPI's codegen) emit them as identifiers,
		// where `class` is reserved.
		/// The best `levels` prices of each side of class `class_id`'s book.
		fn depth(class_id: ClassId, levels: u32) -> BookDepth;
		/// The best bid and the best ask of class `class_id`.
		fn best_bid_ask(class_id: ClassId) -> (Option<u128>, Option<u128>);
		/// `who`'s open orders.
		fn open_orders(who: AccountId) -> Vec<OpenOrder>;
		/// The latest `count` trades of class `class_id`, newest first.
		fn recent_trades(class_id: ClassId, count: u32) -> Vec<RecentTrade<AccountId>>;
		/// `who` as a market maker, if it is one.
		fn market_maker(who: AccountId) -> Option<MarketMakerReport>;
	}
}
