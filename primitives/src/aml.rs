//! What AML screening works on: the movement records the pallets write to the offchain index,
//! the rules and severities of alerts, and the rules' parameters.
//!
//! Every value movement (trade, P2P coupon gift, stablecoin transfer, redemption, order placed
//! or cancelled, fiat deposit or withdrawal) gets a sequential [`MovementId`] on chain and a
//! [`MovementRecord`] in the offchain index. The index is written on import of every block,
//! forks included, and never reverted, so a record is stored under its id *and* its chain
//! link, `blake2_256(previous link ++ encoded record)`: the chain keeps only the head (the
//! next id and the last link), and a reader walks back from the head of the block it trusts,
//! finding exactly the records of that chain whatever other forks wrote.

use crate::{AssetId, Balance, BlockNumber, Moment, DOLLARS};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::Permill;

/// Sequential identifier of a movement record.
pub type MovementId = u64;

/// Offchain-index key prefix of movement records.
pub const MOVEMENT_PREFIX: &[u8] = b"genex/movement/";

/// Offchain-index key of the record `id` whose chain link is `link`.
pub fn movement_key(id: MovementId, link: &H256) -> Vec<u8> {
	(MOVEMENT_PREFIX, id, link).encode()
}

/// The chain link of a record: the previous record's link and this record's encoding, hashed.
pub fn chain_link(previous: &H256, encoded_record: &[u8]) -> H256 {
	let mut data = Vec::with_capacity(32 + encoded_record.len());
	data.extend_from_slice(previous.as_bytes());
	data.extend_from_slice(encoded_record);
	H256(sp_io::hashing::blake2_256(&data))
}

/// Where the movement log stands on chain: the id the next record gets and the link of the
/// last one (zero before the first).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct MovementHead {
	/// Id of the next record (= how many there are).
	pub next: MovementId,
	/// Chain link of record `next - 1`.
	pub link: H256,
}

/// Which side of an order book an order is on.
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
pub enum OrderSide {
	/// Buying coupons for stablecoin.
	Bid,
	/// Selling coupons.
	Ask,
}

/// What moved. Amounts are stablecoin base units (USD, 6 decimals); a coupon movement's value
/// is the face value of the coupons moved.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub enum MovementKind<AccountId> {
	/// A coupon sold on the market (primary sale or resale).
	Trade {
		/// Settlement's trade id.
		trade: u64,
		/// Who paid.
		buyer: AccountId,
		/// Who sold.
		seller: AccountId,
		/// The coupon's class.
		class: u32,
		/// The class's issuer.
		issuer: AccountId,
		/// Price paid (without fees).
		price: Balance,
		/// The stablecoin paid in.
		asset: AssetId,
		/// A primary sale by the issuer.
		primary: bool,
	},
	/// Coupons given from one account to another.
	CouponTransfer {
		/// The giver.
		from: AccountId,
		/// The receiver.
		to: AccountId,
		/// The coupons' class.
		class: u32,
		/// The class's issuer.
		issuer: AccountId,
		/// How many coupons.
		count: u32,
		/// Their face value together.
		value: Balance,
	},
	/// Stablecoin sent from one account to another.
	StablecoinTransfer {
		/// The sender.
		from: AccountId,
		/// The receiver.
		to: AccountId,
		/// USDC or USDT.
		asset: AssetId,
		/// Base units.
		amount: Balance,
	},
	/// A coupon redeemed at a store.
	Redemption {
		/// Who redeemed it.
		holder: AccountId,
		/// The store.
		store: AccountId,
		/// The coupon's class.
		class: u32,
		/// The class's issuer.
		issuer: AccountId,
		/// Face value.
		value: Balance,
	},
	/// An order placed on a class's book.
	OrderPlaced {
		/// The order's owner.
		owner: AccountId,
		/// Settlement's order id.
		order: u64,
		/// The class.
		class: u32,
		/// Bid or ask.
		side: OrderSide,
		/// Price per coupon.
		price: Balance,
		/// Coupons.
		quantity: u32,
	},
	/// An order cancelled by its owner before it filled.
	OrderCancelled {
		/// The order's owner.
		owner: AccountId,
		/// Settlement's order id.
		order: u64,
		/// The class.
		class: u32,
		/// Bid or ask.
		side: OrderSide,
		/// Price per coupon.
		price: Balance,
		/// Coupons left unfilled.
		remaining: u32,
	},
	/// Bank money brought in: stablecoin minted to `account` by the fiat bridge.
	FiatDeposit {
		/// Who received the stablecoin.
		account: AccountId,
		/// USDC or USDT.
		asset: AssetId,
		/// Base units minted.
		amount: Balance,
		/// The gateway provider.
		provider: u32,
	},
	/// Stablecoin taken out to a bank account (recorded when requested).
	FiatWithdrawal {
		/// Who withdraws.
		account: AccountId,
		/// USDC or USDT.
		asset: AssetId,
		/// Base units.
		amount: Balance,
		/// The gateway provider.
		provider: u32,
	},
}

/// One movement as the offchain index holds it.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct MovementRecord<AccountId> {
	/// Sequential id.
	pub id: MovementId,
	/// The block it happened in.
	pub block: BlockNumber,
	/// The extrinsic's index in that block.
	pub extrinsic: u32,
	/// Chain time, in milliseconds since the Unix epoch.
	pub at: Moment,
	/// What moved.
	pub kind: MovementKind<AccountId>,
}

/// A movement record an alert cites, with where it happened, so that a report can be written
/// from chain data alone.
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
pub struct EvidenceRef {
	/// The record's id.
	pub movement: MovementId,
	/// Its block.
	pub block: BlockNumber,
	/// Its extrinsic's index in the block.
	pub extrinsic: u32,
	/// Chain time (ms).
	pub at: Moment,
	/// What it moved (stablecoin base units; face value for coupons; 0 for orders).
	pub amount: Balance,
}

impl<AccountId> MovementRecord<AccountId> {
	/// This record as evidence.
	pub fn evidence(&self) -> EvidenceRef {
		EvidenceRef {
			movement: self.id,
			block: self.block,
			extrinsic: self.extrinsic,
			at: self.at,
			amount: self.kind.amount(),
		}
	}
}

impl<AccountId> MovementKind<AccountId> {
	/// The value moved: price, amount or face value; 0 for order placements and cancellations.
	pub fn amount(&self) -> Balance {
		match self {
			Self::Trade { price, .. } => *price,
			Self::CouponTransfer { value, .. } | Self::Redemption { value, .. } => *value,
			Self::StablecoinTransfer { amount, .. }
			| Self::FiatDeposit { amount, .. }
			| Self::FiatWithdrawal { amount, .. } => *amount,
			Self::OrderPlaced { .. } | Self::OrderCancelled { .. } => 0,
		}
	}

	/// Every account the movement involves.
	pub fn accounts(&self) -> Vec<&AccountId> {
		match self {
			Self::Trade { buyer, seller, .. } => alloc::vec![buyer, seller],
			Self::CouponTransfer { from, to, .. } | Self::StablecoinTransfer { from, to, .. } => {
				alloc::vec![from, to]
			},
			Self::Redemption { holder, store, .. } => alloc::vec![holder, store],
			Self::OrderPlaced { owner, .. } | Self::OrderCancelled { owner, .. } => {
				alloc::vec![owner]
			},
			Self::FiatDeposit { account, .. } | Self::FiatWithdrawal { account, .. } => {
				alloc::vec![account]
			},
		}
	}
}

/// The AML rule behind an alert (seed §12.3, §14.3, §15).
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
pub enum AmlRule {
	/// More than 10 distinct P2P recipients in 24 hours.
	FanOut,
	/// Three or more transactions in [$2,500, $3,000) in 24 hours.
	Structuring,
	/// More than 80 % of at least 20 orders cancelled within an hour.
	Spoofing,
	/// A single amount above $10,000.
	LargeAmount,
	/// More than 20 transfers in an hour.
	Velocity,
	/// Coupons bought, given to another account that sells them or withdraws within 72 hours.
	BuyTransferWithdraw,
	/// An issuer, or an account it funded, buying the issuer's own coupons.
	SelfDealing,
	/// A movement involving a sanctioned account.
	SanctionsHit,
	/// Filed by a compliance officer.
	Manual,
	/// Value moving round a cycle of accounts back to where it started.
	Cycle,
	/// Resting orders at successive prices on one side placed and cancelled while the account
	/// trades on the other side.
	Layering,
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
	/// Critical: the account is frozen and a case opened at once.
	Critical,
}

/// Most entries the screening worker keeps per account in one list of its window state (the
/// oldest go first): thresholds that need more could never be reached.
pub const MAX_WINDOW_ENTRIES: u32 = 64;

const HOUR_MS: Moment = 3_600_000;
const DAY_MS: Moment = 24 * HOUR_MS;

/// The AML rules' parameters, set by governance. [`Default`] gives the seed's values. Windows
/// are milliseconds of chain time; amounts stablecoin base units.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct AmlParams {
	/// Fan-out fires above this many distinct P2P recipients in the window (10).
	pub fan_out_recipients: u32,
	/// Fan-out window (24 h).
	pub fan_out_window: Moment,
	/// Structuring band, lowest amount included ($2,500).
	pub structuring_min: Balance,
	/// Structuring band, first amount above it ($3,000: the Travel Rule threshold).
	pub structuring_max: Balance,
	/// Structuring fires at this many transactions in the band in the window (3).
	pub structuring_count: u32,
	/// Structuring window (24 h).
	pub structuring_window: Moment,
	/// A single amount above this is large ($10,000).
	pub large_amount: Balance,
	/// Velocity fires above this many transfers in the window (20).
	pub velocity_transfers: u32,
	/// Velocity window (1 h).
	pub velocity_window: Moment,
	/// Buy -> transfer -> sell/withdraw window (72 h).
	pub relay_window: Moment,
	/// How long a funding transfer from an issuer makes the receiver "funded by" it, for
	/// self-dealing (30 days).
	pub funding_window: Moment,
	/// Longest cycle of accounts looked for (6).
	pub cycle_max_accounts: u32,
	/// Cycle window (7 days).
	pub cycle_window: Moment,
	/// Spoofing looks at accounts with at least this many orders in the window (20).
	pub spoofing_min_orders: u32,
	/// Spoofing fires above this share of those orders cancelled (80 %).
	pub spoofing_cancel_rate: Permill,
	/// Spoofing window (1 h).
	pub spoofing_window: Moment,
	/// Layering fires at this many resting orders at distinct successive prices on one side
	/// (3).
	pub layering_levels: u32,
	/// Layering window: orders placed and cancelled, and the trade on the other side, all
	/// within it (10 min).
	pub layering_window: Moment,
}

impl Default for AmlParams {
	fn default() -> Self {
		Self {
			fan_out_recipients: 10,
			fan_out_window: DAY_MS,
			structuring_min: 2_500 * DOLLARS,
			structuring_max: 3_000 * DOLLARS,
			structuring_count: 3,
			structuring_window: DAY_MS,
			large_amount: 10_000 * DOLLARS,
			velocity_transfers: 20,
			velocity_window: HOUR_MS,
			relay_window: 72 * HOUR_MS,
			funding_window: 30 * DAY_MS,
			cycle_max_accounts: 6,
			cycle_window: 7 * DAY_MS,
			spoofing_min_orders: 20,
			spoofing_cancel_rate: Permill::from_percent(80),
			spoofing_window: HOUR_MS,
			layering_levels: 3,
			layering_window: 10 * 60_000,
		}
	}
}

impl AmlParams {
	/// Why these parameters cannot be used, if they cannot.
	pub fn check(&self) -> Result<(), &'static str> {
		let windows = [
			self.fan_out_window,
			self.structuring_window,
			self.velocity_window,
			self.relay_window,
			self.funding_window,
			self.cycle_window,
			self.spoofing_window,
			self.layering_window,
		];
		if windows.iter().any(|w| *w == 0 || *w > 31 * DAY_MS) {
			return Err("every window is between 1 ms and 31 days");
		}
		if self.structuring_min >= self.structuring_max {
			return Err("the structuring band is empty");
		}
		if self.structuring_count < 2 || self.spoofing_min_orders == 0 || self.layering_levels < 2 {
			return Err("counts too small to mean anything");
		}
		// "More than n" needs n + 1 entries; "n or more" needs n.
		let above = [self.fan_out_recipients, self.velocity_transfers];
		let at_least = [self.structuring_count, self.spoofing_min_orders, self.layering_levels];
		if above.iter().any(|n| *n >= MAX_WINDOW_ENTRIES)
			|| at_least.iter().any(|n| *n > MAX_WINDOW_ENTRIES)
		{
			return Err("a count beyond the 64 entries the window state keeps");
		}
		if !(2..=8).contains(&self.cycle_max_accounts) {
			return Err("cycles are looked for among 2 to 8 accounts");
		}
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn defaults_are_the_seeds_and_valid() {
		let p = AmlParams::default();
		assert_eq!(p.check(), Ok(()));
		assert_eq!(p.structuring_max, 3_000_000_000);
		assert_eq!(p.spoofing_cancel_rate, Permill::from_percent(80));
		let mut bad = p.clone();
		bad.structuring_min = bad.structuring_max;
		assert!(bad.check().is_err());
		let mut bad = p.clone();
		bad.velocity_window = 0;
		assert!(bad.check().is_err());
		// Counts the window state can reach, and one past them.
		let mut edge = p.clone();
		edge.fan_out_recipients = 63;
		edge.velocity_transfers = 63;
		edge.structuring_count = 64;
		edge.spoofing_min_orders = 64;
		edge.layering_levels = 64;
		assert_eq!(edge.check(), Ok(()));
		for past in [
			AmlParams { fan_out_recipients: 64, ..edge.clone() },
			AmlParams { velocity_transfers: 64, ..edge.clone() },
			AmlParams { structuring_count: 65, ..edge.clone() },
			AmlParams { spoofing_min_orders: 65, ..edge.clone() },
			AmlParams { layering_levels: 65, ..edge.clone() },
		] {
			assert_eq!(past.check(), Err("a count beyond the 64 entries the window state keeps"));
		}
	}

	#[test]
	fn a_link_depends_on_the_previous_link_and_the_record() {
		let a = chain_link(&H256::zero(), b"record");
		assert_ne!(a, chain_link(&H256::repeat_byte(1), b"record"));
		assert_ne!(a, chain_link(&H256::zero(), b"recorc"));
		assert_ne!(movement_key(1, &a), movement_key(2, &a));
	}
}
