//! # Settlement pallet
//!
//! The trading and clearing side of the exchange (seed §4.1, §11.1, §11.3, §12, §17, §22):
//!
//! - One order book per coupon class. Asks offer specific coupons the seller owns (listed and
//!   locked through the coupons pallet's ledger); bids want a quantity at a limit price and
//!   hold `price × quantity` plus the most they can pay in fees: the stablecoin stays in the
//!   bidder's account, frozen through `pallet-assets`' `Freezer` hook, which this pallet
//!   implements from its `BidHolds`.
//! - `place_order` matches by price, then time; the taker trades at the resting price; partial
//!   fills; self-trade prevention (the resting order of the same owner is cancelled); at most
//!   `MaxFillsPerCall` fills per call, weight refunded to what was used.
//! - Each fill settles atomically: stablecoin buyer → seller, coupon seller → buyer, maker and
//!   taker fees to the treasury. A primary sale (the issuer selling a never-sold coupon) marks
//!   it sold; a secondary sale counts a resale.
//! - Every trade passes the compliance gate and is written to offchain indexing for AML
//!   screening.
//!
//! Design notes for what is still to come (P2P transfers, refunds, disputes, market makers,
//! runtime API) are in `DESIGN.md`.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod book;
mod disputes;
mod holds;
mod market_makers;
#[cfg(test)]
mod mock;
pub mod runtime_api;
#[cfg(test)]
mod tests;
mod trading;
mod transfers;
pub mod types;
pub mod weights;

pub use trading::Placed;
pub use types::*;
pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{fungibles, UnixTime},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use pallet_compliance::{ComplianceGate, RoleInspect, TravelRuleRecorder};
	use pallet_coupons::{ClassId, CouponLedger};
	use sp_core::H256;
	use sp_runtime::{traits::SaturatedConversion, Permill};

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// A batch operation of this runtime.
	pub type BatchOpOf<T> = BatchOp<Balance, <T as Config>::MaxCouponsPerOrder>;
	/// A resting order of this runtime.
	pub type OrderOf<T> =
		Order<<T as frame_system::Config>::AccountId, Balance, <T as Config>::MaxCouponsPerOrder>;
	/// A price level of this runtime.
	pub type LevelOf<T> = Level<<T as frame_system::Config>::AccountId>;

	/// Configuration of the settlement pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The coupons pallet: reads coupons and classes, moves coupons through its state
		/// machine.
		type Coupons: CouponLedger<Self::AccountId, AssetId = AssetId, Balance = Balance>;
		/// The stablecoins (`pallet-assets`).
		type Assets: fungibles::Mutate<Self::AccountId, AssetId = AssetId, Balance = Balance>;
		/// The compliance gate every trade and transfer asks.
		type Gate: ComplianceGate<Self::AccountId>;
		/// Where Travel Rule records of P2P transfers go.
		type TravelRule: TravelRuleRecorder<Self::AccountId>;
		/// The movement log AML screening reads: every trade, P2P transfer, order placed and
		/// order cancelled is recorded there.
		type Movements: pallet_compliance::MovementLog<Self::AccountId>;
		/// Who arbitrates disputes.
		type Roles: RoleInspect<Self::AccountId>;
		/// Wall-clock time.
		type TimeProvider: UnixTime;
		/// Sets fee rates.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Sets market makers' status.
		type ComplianceOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Receives trading fees.
		type Treasury: Get<Self::AccountId>;
		/// The seed of the escrow account that keeps market makers' deposits.
		#[pallet::constant]
		type PalletId: Get<PalletId>;
		/// Most coupons one ask offers.
		#[pallet::constant]
		type MaxCouponsPerOrder: Get<u32>;
		/// Most distinct prices on one side of a book.
		#[pallet::constant]
		type MaxPriceLevels: Get<u32>;
		/// Most fills one call settles (bounds its weight).
		#[pallet::constant]
		type MaxFillsPerCall: Get<u32>;
		/// An arbitrator must take a dispute within this long after it opened (24 h, ms).
		#[pallet::constant]
		type ResponseDeadline: Get<Moment>;
		/// A dispute must be decided within this long after it opened (72 h, ms).
		#[pallet::constant]
		type ResolutionDeadline: Get<Moment>;
		/// Least deposit of a market maker.
		#[pallet::constant]
		type MinMarketMakerDeposit: Get<Balance>;
		/// The stablecoin market makers deposit.
		#[pallet::constant]
		type MarketMakerAsset: Get<AssetId>;
		/// Trades kept per class for the recent-trades query.
		#[pallet::constant]
		type MaxRecentTrades: Get<u32>;
		/// Most operations in one `batch` (100).
		#[pallet::constant]
		type MaxBatch: Get<u32>;
		/// Most disputes the block hook looks at for escalation in one block.
		#[pallet::constant]
		type MaxEscalationsPerBlock: Get<u32>;
		/// Most classes a market maker commits to quote.
		#[pallet::constant]
		type MaxQuotedClasses: Get<u32>;
		/// Most of a market maker's open orders one sample reads (its quotes beyond these are
		/// not seen).
		#[pallet::constant]
		type MaxSampledOrders: Get<u32>;
		/// Weights from the benchmarks.
		type WeightInfo: WeightInfo;

		/// What the benchmarks need from the runtime.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Runtime support for this pallet's benchmarks: classes, money, KYC and roles come from
	/// other pallets.
	#[cfg(feature = "runtime-benchmarks")]
	pub trait BenchmarkHelper<AccountId> {
		/// An approved `issuer` with an active utility class of `supply` coupons minted to it;
		/// returns the class, its face value and its stablecoin.
		fn active_class(issuer: &AccountId, supply: u32) -> (ClassId, Balance, AssetId);
		/// Gives `who` `amount` of `asset`.
		fn fund(who: &AccountId, asset: AssetId, amount: Balance);
		/// Sets `who`'s KYC level.
		fn set_kyc(who: &AccountId, level: pallet_compliance::KycLevel);
		/// Gives `who` the arbitrator role.
		fn make_arbitrator(who: &AccountId);
		/// Sets the wall-clock time, in milliseconds.
		fn set_time(now: Moment);
	}

	/// Fee rates in force (maker 0.1 %, taker 0.5 % unless governance changed them).
	#[pallet::storage]
	pub type Fees<T: Config> = StorageValue<_, FeeRates, ValueQuery, SeedFees>;

	/// The seed's fee rates.
	#[pallet::type_value]
	pub fn SeedFees() -> FeeRates {
		FeeRates::SEED
	}

	/// The next order id.
	#[pallet::storage]
	pub type NextOrderId<T: Config> = StorageValue<_, OrderId, ValueQuery>;

	/// The next trade id.
	#[pallet::storage]
	pub type NextTradeId<T: Config> = StorageValue<_, TradeId, ValueQuery>;

	/// Resting orders, by owner and id: an account's open orders are one prefix.
	#[pallet::storage]
	pub type Orders<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, OrderId, OrderOf<T>>;

	/// What each account's open bids hold of each stablecoin. It stays in the account, frozen
	/// (this pallet is `pallet-assets`' `Freezer`), so a resting bid costs one write instead of
	/// a transfer into escrow.
	#[pallet::storage]
	pub type BidHolds<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		AssetId,
		Blake2_128Concat,
		T::AccountId,
		Balance,
		ValueQuery,
	>;

	/// The FIFO queue and depth of each price of each side of each book.
	#[pallet::storage]
	pub type Levels<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, ClassId>,
			NMapKey<Twox64Concat, Side>,
			NMapKey<Twox64Concat, Balance>,
		),
		LevelOf<T>,
		ValueQuery,
	>;

	/// The prices with orders on each side of each book, ascending (best ask first, best bid
	/// last).
	#[pallet::storage]
	pub type Prices<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		ClassId,
		Twox64Concat,
		Side,
		BoundedVec<Balance, T::MaxPriceLevels>,
		ValueQuery,
	>;

	/// Disputes of secondary trades.
	#[pallet::storage]
	pub type Disputes<T: Config> = StorageMap<_, Twox64Concat, DisputeId, Dispute<T::AccountId>>;

	/// The dispute of each disputed trade.
	#[pallet::storage]
	pub type DisputedTrades<T: Config> = StorageMap<_, Twox64Concat, TradeId, DisputeId>;

	/// The next dispute id.
	#[pallet::storage]
	pub type NextDisputeId<T: Config> = StorageValue<_, DisputeId, ValueQuery>;

	/// The first dispute whose 24 h response deadline the hook has not passed yet.
	#[pallet::storage]
	pub type ResponseCursor<T: Config> = StorageValue<_, DisputeId, ValueQuery>;

	/// The first dispute whose 72 h resolution deadline the hook has not passed yet.
	#[pallet::storage]
	pub type ResolutionCursor<T: Config> = StorageValue<_, DisputeId, ValueQuery>;

	/// The latest trades of each class, oldest first.
	#[pallet::storage]
	pub type RecentTrades<T: Config> =
		StorageMap<_, Twox64Concat, ClassId, BoundedVec<TradeId, T::MaxRecentTrades>, ValueQuery>;

	/// Registered market makers.
	#[pallet::storage]
	pub type MarketMakers<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, MarketMaker<Balance>>;

	/// The classes each market maker commits to quote.
	#[pallet::storage]
	pub type QuotedClasses<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<ClassId, T::MaxQuotedClasses>,
		ValueQuery,
	>;

	/// Each market maker's samples: its uptime and what the latest sample saw.
	#[pallet::storage]
	pub type Uptime<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, UptimeRecord<T::MaxQuotedClasses>>;

	/// How market makers are watched (the seed's defaults unless governance changed them).
	#[pallet::storage]
	pub type Monitoring<T: Config> = StorageValue<_, MonitoringParams, ValueQuery, SeedMonitoring>;

	/// The seed's monitoring parameters.
	#[pallet::type_value]
	pub fn SeedMonitoring() -> MonitoringParams {
		MonitoringParams::SEED
	}

	/// The block the next sampling round starts at.
	#[pallet::storage]
	pub type NextSampleAt<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// A sampling round in progress: the raw storage key of the last market maker sampled
	/// (empty: none yet). Absent between rounds.
	#[pallet::storage]
	pub type SampleCursor<T: Config> =
		StorageValue<_, BoundedVec<u8, ConstU32<MAX_MARKET_MAKER_KEY>>>;

	/// Settled trades (refunds and disputes refer to them).
	#[pallet::storage]
	pub type Trades<T: Config> = StorageMap<_, Twox64Concat, TradeId, Trade<T::AccountId, Balance>>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An order rests on the book.
		OrderPlaced {
			order: OrderId,
			owner: T::AccountId,
			class: ClassId,
			side: Side,
			price: Balance,
			quantity: u32,
		},
		/// An order left the book unfilled (cancelled, expired, self-trade, IOC remainder).
		OrderCancelled { order: OrderId, remaining: u32 },
		/// A coupon changed hands.
		Traded {
			trade: TradeId,
			class: ClassId,
			price: Balance,
			buyer: T::AccountId,
			seller: T::AccountId,
			buyer_fee: Balance,
			seller_fee: Balance,
			primary: bool,
		},
		/// Governance set new fee rates.
		FeesSet { rates: FeeRates },
		/// `from` sent `amount` of stablecoin `asset` to `to`; the Travel Rule record's id when
		/// one was required.
		StablecoinTransferred {
			from: T::AccountId,
			to: T::AccountId,
			asset: AssetId,
			amount: Balance,
			travel_rule_record: Option<u64>,
		},
		/// `from` gave `count` coupons of `class` (face value `value`) to `to`; the Travel Rule
		/// record's id when one was required.
		CouponsTransferred {
			from: T::AccountId,
			to: T::AccountId,
			class: ClassId,
			count: u32,
			value: Balance,
			travel_rule_record: Option<u64>,
		},
		/// The buyer of `trade` opened dispute `dispute`.
		DisputeOpened { dispute: DisputeId, trade: TradeId, buyer: T::AccountId },
		/// An arbitrator took the dispute.
		DisputeTaken { dispute: DisputeId, arbitrator: T::AccountId },
		/// The arbitrator decided: `refunded` reversed the trade (fees not refunded).
		DisputeResolved { dispute: DisputeId, refunded: bool },
		/// A deadline passed: no arbitrator responded in 24 h (`missed_response`) or no decision
		/// came in 72 h.
		DisputeEscalated { dispute: DisputeId, missed_response: bool },
		/// `who` registered as a market maker with `deposit` held.
		MarketMakerRegistered { who: T::AccountId, deposit: Balance, obligations: Obligations },
		/// Compliance set a market maker's status (terminated: the deposit was returned).
		MarketMakerStatusSet { who: T::AccountId, status: MarketMakerStatus },
		/// A market maker committed to quote `classes`.
		QuotedClassesSet { who: T::AccountId, classes: BoundedVec<ClassId, T::MaxQuotedClasses> },
		/// Governance set how market makers are watched.
		MonitoringSet { params: MonitoringParams },
		/// A market maker's uptime fell below its floor; it is suspended at block
		/// `suspend_at` unless it recovers.
		MarketMakerBelowUptime {
			who: T::AccountId,
			uptime: Permill,
			floor: Permill,
			suspend_at: u32,
		},
		/// A market maker below its floor recovered within the grace period.
		MarketMakerUptimeRestored { who: T::AccountId, uptime: Permill },
		/// A market maker stayed below its floor for the whole grace period and was suspended.
		MarketMakerSuspendedForUptime { who: T::AccountId, uptime: Permill, floor: Permill },
		/// A primary trade was refunded: the buyer got `amount` (price and fee) back.
		Refunded { trade: TradeId, buyer: T::AccountId, amount: Balance },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The class does not exist.
		UnknownClass,
		/// The class is not active (draft, rejected or expiring).
		ClassNotTradable,
		/// A price of zero.
		ZeroPrice,
		/// A utility coupon may not be priced above its face value.
		AboveFaceValue,
		/// A bid for no coupons, or an ask offering none.
		ZeroQuantity,
		/// A coupon offered is not the caller's.
		NotOwner,
		/// A coupon offered belongs to another class.
		WrongClass,
		/// The same coupon offered twice.
		DuplicateCoupon,
		/// The book has `MaxPriceLevels` prices on this side already.
		TooManyPriceLevels,
		/// A post-only order would have traded at once.
		WouldCross,
		/// A fill-or-kill order cannot be filled completely now.
		CannotFillCompletely,
		/// The order's expiry has passed.
		AlreadyExpired,
		/// The caller has no such open order.
		UnknownOrder,
		/// The bidder's stablecoin, less what its other bids hold and the asset's minimum
		/// balance, does not cover what the bid must hold.
		CannotHold,
		/// The stablecoin amount overflows.
		Overflow,
		/// Giving coupons or stablecoin to oneself.
		SelfTransfer,
		/// A stablecoin transfer of nothing.
		ZeroAmount,
		/// The class's coupons cannot be given away.
		NotTransferable,
		/// No such trade (or it was refunded).
		UnknownTrade,
		/// Only the trade's buyer may ask for this.
		NotBuyer,
		/// Only primary sales are refunded directly; secondary ones go through a dispute.
		NotPrimary,
		/// Redeemed, expired or listed coupons are not refundable.
		NotRefundable,
		/// The class's refund window after the sale has passed.
		RefundWindowClosed,
		/// The seller cannot pay the refund back.
		SellerCannotRefund,
		/// A primary sale is refunded with `refund_primary`, not disputed.
		PrimaryUsesRefund,
		/// The trade already has a dispute.
		AlreadyDisputed,
		/// No such dispute.
		UnknownDispute,
		/// The dispute is decided already (or not taken yet, for a decision).
		DisputeNotOpen,
		/// The caller does not hold the arbitrator role.
		NotArbitrator,
		/// Another arbitrator took this dispute.
		NotTheArbitrator,
		/// An arbitrator cannot decide a dispute of its own trade.
		ConflictOfInterest,
		/// The account is a market maker already.
		AlreadyMarketMaker,
		/// Market makers need KYC L3.
		MarketMakerKycTooLow,
		/// The deposit is below `MinMarketMakerDeposit`.
		DepositTooLow,
		/// The account is not a market maker.
		NotMarketMaker,
		/// The market maker is suspended.
		MarketMakerNotActive,
		/// A terminated market maker cannot come back.
		MarketMakerTerminated,
		/// The same class listed twice.
		DuplicateClass,
		/// A market maker commits to at least one class; to stop quoting, compliance
		/// terminates it.
		NoQuotedClasses,
		/// Monitoring parameters out of range: a sample interval and grace of at least one
		/// block, a window of 1 to 128 samples.
		InvalidMonitoring,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Escalates disputes past their deadlines.
		fn on_initialize(block: BlockNumberFor<T>) -> Weight {
			// The timestamp of block 1 is not set before its inherent runs.
			if block <= 1u32.into() {
				return T::WeightInfo::escalate(0);
			}
			T::WeightInfo::escalate(Self::do_escalate(Self::now()))
		}

		/// Samples active market makers' quotes against their obligations, a round every
		/// `sample_interval` blocks, as many as the spare weight allows.
		fn on_idle(block: BlockNumberFor<T>, remaining: Weight) -> Weight {
			Self::do_sample_market_makers(block.saturated_into(), remaining)
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}

		fn integrity_test() {
			assert!(T::MaxFillsPerCall::get() > 0, "an order must be able to trade");
			assert!(T::MaxPriceLevels::get() > 0, "a book needs a price");
			assert!(T::MaxCouponsPerOrder::get() > 0, "an ask offers a coupon");
			assert!(T::MaxQuotedClasses::get() > 0, "a market maker quotes a class");
			assert!(MonitoringParams::SEED.is_valid(), "the seed's monitoring parameters");
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Place a limit order on `request.class`'s book: an ask offering coupons the caller
		/// owns, or a bid for a quantity (holding price × quantity plus the taker fee). It
		/// trades at once against crossing resting orders (price, then time priority; at the
		/// resting price), at most `MaxFillsPerCall` coupons; the rest rests
		/// (good-till-cancelled) or is cancelled (immediate-or-cancel); fill-or-kill trades in
		/// full or fails.
		#[pallet::call_index(0)]
		#[pallet::weight(Pallet::<T>::place_order_max_weight(request))]
		pub fn place_order(
			origin: OriginFor<T>,
			request: OrderRequest<Balance, T::MaxCouponsPerOrder>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let coupons = request.offer.coupons();
			let placed = Self::do_place_order(who, request)?;
			Ok(Some(Self::place_order_weight(coupons, placed.steps)).into())
		}

		/// Cancel one of the caller's resting orders: its coupons are delisted, its held
		/// stablecoin released.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::cancel_order())]
		pub fn cancel_order(origin: OriginFor<T>, order: OrderId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel_order(who, order)
		}

		/// Give coupons of one transferable class to `to`. At or above the Travel Rule
		/// threshold (by face value) both sides need KYC L2 and the call carries the identity
		/// hashes, recorded by the compliance pallet.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::transfer_coupons(coupons.len() as u32))]
		pub fn transfer_coupons(
			origin: OriginFor<T>,
			to: T::AccountId,
			coupons: BoundedVec<pallet_coupons::CouponId, T::MaxCouponsPerOrder>,
			travel_rule: Option<TravelRuleData>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_transfer_coupons(who, to, coupons, travel_rule)
		}

		/// Send `amount` base units of stablecoin `asset` to `to`. The gate asks what it asks
		/// of a P2P coupon transfer (KYC, sanctions, freezes, paused transfers); at or above
		/// the Travel Rule threshold both sides need KYC L2 and `travel_rule` identity hashes,
		/// recorded by the compliance pallet. The runtime routes every account-to-account
		/// stablecoin transfer here, so each one is screened.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::transfer_stablecoin())]
		pub fn transfer_stablecoin(
			origin: OriginFor<T>,
			asset: AssetId,
			to: T::AccountId,
			#[pallet::compact] amount: Balance,
			travel_rule: Option<TravelRuleData>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_transfer_stablecoin(who, asset, to, amount, travel_rule)
		}

		/// Return a coupon bought on the primary market within the class's refund window:
		/// the full price and fee come back, the coupon returns to the issuer.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::refund_primary())]
		pub fn refund_primary(origin: OriginFor<T>, trade: TradeId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_refund_primary(who, trade)
		}

		/// Dispute a secondary trade (its buyer, still holding the coupon), with a hash of the
		/// evidence. An arbitrator must take it within 24 h and decide within 72 h.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::open_dispute())]
		pub fn open_dispute(
			origin: OriginFor<T>,
			trade: TradeId,
			evidence: H256,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_open_dispute(who, trade, evidence)
		}

		/// Take a dispute (an arbitrator).
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::take_dispute())]
		pub fn take_dispute(origin: OriginFor<T>, dispute: DisputeId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_take_dispute(who, dispute)
		}

		/// Decide a dispute one took: `refund` reverses the trade (the coupon back to the
		/// seller, the price back to the buyer; fees are not refunded).
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::resolve_dispute())]
		pub fn resolve_dispute(
			origin: OriginFor<T>,
			dispute: DisputeId,
			refund: bool,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_resolve_dispute(who, dispute, refund)
		}

		/// Register as a market maker: needs KYC L3; `deposit` (at least
		/// `MinMarketMakerDeposit`) is held until termination; `obligations` are recorded.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::register_market_maker())]
		pub fn register_market_maker(
			origin: OriginFor<T>,
			deposit: Balance,
			obligations: Obligations,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_register_market_maker(who, deposit, obligations)
		}

		/// Set a market maker's status (compliance); terminating returns the deposit.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::set_market_maker_status())]
		pub fn set_market_maker_status(
			origin: OriginFor<T>,
			who: T::AccountId,
			status: MarketMakerStatus,
		) -> DispatchResult {
			T::ComplianceOrigin::ensure_origin(origin)?;
			Self::do_set_market_maker_status(who, status)
		}

		/// Place and cancel up to `MaxBatch` orders in one call (active market makers), in
		/// order, all or nothing.
		#[pallet::call_index(10)]
		#[pallet::weight(Pallet::<T>::batch_weight(ops))]
		pub fn batch(
			origin: OriginFor<T>,
			ops: BoundedVec<BatchOpOf<T>, T::MaxBatch>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let used = Self::do_batch(who, ops)?;
			Ok(Some(used.saturating_add(T::WeightInfo::batch_overhead())).into())
		}

		/// Commit to quote `classes` (an active market maker, at least one class): its
		/// obligations are watched from its first commitment on, every sample checking its open
		/// orders on each of them.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::set_quoted_classes(classes.len() as u32))]
		pub fn set_quoted_classes(
			origin: OriginFor<T>,
			classes: BoundedVec<ClassId, T::MaxQuotedClasses>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_quoted_classes(who, classes)
		}

		/// Set how market makers are watched (governance): sample interval, uptime window,
		/// floor and grace period.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::set_monitoring())]
		pub fn set_monitoring(origin: OriginFor<T>, params: MonitoringParams) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_monitoring(params)
		}

		/// Set the maker and taker fee rates (governance).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_fees())]
		pub fn set_fees(origin: OriginFor<T>, rates: FeeRates) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Fees::<T>::put(rates);
			Self::deposit_event(Event::FeesSet { rates });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// The escrow account (market makers' deposits).
		pub fn account_id() -> T::AccountId {
			use sp_runtime::traits::AccountIdConversion;
			T::PalletId::get().into_account_truncating()
		}

		/// The best `levels` prices of each side of `class`'s book.
		pub fn depth(class: ClassId, levels: u32) -> runtime_api::BookDepth {
			let side = |side: Side| {
				let prices = Prices::<T>::get(class, side);
				let ordered: alloc::vec::Vec<Balance> = match side {
					Side::Bid => prices.iter().rev().copied().collect(),
					Side::Ask => prices.iter().copied().collect(),
				};
				ordered
					.into_iter()
					.take(levels as usize)
					.map(|price| (price, Levels::<T>::get((class, side, price)).quantity))
					.collect()
			};
			runtime_api::BookDepth { bids: side(Side::Bid), asks: side(Side::Ask) }
		}

		/// `who`'s open orders.
		pub fn open_orders(who: &T::AccountId) -> alloc::vec::Vec<runtime_api::OpenOrder> {
			Orders::<T>::iter_prefix(who)
				.map(|(id, order)| runtime_api::OpenOrder {
					id,
					class: order.class,
					side: order.side,
					price: order.price,
					remaining: order.remaining,
					expires_at: order.expires_at,
				})
				.collect()
		}

		/// The latest `count` trades of `class`, newest first.
		pub fn recent_trades(
			class: ClassId,
			count: u32,
		) -> alloc::vec::Vec<runtime_api::RecentTrade<T::AccountId>> {
			RecentTrades::<T>::get(class)
				.iter()
				.rev()
				.take(count as usize)
				.filter_map(|id| {
					Trades::<T>::get(id).map(|trade| runtime_api::RecentTrade {
						id: *id,
						serial: trade.coupon.serial,
						price: trade.price,
						buyer: trade.buyer,
						seller: trade.seller,
						primary: trade.primary,
						at: trade.at,
					})
				})
				.collect()
		}

		/// Invariants: every open bid holds at least what it needs; what an account's bids
		/// hold is recorded and covered by its balance; the escrow account holds exactly the
		/// market makers' deposits; every order is stored under its owner; every level's depth
		/// and count match its queue.
		#[cfg(any(feature = "try-runtime", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			use alloc::collections::BTreeMap;
			use frame_support::traits::fungibles::Inspect;
			let mut held: BTreeMap<(AssetId, T::AccountId), Balance> = Default::default();
			for (owner, _, order) in Orders::<T>::iter() {
				ensure!(order.owner == owner, "an order is stored under its owner");
				if order.side == Side::Bid {
					ensure!(
						order.held
							>= Self::bid_hold(order.price, order.remaining).unwrap_or(Balance::MAX),
						"a bid holds what it needs"
					);
					let asset = T::Coupons::class(order.class).map(|c| c.asset).unwrap_or_default();
					*held.entry((asset, owner)).or_default() += order.held;
				} else {
					ensure!(
						order.remaining as usize == order.coupons.len(),
						"an ask offers its coupons"
					);
				}
			}
			let recorded: BTreeMap<_, _> = BidHolds::<T>::iter()
				.map(|(asset, who, amount)| ((asset, who), amount))
				.collect();
			ensure!(recorded == held, "bid holds = what the open bids hold");
			for ((asset, who), amount) in recorded {
				ensure!(T::Assets::balance(asset, &who) >= amount, "held funds are there");
			}
			let deposits: Balance = MarketMakers::<T>::iter().map(|(_, m)| m.deposit).sum();
			ensure!(
				T::Assets::balance(T::MarketMakerAsset::get(), &Self::account_id()) == deposits,
				"escrow = market makers' deposits"
			);
			for ((class, side, price), level) in Levels::<T>::iter() {
				ensure!(Prices::<T>::get(class, side).contains(&price), "a level has its price");
				let (mut count, mut quantity, mut next) = (0u32, 0u32, level.head);
				while let Some((owner, id)) = next {
					let order = Orders::<T>::get(owner, id).ok_or("a queued order exists")?;
					count += 1;
					quantity += order.remaining;
					next = order.next;
				}
				ensure!((count, quantity) == (level.orders, level.quantity), "a level's depth");
			}
			Ok(())
		}

		/// Milliseconds since the Unix epoch.
		pub(crate) fn now() -> Moment {
			T::TimeProvider::now().as_millis() as Moment
		}
	}
}
