//! The watch on market makers' obligations: samples, uptime, the floor, grace and suspension.

use super::*;
use frame_support::traits::{fungibles::Mutate, ConstU32, Hooks};
use frame_support::{traits::Get, weights::Weight};
use sp_runtime::Permill;

/// The seed's obligations: 200 bps at most, 10 coupons a side, 95 %.
fn obligations() -> Obligations {
	Obligations {
		max_spread_bps: 200,
		min_depth_per_side: 10,
		min_uptime: Permill::from_percent(95),
	}
}

/// A sample every block over the last 4, floor 95 %, suspended 3 blocks after falling below.
const FAST: MonitoringParams =
	MonitoringParams { sample_interval: 1, window: 4, floor: Permill::from_percent(95), grace: 3 };

/// The issuer as a market maker of a fresh class of 40 coupons, committed to quote it.
fn issuer_market_maker() -> ClassId {
	let class = class_of(40);
	assert_ok!(<Assets as Mutate<AccountId>>::mint_into(USDC, &ISSUER, 100_000 * DOLLAR));
	set_kyc(ISSUER, pallet_compliance::KycLevel::L3);
	assert_ok!(Settlement::register_market_maker(signed(ISSUER), 10_000 * DOLLAR, obligations()));
	assert_ok!(Settlement::set_quoted_classes(
		signed(ISSUER),
		BoundedVec::truncate_from(vec![class])
	));
	assert_ok!(Settlement::set_monitoring(RuntimeOrigin::root(), FAST));
	class
}

/// Two-sided quotes (a $10 class: at most $10): 10 wanted at `bid`, serials `from..from + 10` offered at `ask`; returns
/// the ask's order id.
fn quote(class: ClassId, bid: u128, ask: u128, from: u32) -> OrderId {
	place(ISSUER, bid_request(class, bid, 10, GTC));
	let serials: Vec<u32> = (from..from + 10).collect();
	place(ISSUER, ask_request(class, ask, &serials, GTC))
		.resting
		.expect("the ask rests")
}

fn db() -> frame_support::weights::RuntimeDbWeight {
	<Test as frame_system::Config>::DbWeight::get()
}

fn idle(block: u32) -> Weight {
	System::set_block_number(block as u64);
	Settlement::on_idle(block as u64, Weight::MAX)
}

fn report() -> runtime_api::MarketMakerReport {
	Settlement::market_maker_report(&ISSUER).expect("a market maker")
}

fn settlement_events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Settlement(event) => Some(event),
			_ => None,
		})
		.collect()
}

#[test]
fn spread_is_measured_in_basis_points_of_the_midpoint() {
	// 2 on a midpoint of 100: exactly 200 bps.
	assert_eq!(spread_bps(99, 101), 200);
	// 2 on a midpoint of 99: 202.02…, rounded up.
	assert_eq!(spread_bps(98, 100), 203);
	assert_eq!(spread_bps(100, 100), 0);
	assert_eq!(spread_bps(101, 100), 0);
	assert_eq!(spread_bps(0, u128::MAX), 20_000);
}

#[test]
fn a_sample_meets_the_obligations_only_with_both_sides_deep_enough_and_tight_enough() {
	let o = obligations();
	let sample = |orders: Vec<(Side, u128, u32)>| QuoteSample::measure(7, &o, orders);
	// At the spread and the depth: met.
	let at = sample(vec![(Side::Bid, 99, 6), (Side::Bid, 90, 4), (Side::Ask, 101, 10)]);
	assert_eq!((at.best_bid, at.best_ask, at.spread_bps), (Some(99), Some(101), Some(200)));
	assert_eq!((at.bid_depth, at.ask_depth, at.met), (10, 10, true));
	// One basis point too wide.
	assert!(!sample(vec![(Side::Bid, 98, 10), (Side::Ask, 100, 10)]).met);
	// One coupon short on a side.
	assert!(!sample(vec![(Side::Bid, 99, 10), (Side::Ask, 101, 9)]).met);
	// One side only.
	let one_sided = sample(vec![(Side::Bid, 99, 50)]);
	assert_eq!((one_sided.spread_bps, one_sided.met), (None, false));
	assert!(!sample(vec![]).met);
}

#[test]
fn uptime_is_the_share_of_the_window_that_met_the_obligations() {
	let mut record = UptimeRecord::<ConstU32<4>>::default();
	assert_eq!(record.uptime(), Permill::one());
	for met in [true, true, false, true] {
		record.push(met, 4);
	}
	assert_eq!((record.samples, record.uptime()), (4, Permill::from_percent(75)));
	// The miss (third of four) slides out of a window of 4 with the third sample after it.
	for _ in 0..2 {
		record.push(true, 4);
		assert_eq!(record.uptime(), Permill::from_percent(75));
	}
	record.push(true, 4);
	assert_eq!(record.uptime(), Permill::one());
	// A window shrunk by governance keeps only the latest samples.
	record.push(false, 2);
	assert_eq!((record.samples, record.uptime()), (2, Permill::from_percent(50)));
	// The full window of 128.
	let mut full = UptimeRecord::<ConstU32<4>>::default();
	for index in 0..300u32 {
		full.push(index % 4 != 0, MAX_UPTIME_WINDOW);
	}
	assert_eq!((full.samples, full.uptime()), (128, Permill::from_percent(75)));
}

#[test]
fn a_market_maker_that_pulls_its_quotes_is_reported_then_suspended_after_the_grace() {
	test(|| {
		let class = issuer_market_maker();
		let ask = quote(class, 99 * DOLLAR / 10, 10 * DOLLAR, 0);
		idle(10);
		let seen = report();
		assert_eq!((seen.samples, seen.uptime, seen.last_sampled), (1, Permill::one(), Some(10)));
		assert_eq!(seen.latest[0].spread_bps, Some(101));
		assert!(seen.latest[0].met);
		// No new round before the interval: block 10's round is done.
		assert_eq!(Settlement::on_idle(10, Weight::MAX), db().reads(2));
		assert_eq!(report().samples, 1);

		assert_ok!(Settlement::cancel_order(signed(ISSUER), ask));
		idle(11);
		let below = report();
		assert_eq!((below.uptime, below.below_floor_since), (Permill::from_percent(50), Some(11)));
		assert_eq!(below.suspend_at, Some(14));
		assert_eq!(below.latest[0].ask_depth, 0);
		assert!(settlement_events().contains(&Event::MarketMakerBelowUptime {
			who: ISSUER,
			uptime: Permill::from_percent(50),
			floor: Permill::from_percent(95),
			suspend_at: 14,
		}));
		// Still within the grace: active, reported once.
		idle(12);
		idle(13);
		assert_eq!(MarketMakers::<Test>::get(ISSUER).unwrap().status, MarketMakerStatus::Active);
		let reported = |events: &[Event<Test>]| {
			events
				.iter()
				.filter(|e| matches!(e, Event::MarketMakerBelowUptime { .. }))
				.count()
		};
		assert_eq!(reported(&settlement_events()), 1);
		idle(14);
		assert_eq!(MarketMakers::<Test>::get(ISSUER).unwrap().status, MarketMakerStatus::Suspended);
		assert!(settlement_events().contains(&Event::MarketMakerSuspendedForUptime {
			who: ISSUER,
			uptime: Permill::zero(),
			floor: Permill::from_percent(95),
		}));
		assert_noop!(
			Settlement::batch(signed(ISSUER), BoundedVec::new()),
			Error::<Test>::MarketMakerNotActive
		);
		// Suspended market makers are not sampled; compliance's reinstatement starts afresh.
		idle(15);
		assert_eq!(report().last_sampled, Some(14));
		assert_ok!(Settlement::set_market_maker_status(
			signed(COMPLIANCE),
			ISSUER,
			MarketMakerStatus::Active
		));
		assert_eq!((report().samples, report().below_floor_since), (0, None));
	});
}

#[test]
fn a_market_maker_that_quotes_again_within_the_grace_is_restored() {
	test(|| {
		let class = issuer_market_maker();
		assert_ok!(Settlement::set_monitoring(
			RuntimeOrigin::root(),
			MonitoringParams { grace: 10, ..FAST }
		));
		let ask = quote(class, 99 * DOLLAR / 10, 10 * DOLLAR, 0);
		idle(10);
		assert_ok!(Settlement::cancel_order(signed(ISSUER), ask));
		idle(11);
		assert_eq!(report().below_floor_since, Some(11));
		quote(class, 99 * DOLLAR / 10, 10 * DOLLAR, 10);
		// The miss stays in the window of 4 for three more samples.
		for block in 12..15 {
			idle(block);
			assert_eq!(report().below_floor_since, Some(11));
		}
		idle(15);
		assert_eq!((report().uptime, report().below_floor_since), (Permill::one(), None));
		assert!(settlement_events()
			.contains(&Event::MarketMakerUptimeRestored { who: ISSUER, uptime: Permill::one() }));
		assert_eq!(MarketMakers::<Test>::get(ISSUER).unwrap().status, MarketMakerStatus::Active);
	});
}

#[test]
fn quotes_too_wide_too_thin_expired_or_on_other_classes_do_not_count() {
	test(|| {
		let class = issuer_market_maker();
		let other = class_of(20);
		// Deep enough on another class only.
		place(ISSUER, bid_request(other, DOLLAR, 10, GTC));
		idle(10);
		assert!(!report().latest[0].met);
		assert_eq!(report().latest[0].bid_depth, 0);
		// Too wide: 9 against 10 is 1,053 bps.
		quote(class, 9 * DOLLAR, 10 * DOLLAR, 0);
		idle(11);
		assert_eq!(report().latest[0].spread_bps, Some(1_053));
		assert!(!report().latest[0].met);
		// A bid that has lapsed is not a quote.
		let mut lapsing = bid_request(class, 99 * DOLLAR / 10, 10, GTC);
		lapsing.expires_at = Some(START_MS + 1_000);
		place(ISSUER, lapsing);
		idle(12);
		assert_eq!(report().latest[0].best_bid, Some(99 * DOLLAR / 10));
		pallet_timestamp::Now::<Test>::put(START_MS + 1_000);
		idle(13);
		assert_eq!(report().latest[0].best_bid, Some(9 * DOLLAR));
	});
}

#[test]
fn a_market_maker_is_watched_from_its_first_commitment_to_a_class() {
	test(|| {
		let class = class_of(40);
		assert_ok!(Settlement::set_monitoring(RuntimeOrigin::root(), FAST));
		set_kyc(CAROL, pallet_compliance::KycLevel::L3);
		assert_ok!(Settlement::register_market_maker(
			signed(CAROL),
			10_000 * DOLLAR,
			obligations()
		));
		// Registered, committed to nothing yet: not sampled, so not below any floor.
		idle(10);
		idle(11);
		assert!(Uptime::<Test>::get(CAROL).is_none());
		// An empty commitment is refused: stopping is compliance's termination.
		assert_noop!(
			Settlement::set_quoted_classes(signed(CAROL), BoundedVec::new()),
			Error::<Test>::NoQuotedClasses
		);
		assert_ok!(Settlement::set_quoted_classes(
			signed(CAROL),
			BoundedVec::truncate_from(vec![class])
		));
		idle(12);
		let record = Uptime::<Test>::get(CAROL).expect("sampled once committed");
		assert_eq!((record.samples, record.last_sampled), (1, 12));
		// CAROL quotes nothing on it: the sample misses.
		assert_eq!(record.uptime(), Permill::zero());
	});
}

#[test]
fn a_shorter_sample_interval_takes_effect_at_once() {
	test(|| {
		issuer_market_maker();
		assert_ok!(Settlement::set_monitoring(
			RuntimeOrigin::root(),
			MonitoringParams { sample_interval: 600, ..FAST }
		));
		idle(10);
		assert_eq!(NextSampleAt::<Test>::get(), 610);
		System::set_block_number(20);
		assert_ok!(Settlement::set_monitoring(RuntimeOrigin::root(), FAST));
		assert_eq!(NextSampleAt::<Test>::get(), 21);
		// A longer one does not postpone the round already planned.
		assert_ok!(Settlement::set_monitoring(
			RuntimeOrigin::root(),
			MonitoringParams { sample_interval: 50, ..FAST }
		));
		assert_eq!(NextSampleAt::<Test>::get(), 21);
		idle(21);
		assert_eq!(Uptime::<Test>::get(ISSUER).unwrap().last_sampled, 21);
	});
}

#[test]
fn a_round_too_big_for_one_block_goes_on_in_the_next() {
	test(|| {
		let class = issuer_market_maker();
		set_kyc(CAROL, pallet_compliance::KycLevel::L3);
		assert_ok!(Settlement::register_market_maker(
			signed(CAROL),
			10_000 * DOLLAR,
			obligations()
		));
		assert_ok!(Settlement::set_quoted_classes(
			signed(CAROL),
			BoundedVec::truncate_from(vec![class])
		));
		let per_sample =
			<() as WeightInfo>::sample_market_maker(<Test as Config>::MaxSampledOrders::get());
		let db = db();
		// Room for one sample and the bookkeeping.
		let room = db.reads_writes(3, 2).saturating_add(per_sample);
		System::set_block_number(10);
		Settlement::on_idle(10, room);
		let sampled = |who| Uptime::<Test>::get(who).map(|record| record.samples).unwrap_or(0);
		assert_eq!(sampled(ISSUER) + sampled(CAROL), 1);
		assert!(SampleCursor::<Test>::get().is_some());
		System::set_block_number(11);
		Settlement::on_idle(11, room);
		assert_eq!((sampled(ISSUER), sampled(CAROL)), (1, 1));
		assert!(SampleCursor::<Test>::get().is_none());
		// Nothing at all fits: nothing is done.
		assert_eq!(Settlement::on_idle(12, Weight::zero()), Weight::zero());
		assert_eq!((sampled(ISSUER), sampled(CAROL)), (1, 1));
	});
}

#[test]
fn quoted_classes_and_monitoring_parameters_are_checked() {
	test(|| {
		let class = class_of(10);
		let classes = |list: Vec<ClassId>| BoundedVec::truncate_from(list);
		assert_noop!(
			Settlement::set_quoted_classes(signed(CAROL), classes(vec![class])),
			Error::<Test>::NotMarketMaker
		);
		set_kyc(CAROL, pallet_compliance::KycLevel::L3);
		assert_ok!(Settlement::register_market_maker(
			signed(CAROL),
			10_000 * DOLLAR,
			obligations()
		));
		assert_noop!(
			Settlement::set_quoted_classes(signed(CAROL), classes(vec![class, 999])),
			Error::<Test>::UnknownClass
		);
		assert_noop!(
			Settlement::set_quoted_classes(signed(CAROL), classes(vec![class, class])),
			Error::<Test>::DuplicateClass
		);
		assert_ok!(Settlement::set_quoted_classes(signed(CAROL), classes(vec![class])));
		assert_eq!(QuotedClasses::<Test>::get(CAROL).into_inner(), vec![class]);

		assert_noop!(
			Settlement::set_monitoring(signed(CAROL), FAST),
			sp_runtime::DispatchError::BadOrigin
		);
		for bad in [
			MonitoringParams { sample_interval: 0, ..FAST },
			MonitoringParams { grace: 0, ..FAST },
			MonitoringParams { window: 0, ..FAST },
			MonitoringParams { window: MAX_UPTIME_WINDOW + 1, ..FAST },
		] {
			assert_noop!(
				Settlement::set_monitoring(RuntimeOrigin::root(), bad),
				Error::<Test>::InvalidMonitoring
			);
		}
		assert_eq!(Monitoring::<Test>::get(), MonitoringParams::SEED);
	});
}
