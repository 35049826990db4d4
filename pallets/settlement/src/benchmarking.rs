//! Benchmarks of the settlement pallet, `place_order` against a 10,000-order book.

use super::*;
use crate::pallet::Pallet as Settlement;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungibles::Inspect, EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::RawOrigin;
use pallet_compliance::KycLevel;
use pallet_coupons::{ClassId, CouponId};
use sp_core::H256;

/// Resting orders on the book `place_order` is measured against.
const BOOK: u32 = 10_000;
/// Start of the benchmarks' clock: 2026-11-24.
const START: Moment = 1_795_000_000_000;

type RequestOf<T> = OrderRequest<Balance, <T as Config>::MaxCouponsPerOrder>;

fn ask<T: Config>(class: ClassId, price: Balance, serials: core::ops::Range<u32>) -> RequestOf<T> {
	OrderRequest {
		class,
		price,
		offer: Offer::Ask {
			coupons: BoundedVec::truncate_from(
				serials.map(|serial| CouponId { class, serial }).collect(),
			),
		},
		time_in_force: TimeInForce::GoodTillCancelled,
		post_only: false,
		expires_at: None,
	}
}

fn bid<T: Config>(class: ClassId, price: Balance, quantity: u32) -> RequestOf<T> {
	OrderRequest {
		class,
		price,
		offer: Offer::Bid { quantity },
		time_in_force: TimeInForce::GoodTillCancelled,
		post_only: false,
		expires_at: None,
	}
}

/// A trader with money and full KYC.
fn trader<T: Config>(name: &'static str, asset: AssetId) -> T::AccountId {
	nth_trader::<T>(name, 0, asset)
}

/// The `index`th trader called `name`, with money and full KYC.
fn nth_trader<T: Config>(name: &'static str, index: u32, asset: AssetId) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	T::BenchmarkHelper::fund(&who, asset, 1_000_000_000_000_000);
	T::BenchmarkHelper::set_kyc(&who, KycLevel::L3);
	who
}

/// The issuer sells `count` coupons of a fresh class to a buyer (primary sales, in as many
/// calls as the fill bound needs); returns (class, face value, asset, issuer, buyer).
fn sold<T: Config>(count: u32) -> (ClassId, Balance, AssetId, T::AccountId, T::AccountId) {
	let (class, face, asset, issuer) = issuer_class::<T>(count.max(1));
	let buyer = trader::<T>("buyer", asset);
	let step = T::MaxFillsPerCall::get().min(T::MaxCouponsPerOrder::get());
	let mut serial = 0;
	while serial < count {
		let end = (serial + step).min(count);
		Settlement::<T>::do_place_order(issuer.clone(), ask::<T>(class, face, serial..end))
			.unwrap();
		Settlement::<T>::do_place_order(buyer.clone(), bid::<T>(class, face, end - serial))
			.unwrap();
		serial = end;
	}
	(class, face, asset, issuer, buyer)
}

/// An approved issuer with KYC and an active class of `supply` minted coupons; returns (class,
/// face value, asset, issuer).
fn issuer_class<T: Config>(supply: u32) -> (ClassId, Balance, AssetId, T::AccountId) {
	T::BenchmarkHelper::set_time(START);
	let issuer: T::AccountId = account("issuer", 0, 0);
	let (class, face, asset) = T::BenchmarkHelper::active_class(&issuer, supply);
	T::BenchmarkHelper::set_kyc(&issuer, KycLevel::L3);
	(class, face, asset, issuer)
}

/// `count` resting bids for one coupon each from `bidder`, spread over `MaxPriceLevels - 1`
/// prices at or below half the face value (one level stays free).
fn bid_book<T: Config>(class: ClassId, face: Balance, bidder: &T::AccountId, count: u32) {
	let levels = T::MaxPriceLevels::get().saturating_sub(1).max(1) as Balance;
	for i in 0..count {
		let price = face / 2 - (i as Balance % levels);
		Settlement::<T>::do_place_order(bidder.clone(), bid::<T>(class, price, 1)).unwrap();
	}
}

/// A market maker's commitments.
fn obligations() -> Obligations {
	Obligations {
		max_spread_bps: 200,
		min_depth_per_side: 10,
		min_uptime: sp_runtime::Permill::from_percent(95),
	}
}

/// A registered, active market maker. The clock is set first: its KYC runs a year from now.
fn market_maker<T: Config>() -> T::AccountId {
	T::BenchmarkHelper::set_time(START);
	let maker = trader::<T>("maker", T::MarketMakerAsset::get());
	Settlement::<T>::do_register_market_maker(
		maker.clone(),
		T::MinMarketMakerDeposit::get(),
		obligations(),
	)
	.unwrap();
	maker
}

/// `count` active classes of one issuer, for a market maker to quote.
fn quotable_classes<T: Config>(count: u32) -> BoundedVec<ClassId, T::MaxQuotedClasses> {
	T::BenchmarkHelper::set_time(START);
	let issuer: T::AccountId = account("issuer", 0, 0);
	let classes: alloc::vec::Vec<ClassId> =
		(0..count).map(|_| T::BenchmarkHelper::active_class(&issuer, 1).0).collect();
	BoundedVec::truncate_from(classes)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// An ask of `n + 1` coupons (primary sales: the heaviest ledger path) against a book of
	/// 10,000 resting bids over `MaxPriceLevels` prices; `n` of them, each another bidder's,
	/// cross (every fill unfreezes and pays from another account), so it makes `n` fills and
	/// its last coupon rests at a new price (every `n` touches the same storage, which the
	/// weight writer's per-item proof analysis needs).
	#[benchmark]
	fn place_ask(n: Linear<1, { T::MaxFillsPerCall::get() }>) {
		let (class, face, asset, issuer) = issuer_class::<T>(n + 1);
		let bidder = trader::<T>("bidder", asset);
		bid_book::<T>(class, face, &bidder, BOOK - n);
		for i in 0..n {
			let crossing = nth_trader::<T>("crossing", i, asset);
			Settlement::<T>::do_place_order(crossing, bid::<T>(class, face, 1)).unwrap();
		}
		let request = ask::<T>(class, face * 3 / 4, 0..n + 1);

		#[extrinsic_call]
		place_order(RawOrigin::Signed(issuer), request);

		assert_eq!(NextTradeId::<T>::get(), n as u64);
	}

	/// A bid for `n + 1` coupons against a book of 10,000 orders: `n` asks of one coupon at
	/// `n` prices, each another holder's (resales: every fill pays another seller; each empties
	/// a price), and the rest bids; the last coupon's worth rests at a new price.
	#[benchmark]
	fn place_bid(n: Linear<1, { T::MaxFillsPerCall::get() }>) {
		let (class, face, asset, _, holder) = sold::<T>(n);
		let bidder = trader::<T>("bidder", asset);
		bid_book::<T>(class, face, &bidder, BOOK - n);
		for serial in 0..n {
			let seller = nth_trader::<T>("seller", serial, asset);
			let coupon = BoundedVec::truncate_from(alloc::vec![CouponId { class, serial }]);
			Settlement::<T>::do_transfer_coupons(holder.clone(), seller.clone(), coupon, None)
				.unwrap();
			let price = face * 3 / 4 + serial as Balance;
			Settlement::<T>::do_place_order(seller, ask::<T>(class, price, serial..serial + 1))
				.unwrap();
		}
		let taker = trader::<T>("taker", asset);
		let request = bid::<T>(class, face, n + 1);

		#[extrinsic_call]
		place_order(RawOrigin::Signed(taker), request);

		// `n` primary sales to the holder, then `n` resales.
		assert_eq!(NextTradeId::<T>::get(), 2 * n as u64);
	}

	/// A bid that does not cross, resting at a new lowest price of a book of 10,000 bids
	/// (the whole sorted price list shifts).
	#[benchmark]
	fn place_bid_resting() {
		let (class, face, asset, _) = issuer_class::<T>(1);
		let bidder = trader::<T>("bidder", asset);
		bid_book::<T>(class, face, &bidder, BOOK);
		let lowest = face / 2 - T::MaxPriceLevels::get() as Balance;
		let request = bid::<T>(class, lowest, 1);

		#[extrinsic_call]
		place_order(RawOrigin::Signed(bidder), request);

		assert_eq!(NextOrderId::<T>::get(), BOOK as u64 + 1);
		assert_eq!(NextTradeId::<T>::get(), 0);
	}

	/// An ask of `c` coupons that does not cross a book of 10,000 bids: it lists them and
	/// rests.
	#[benchmark]
	fn place_ask_resting(c: Linear<1, { T::MaxCouponsPerOrder::get() }>) {
		let (class, face, asset, issuer) = issuer_class::<T>(c);
		let bidder = trader::<T>("bidder", asset);
		bid_book::<T>(class, face, &bidder, BOOK);
		let request = ask::<T>(class, face, 0..c);

		#[extrinsic_call]
		place_order(RawOrigin::Signed(issuer), request);

		assert_eq!(NextOrderId::<T>::get(), BOOK as u64 + 1);
		assert_eq!(NextTradeId::<T>::get(), 0);
	}

	/// Cancelling a bid in the middle of its price's queue (both neighbours relinked).
	#[benchmark]
	fn cancel_order() {
		let (class, face, asset, _) = issuer_class::<T>(1);
		let bidder = trader::<T>("bidder", asset);
		for _ in 0..3 {
			Settlement::<T>::do_place_order(bidder.clone(), bid::<T>(class, face / 2, 1)).unwrap();
		}
		#[extrinsic_call]
		_(RawOrigin::Signed(bidder.clone()), 1);

		assert!(Orders::<T>::get(&bidder, 1).is_none());
	}

	#[benchmark]
	fn set_fees() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let rates = FeeRates { maker: Default::default(), taker: Default::default() };
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, rates);
		assert_eq!(Fees::<T>::get(), rates);
		Ok(())
	}

	/// Giving `n` coupons away, with a Travel Rule record.
	#[benchmark]
	fn transfer_coupons(n: Linear<1, { T::MaxCouponsPerOrder::get() }>) {
		let (class, _, asset, _, buyer) = sold::<T>(n);
		let friend = trader::<T>("friend", asset);
		let coupons = BoundedVec::truncate_from(
			(0..n).map(|serial| CouponId { class, serial }).collect::<alloc::vec::Vec<_>>(),
		);
		let data = TravelRuleData {
			originator: H256::repeat_byte(1),
			beneficiary: H256::repeat_byte(2),
			beneficiary_external: true,
		};
		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), friend, coupons, Some(data));
	}

	/// The worst case: a Travel Rule transfer (identity hashes recorded).
	#[benchmark]
	fn transfer_stablecoin() {
		let (_, _, asset, _, buyer) = sold::<T>(1);
		let friend = trader::<T>("friend", asset);
		let data = TravelRuleData {
			originator: H256::repeat_byte(1),
			beneficiary: H256::repeat_byte(2),
			beneficiary_external: true,
		};
		let amount = 3_000 * genex_primitives::DOLLARS;
		let before = T::Assets::balance(asset, &friend);
		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), asset, friend.clone(), amount, Some(data));
		assert_eq!(T::Assets::balance(asset, &friend), before + amount);
	}

	#[benchmark]
	fn refund_primary() {
		let (_, _, _, _, buyer) = sold::<T>(1);
		#[extrinsic_call]
		_(RawOrigin::Signed(buyer), 0);
		assert!(Trades::<T>::get(0).is_none());
	}

	/// The buyer resells to a second buyer, who disputes.
	#[benchmark]
	fn open_dispute() {
		let (class, face, asset, _, buyer) = sold::<T>(1);
		let second = trader::<T>("second", asset);
		Settlement::<T>::do_place_order(buyer, ask::<T>(class, face, 0..1)).unwrap();
		Settlement::<T>::do_place_order(second.clone(), bid::<T>(class, face, 1)).unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(second), 1, H256::repeat_byte(9));
		assert!(Disputes::<T>::get(0).is_some());
	}

	#[benchmark]
	fn take_dispute() {
		let (class, face, asset, _, buyer) = sold::<T>(1);
		let second = trader::<T>("second", asset);
		Settlement::<T>::do_place_order(buyer, ask::<T>(class, face, 0..1)).unwrap();
		Settlement::<T>::do_place_order(second.clone(), bid::<T>(class, face, 1)).unwrap();
		Settlement::<T>::do_open_dispute(second, 1, H256::zero()).unwrap();
		let arbitrator: T::AccountId = account("arbitrator", 0, 0);
		T::BenchmarkHelper::make_arbitrator(&arbitrator);
		#[extrinsic_call]
		_(RawOrigin::Signed(arbitrator), 0);
	}

	/// An approved refund: the trade is reversed.
	#[benchmark]
	fn resolve_dispute() {
		let (class, face, asset, _, buyer) = sold::<T>(1);
		let second = trader::<T>("second", asset);
		Settlement::<T>::do_place_order(buyer, ask::<T>(class, face, 0..1)).unwrap();
		Settlement::<T>::do_place_order(second.clone(), bid::<T>(class, face, 1)).unwrap();
		Settlement::<T>::do_open_dispute(second, 1, H256::zero()).unwrap();
		let arbitrator: T::AccountId = account("arbitrator", 0, 0);
		T::BenchmarkHelper::make_arbitrator(&arbitrator);
		Settlement::<T>::do_take_dispute(arbitrator.clone(), 0).unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(arbitrator), 0, true);
		assert_eq!(Disputes::<T>::get(0).unwrap().status, DisputeStatus::Refunded);
	}

	/// The hook escalating `n` disputes past their response deadline.
	#[benchmark]
	fn escalate(n: Linear<0, { T::MaxEscalationsPerBlock::get() }>) {
		T::BenchmarkHelper::set_time(START);
		let buyer: T::AccountId = account("buyer", 0, 0);
		for id in 0..n as u64 {
			Disputes::<T>::insert(
				id,
				Dispute {
					trade: id,
					buyer: buyer.clone(),
					evidence: H256::zero(),
					status: DisputeStatus::Submitted,
					arbitrator: None,
					opened_at: START,
				},
			);
		}
		NextDisputeId::<T>::put(n as u64);
		let later = START + T::ResponseDeadline::get();
		let looked;
		#[block]
		{
			looked = Settlement::<T>::do_escalate(later);
		}
		assert_eq!(looked, n);
	}

	#[benchmark]
	fn register_market_maker() {
		let maker = trader::<T>("maker", T::MarketMakerAsset::get());
		let obligations = obligations();
		#[extrinsic_call]
		_(RawOrigin::Signed(maker.clone()), T::MinMarketMakerDeposit::get(), obligations);
		assert!(MarketMakers::<T>::contains_key(&maker));
	}

	/// Termination: the deposit goes back.
	#[benchmark]
	fn set_market_maker_status() -> Result<(), BenchmarkError> {
		let maker = market_maker::<T>();
		let origin =
			T::ComplianceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, maker.clone(), MarketMakerStatus::Terminated);
		assert_eq!(MarketMakers::<T>::get(&maker).unwrap().deposit, 0);
		Ok(())
	}

	/// What `batch` costs besides its operations (checking the market maker).
	#[benchmark]
	fn batch_overhead() {
		let maker = market_maker::<T>();
		#[extrinsic_call]
		batch(RawOrigin::Signed(maker), BoundedVec::new());
	}

	/// Committing to `c` classes.
	#[benchmark]
	fn set_quoted_classes(c: Linear<1, { T::MaxQuotedClasses::get() }>) {
		let maker = market_maker::<T>();
		let classes = quotable_classes::<T>(c);
		#[extrinsic_call]
		_(RawOrigin::Signed(maker.clone()), classes);
		assert_eq!(QuotedClasses::<T>::get(&maker).len() as u32, c);
	}

	#[benchmark]
	fn set_monitoring() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let params = MonitoringParams { window: 10, ..MonitoringParams::SEED };
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, params);
		assert_eq!(Monitoring::<T>::get(), params);
		Ok(())
	}

	/// One sample of a market maker quoting `MaxQuotedClasses` classes with `o` open bids
	/// spread over them, which finds it below its floor past the grace period and suspends it
	/// (the heaviest outcome).
	#[benchmark]
	fn sample_market_maker(o: Linear<1, { T::MaxSampledOrders::get() }>) {
		let maker = market_maker::<T>();
		let classes = quotable_classes::<T>(T::MaxQuotedClasses::get());
		Settlement::<T>::do_set_quoted_classes(maker.clone(), classes.clone()).unwrap();
		for index in 0..o {
			let class = classes[(index as usize) % classes.len()];
			Settlement::<T>::do_place_order(maker.clone(), bid::<T>(class, 10, 1)).unwrap();
		}
		let params = MonitoringParams { grace: 1, ..MonitoringParams::SEED };
		Uptime::<T>::insert(
			&maker,
			UptimeRecord { samples: 1, below_floor_since: Some(1), ..Default::default() },
		);
		let obligations = obligations();
		#[block]
		{
			Settlement::<T>::sample_market_maker(&maker, &obligations, &params, 10);
		}
		assert_eq!(MarketMakers::<T>::get(&maker).unwrap().status, MarketMakerStatus::Suspended);
	}

	impl_benchmark_test_suite!(Settlement, crate::mock::new_test_ext(), crate::mock::Test);
}
