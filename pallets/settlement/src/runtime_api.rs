//! What apps read from the books: depth, best bid and ask, an account's open orders, a
//! class's recent trades.

use crate::types::{OrderId, Side, TradeId};
use alloc::vec::Vec;
use codec::{Codec, Decode, Encode};
use pallet_coupons::ClassId;
use scale_info::TypeInfo;

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

sp_api::decl_runtime_apis! {
	/// Order books and trades.
	pub trait SettlementApi<AccountId: Codec> {
		/// The best `levels` prices of each side of `class`'s book.
		fn depth(class: ClassId, levels: u32) -> BookDepth;
		/// The best bid and the best ask of `class`.
		fn best_bid_ask(class: ClassId) -> (Option<u128>, Option<u128>);
		/// `who`'s open orders.
		fn open_orders(who: AccountId) -> Vec<OpenOrder>;
		/// The latest `count` trades of `class`, newest first.
		fn recent_trades(class: ClassId, count: u32) -> Vec<RecentTrade<AccountId>>;
	}
}
