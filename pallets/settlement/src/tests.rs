//! Matching, settlement and cancellation against the real coupons pallet, with exact balances
//! and fees.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, traits::fungibles::Inspect, BoundedVec};
use pallet_compliance::Denial;
use pallet_coupons::{ClassId, CouponId, CouponLedger, CouponStatus, NextClassId};
use sp_core::H256;

type Request = OrderRequest<u128, <Test as Config>::MaxCouponsPerOrder>;

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn usdc(who: AccountId) -> u128 {
	<Assets as Inspect<AccountId>>::balance(USDC, &who)
}

/// What `who` can move of its USDC: the balance less what its bids hold.
fn spendable(who: AccountId) -> u128 {
	usdc(who) - Settlement::bid_holds(USDC, &who)
}

fn escrow() -> AccountId {
	Settlement::account_id()
}

/// An approved issuer's active utility class of `supply` $10 coupons, all minted to it.
fn class_of(supply: u32) -> ClassId {
	class_with(10 * DOLLAR, supply)
}

/// An approved issuer's active utility class of `supply` coupons of `face_value`.
fn class_with(face_value: u128, supply: u32) -> ClassId {
	if pallet_coupons::Issuers::<Test>::get(ISSUER).is_none() {
		assert_ok!(Coupons::apply_issuer(
			signed(ISSUER),
			H256::repeat_byte(1),
			H256::repeat_byte(2),
			H256::zero()
		));
		assert_ok!(Coupons::approve_issuer(signed(COMPLIANCE), ISSUER));
	}
	assert_ok!(Coupons::create_class(
		signed(ISSUER),
		pallet_coupons::ClassParams {
			asset: USDC,
			face_value,
			track: pallet_coupons::Track::Utility,
			expiry_day: START_DAY + 90,
			max_resales: None,
			refund_window_days: None,
			transferable: true,
			supply_cap: supply,
			metadata_hash: H256::zero(),
		}
	));
	let class = NextClassId::<Test>::get() - 1;
	assert_ok!(Coupons::mint(signed(ISSUER), class, supply));
	class
}

fn coupon(class: ClassId, serial: u32) -> CouponId {
	CouponId { class, serial }
}

fn ask_request(class: ClassId, price: u128, serials: &[u32], tif: TimeInForce) -> Request {
	Request {
		class,
		price,
		offer: Offer::Ask {
			coupons: BoundedVec::truncate_from(serials.iter().map(|s| coupon(class, *s)).collect()),
		},
		time_in_force: tif,
		post_only: false,
		expires_at: None,
	}
}

fn bid_request(class: ClassId, price: u128, quantity: u32, tif: TimeInForce) -> Request {
	Request {
		class,
		price,
		offer: Offer::Bid { quantity },
		time_in_force: tif,
		post_only: false,
		expires_at: None,
	}
}

fn place(who: AccountId, request: Request) -> Placed {
	Settlement::do_place_order(who, request).expect("order accepted")
}

const GTC: TimeInForce = TimeInForce::GoodTillCancelled;
const IOC: TimeInForce = TimeInForce::ImmediateOrCancel;
const FOK: TimeInForce = TimeInForce::FillOrKill;

fn owner_of(class: ClassId, serial: u32) -> (AccountId, CouponStatus) {
	let info = <Coupons as CouponLedger<AccountId>>::coupon(coupon(class, serial)).unwrap();
	(info.owner, info.status)
}

/// Every open bid holds what it needs; the accounts' holds are exactly what open bids hold;
/// listed coupons are exactly the open asks' coupons; the book's levels agree with the orders.
fn check_invariants() {
	// Bids hold enough, holds = open bids', escrow = deposits, levels = their queues.
	Settlement::do_try_state().expect("settlement invariants");
	let listed: usize = Orders::<Test>::iter().map(|(_, _, order)| order.coupons.len()).sum();
	let listed_in_ledger = pallet_coupons::CouponItems::<Test>::iter()
		.filter(|(_, _, c)| c.status == CouponStatus::Listed)
		.count();
	assert_eq!(listed_in_ledger, listed, "listed coupons = open asks");
}

fn test(f: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		f();
		check_invariants();
		Coupons::do_try_state().expect("coupon invariants");
	});
}

#[test]
fn a_primary_sale_settles_at_the_resting_price_with_maker_and_taker_fees() {
	test(|| {
		let class = class_of(10);
		let (issuer0, alice0, treasury0) = (usdc(ISSUER), usdc(ALICE), usdc(TREASURY));
		let placed = place(ISSUER, ask_request(class, 8 * DOLLAR, &[0, 1, 2], GTC));
		assert_eq!(placed.filled, 0);
		assert_eq!(owner_of(class, 0), (ISSUER, CouponStatus::Listed));
		assert_eq!(Settlement::best_price(class, Side::Ask), Some(8 * DOLLAR));

		// Alice bids 2 at $9: she is the taker and trades at the ask's $8.
		let placed = place(ALICE, bid_request(class, 9 * DOLLAR, 2, GTC));
		assert_eq!((placed.filled, placed.resting), (2, None));
		// Taker 0.5 % of $8 = $0.04 each; maker 0.1 % = $0.008 each.
		assert_eq!(usdc(ALICE), alice0 - 2 * (8 * DOLLAR + 40_000));
		assert_eq!(usdc(ISSUER), issuer0 - 0 + 2 * (8 * DOLLAR - 8_000));
		assert_eq!(usdc(TREASURY), treasury0 + 2 * (40_000 + 8_000));
		assert_eq!(owner_of(class, 0), (ALICE, CouponStatus::Sold));
		assert_eq!(owner_of(class, 1), (ALICE, CouponStatus::Sold));
		assert_eq!(owner_of(class, 2), (ISSUER, CouponStatus::Listed));
		let trade = Trades::<Test>::get(0).unwrap();
		assert!(trade.primary);
		assert_eq!((trade.buyer, trade.seller, trade.price), (ALICE, ISSUER, 8 * DOLLAR));
		assert_eq!(Levels::<Test>::get((class, Side::Ask, 8 * DOLLAR)).quantity, 1);
		// Filled in full: nothing of Alice's stays held.
		assert_eq!(Settlement::bid_holds(USDC, &ALICE), 0);
		assert_eq!(spendable(ALICE), usdc(ALICE));
	});
}

#[test]
fn price_then_time_priority() {
	test(|| {
		let class = class_of(10);
		// The issuer sells to Bob and Carol so that they can ask (secondary market).
		place(ISSUER, ask_request(class, 5 * DOLLAR, &[0, 1, 2], GTC));
		place(BOB, bid_request(class, 5 * DOLLAR, 2, GTC));
		place(CAROL, bid_request(class, 5 * DOLLAR, 1, GTC));
		assert_eq!(owner_of(class, 0).0, BOB);
		assert_eq!(owner_of(class, 2).0, CAROL);
		// Bob asks $8 first, Carol asks $8 later and $7.
		let bob_8 = place(BOB, ask_request(class, 8 * DOLLAR, &[0], GTC)).resting.unwrap();
		let carol_8 = place(CAROL, ask_request(class, 8 * DOLLAR, &[2], GTC)).resting.unwrap();
		place(BOB, ask_request(class, 7 * DOLLAR, &[1], GTC));
		// Alice takes two: the $7 first, then the older $8 (Bob's).
		place(ALICE, bid_request(class, 9 * DOLLAR, 2, IOC));
		assert_eq!(owner_of(class, 1).0, ALICE);
		assert_eq!(owner_of(class, 0).0, ALICE);
		assert!(Orders::<Test>::get(BOB, bob_8).is_none());
		assert!(Orders::<Test>::get(CAROL, carol_8).is_some());
		assert_eq!(owner_of(class, 2), (CAROL, CouponStatus::Listed));
		// Secondary sales count resales.
		let info = <Coupons as CouponLedger<AccountId>>::coupon(coupon(class, 0)).unwrap();
		assert_eq!(info.resale_count, 1);
	});
}

#[test]
fn a_partly_filled_bid_rests_holding_only_what_its_rest_needs() {
	test(|| {
		let class = class_of(10);
		place(ISSUER, ask_request(class, 6 * DOLLAR, &[0, 1], GTC));
		let alice0 = usdc(ALICE);
		let placed = place(ALICE, bid_request(class, 8 * DOLLAR, 5, GTC));
		assert_eq!(placed.filled, 2);
		let order = Orders::<Test>::get(ALICE, placed.resting.unwrap()).unwrap();
		assert_eq!(order.remaining, 3);
		let needed = 3 * 8 * DOLLAR + 3 * 40_000; // $24 and the 0.5 % taker fee on it
		assert_eq!(order.held, needed);
		// The fills are paid; the rest's hold stays in her account, frozen.
		assert_eq!(usdc(ALICE), alice0 - 2 * (6 * DOLLAR + 30_000));
		assert_eq!(spendable(ALICE), alice0 - 2 * (6 * DOLLAR + 30_000) - needed);
		// The issuer sells into the resting bid: now the issuer is the taker.
		let issuer0 = usdc(ISSUER);
		place(ISSUER, ask_request(class, 7 * DOLLAR, &[2], GTC));
		// At the bid's $8: the issuer pays 0.5 %, Alice (maker) 0.1 %, and gets the rest of her
		// hold for that coupon back only when the order ends.
		assert_eq!(usdc(ISSUER), issuer0 + 8 * DOLLAR - 40_000);
		assert_eq!(Orders::<Test>::get(ALICE, placed.resting.unwrap()).unwrap().remaining, 2);
		assert_ok!(Settlement::cancel_order(signed(ALICE), placed.resting.unwrap()));
		assert_eq!(usdc(ALICE), alice0 - 2 * (6 * DOLLAR + 30_000) - (8 * DOLLAR + 8_000));
		assert_eq!(spendable(ALICE), usdc(ALICE));
	});
}

#[test]
fn a_resting_bid_freezes_its_stablecoin_in_the_bidders_account() {
	test(|| {
		let class = class_of(10);
		let alice0 = usdc(ALICE);
		let first = place(ALICE, bid_request(class, 5 * DOLLAR, 2, GTC)).resting.unwrap();
		let second = place(ALICE, bid_request(class, 4 * DOLLAR, 1, GTC)).resting.unwrap();
		let held = (10 * DOLLAR + 50_000) + (4 * DOLLAR + 20_000);
		// The money stays in her account, but only what the bids do not hold can move.
		assert_eq!(usdc(ALICE), alice0);
		assert_eq!(Settlement::bid_holds(USDC, &ALICE), held);
		let transfer = |amount| {
			<Assets as frame_support::traits::fungibles::Mutate<AccountId>>::transfer(
				USDC,
				&ALICE,
				&BOB,
				amount,
				frame_support::traits::tokens::Preservation::Expendable,
			)
		};
		// The minimum balance (1) stays beside the hold.
		let movable = alice0 - held - 1;
		assert!(transfer(movable + 1).is_err(), "held stablecoin is frozen");
		assert_noop!(
			Assets::transfer(signed(ALICE), USDC.into(), BOB, movable + 1),
			pallet_assets::Error::<Test>::BalanceLow
		);
		// A bid needing more than she can move is refused, and nothing is held for it.
		assert_noop!(
			Settlement::place_order(signed(ALICE), bid_request(class, 10 * DOLLAR, 99_999, GTC)),
			Error::<Test>::CannotHold
		);
		// Moving everything else leaves exactly the hold and the minimum balance.
		assert_ok!(transfer(movable));
		assert_eq!(usdc(ALICE), held + 1);
		// An asset with frozen balances cannot be destroyed under the bids.
		assert!(<Settlement as pallet_assets::FrozenBalance<_, _, _>>::contains_freezes(USDC));
		assert!(!<Settlement as pallet_assets::FrozenBalance<_, _, _>>::contains_freezes(USDT));
		// The issuer sells into the first bid: paid from the frozen funds.
		place(ISSUER, ask_request(class, 5 * DOLLAR, &[0, 1], GTC));
		assert_eq!(owner_of(class, 1).0, ALICE);
		// She was the maker: $5 and 0.1 % a coupon; the rest of the first bid's hold is free.
		assert_eq!(usdc(ALICE), held + 1 - 2 * (5 * DOLLAR + 5_000));
		assert_eq!(Settlement::bid_holds(USDC, &ALICE), 4 * DOLLAR + 20_000);
		assert!(Orders::<Test>::get(ALICE, first).is_none());
		// Cancelling the second unfreezes the rest.
		assert_ok!(Settlement::cancel_order(signed(ALICE), second));
		assert_eq!(Settlement::bid_holds(USDC, &ALICE), 0);
		assert_ok!(transfer(usdc(ALICE)));
		assert_eq!(usdc(ALICE), 0);
	});
}

#[test]
fn immediate_or_cancel_and_fill_or_kill() {
	test(|| {
		let class = class_of(10);
		place(ISSUER, ask_request(class, 6 * DOLLAR, &[0, 1], GTC));
		let alice0 = usdc(ALICE);
		let placed = place(ALICE, bid_request(class, 6 * DOLLAR, 5, IOC));
		assert_eq!((placed.filled, placed.resting), (2, None));
		assert_eq!(usdc(ALICE), alice0 - 2 * (6 * DOLLAR + 30_000));
		place(ISSUER, ask_request(class, 6 * DOLLAR, &[2, 3], GTC));
		// Fill-or-kill: 3 wanted, 2 available: refused, nothing changes.
		assert_noop!(
			Settlement::place_order(signed(BOB), bid_request(class, 6 * DOLLAR, 3, FOK)),
			Error::<Test>::CannotFillCompletely
		);
		let placed = place(BOB, bid_request(class, 6 * DOLLAR, 2, FOK));
		assert_eq!(placed.filled, 2);
	});
}

#[test]
fn post_only_orders_never_take() {
	test(|| {
		let class = class_of(10);
		place(ISSUER, ask_request(class, 6 * DOLLAR, &[0], GTC));
		let mut request = bid_request(class, 6 * DOLLAR, 1, GTC);
		request.post_only = true;
		assert_noop!(
			Settlement::place_order(signed(ALICE), request.clone()),
			Error::<Test>::WouldCross
		);
		request.price = 5 * DOLLAR;
		assert!(place(ALICE, request).resting.is_some());
	});
}

#[test]
fn self_trades_cancel_the_resting_order() {
	test(|| {
		let class = class_of(10);
		place(ISSUER, ask_request(class, 5 * DOLLAR, &[0], GTC));
		place(ALICE, bid_request(class, 5 * DOLLAR, 1, GTC));
		// Alice, holding coupon 0, asks $6; then bids $7: her own ask leaves the book.
		let her_ask = place(ALICE, ask_request(class, 6 * DOLLAR, &[0], GTC)).resting.unwrap();
		let placed = place(ALICE, bid_request(class, 7 * DOLLAR, 1, GTC));
		assert_eq!(placed.filled, 0);
		assert!(Orders::<Test>::get(ALICE, her_ask).is_none());
		assert_eq!(owner_of(class, 0), (ALICE, CouponStatus::Sold));
		assert!(placed.resting.is_some());
	});
}

#[test]
fn fills_per_call_are_bounded_and_the_rest_rests() {
	test(|| {
		let class = class_of(30);
		for serial in 0..25 {
			place(ISSUER, ask_request(class, 5 * DOLLAR + serial as u128, &[serial], GTC));
		}
		let placed = place(ALICE, bid_request(class, 9 * DOLLAR, 25, GTC));
		assert_eq!(placed.filled, 20, "MaxFillsPerCall");
		assert_eq!(Orders::<Test>::get(ALICE, placed.resting.unwrap()).unwrap().remaining, 5);
	});
}

#[test]
fn place_order_charges_the_benchmark_of_what_it_did() {
	use crate::weights::WeightInfo as W;
	test(|| {
		let class = class_of(30);
		let charged = |who: AccountId, request: Request| {
			let max = Settlement::place_order_max_weight(&request);
			let post = Settlement::place_order(signed(who), request).expect("order accepted");
			let actual = post.actual_weight.expect("weight refunded to what was used");
			assert!(actual.all_lte(max), "never more than the call's declared weight");
			actual
		};
		// Orders that rest without trading cost their own, light benchmarks.
		assert_eq!(
			charged(ISSUER, ask_request(class, 9 * DOLLAR, &[0, 1, 2], GTC)),
			<() as W>::place_ask_resting(3)
		);
		assert_eq!(
			charged(ALICE, bid_request(class, 5 * DOLLAR, 1, GTC)),
			<() as W>::place_bid_resting()
		);
		// A bid filling two coupons of one resting ask: two fills.
		assert_eq!(charged(BOB, bid_request(class, 9 * DOLLAR, 2, GTC)), <() as W>::place_bid(2));
		// An ask of four coupons filling one bid: the crossing benchmark lists two coupons,
		// the other two cost what listing them does.
		let ask = charged(ISSUER, ask_request(class, 5 * DOLLAR, &[3, 4, 5, 6], GTC));
		let listing_two_more = <() as W>::place_ask_resting(4) - <() as W>::place_ask_resting(2);
		assert_eq!(ask, <() as W>::place_ask(1) + listing_two_more);
		assert!(<() as W>::place_bid_resting().all_lt(<() as W>::place_bid(1)));
	});
}

#[test]
fn bad_orders_are_refused_with_typed_errors() {
	test(|| {
		let class = class_of(10);
		let refuse = |who, request: Request, error: Error<Test>| {
			assert_noop!(Settlement::place_order(signed(who), request), error);
		};
		refuse(ALICE, bid_request(99, DOLLAR, 1, GTC), Error::<Test>::UnknownClass);
		refuse(ALICE, bid_request(class, 0, 1, GTC), Error::<Test>::ZeroPrice);
		refuse(ALICE, bid_request(class, 10 * DOLLAR + 1, 1, GTC), Error::<Test>::AboveFaceValue);
		refuse(ALICE, bid_request(class, DOLLAR, 0, GTC), Error::<Test>::ZeroQuantity);
		refuse(ALICE, ask_request(class, DOLLAR, &[0], GTC), Error::<Test>::NotOwner);
		refuse(ISSUER, ask_request(class, DOLLAR, &[0, 0], GTC), Error::<Test>::DuplicateCoupon);
		let mut wrong = ask_request(class, DOLLAR, &[0], GTC);
		wrong.offer = Offer::Ask { coupons: BoundedVec::truncate_from(vec![coupon(class + 1, 0)]) };
		refuse(ISSUER, wrong, Error::<Test>::WrongClass);
		let mut lapsed = bid_request(class, DOLLAR, 1, GTC);
		lapsed.expires_at = Some(START_MS);
		refuse(ALICE, lapsed, Error::<Test>::AlreadyExpired);
		assert_noop!(Settlement::cancel_order(signed(ALICE), 7), Error::<Test>::UnknownOrder);
		let order = place(ISSUER, ask_request(class, DOLLAR, &[0], GTC)).resting.unwrap();
		// Someone else's order is not among the caller's.
		assert_noop!(Settlement::cancel_order(signed(ALICE), order), Error::<Test>::UnknownOrder);
		assert_noop!(
			Settlement::set_fees(signed(ALICE), FeeRates::SEED),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}

#[test]
fn the_gate_refuses_blocked_traders_and_their_resting_orders_leave_the_book() {
	test(|| {
		let class = class_of(10);
		let resting = place(ISSUER, ask_request(class, 5 * DOLLAR, &[0], GTC)).resting.unwrap();
		deny(ALICE, Denial::Sanctioned);
		assert_noop!(
			Settlement::place_order(signed(ALICE), bid_request(class, 5 * DOLLAR, 1, GTC)),
			sp_runtime::DispatchError::Other("gate: sanctioned")
		);
		// The issuer is frozen after listing: its ask is cancelled when met, Bob's bid rests.
		deny(ISSUER, Denial::AccountFrozen);
		let placed = place(BOB, bid_request(class, 5 * DOLLAR, 1, GTC));
		assert_eq!(placed.filled, 0);
		assert!(Orders::<Test>::get(ISSUER, resting).is_none());
		assert_eq!(owner_of(class, 0), (ISSUER, CouponStatus::Minted));
	});
}

#[test]
fn lapsed_resting_orders_leave_the_book() {
	test(|| {
		let class = class_of(10);
		let mut request = ask_request(class, 5 * DOLLAR, &[0], GTC);
		request.expires_at = Some(START_MS + 1_000);
		let lapsing = place(ISSUER, request).resting.unwrap();
		Timestamp::set_timestamp(START_MS + 1_000);
		let placed = place(ALICE, bid_request(class, 5 * DOLLAR, 1, GTC));
		assert_eq!(placed.filled, 0);
		assert!(Orders::<Test>::get(ISSUER, lapsing).is_none());
	});
}

#[test]
fn governance_sets_fees() {
	test(|| {
		let class = class_of(10);
		let rates = FeeRates {
			maker: sp_runtime::Permill::zero(),
			taker: sp_runtime::Permill::from_percent(1),
		};
		assert_ok!(Settlement::set_fees(RuntimeOrigin::root(), rates));
		place(ISSUER, ask_request(class, 5 * DOLLAR, &[0], GTC));
		let treasury0 = usdc(TREASURY);
		place(ALICE, bid_request(class, 5 * DOLLAR, 1, GTC));
		assert_eq!(usdc(TREASURY), treasury0 + 50_000);
	});
}

fn coupons_of(
	class: ClassId,
	serials: &[u32],
) -> BoundedVec<CouponId, <Test as Config>::MaxCouponsPerOrder> {
	BoundedVec::truncate_from(serials.iter().map(|s| coupon(class, *s)).collect())
}

#[test]
fn coupons_are_given_away_below_the_travel_rule_threshold_without_data() {
	test(|| {
		let class = class_of(10);
		// The issuer's unsold coupons are sold, not given away.
		assert!(Settlement::transfer_coupons(signed(ISSUER), ALICE, coupons_of(class, &[0]), None)
			.is_err());
		place(ISSUER, ask_request(class, 5 * DOLLAR, &[0, 1], GTC));
		place(CAROL, bid_request(class, 5 * DOLLAR, 2, GTC));
		assert_ok!(Settlement::transfer_coupons(
			signed(CAROL),
			ALICE,
			coupons_of(class, &[0, 1]),
			None
		));
		assert_eq!(owner_of(class, 0).0, ALICE);
		assert_eq!(owner_of(class, 1).0, ALICE);
		assert!(TRAVEL_RECORDS.with(|r| r.borrow().is_empty()));
		// Refusals: not the owner, duplicates, to oneself, a blocked receiver.
		assert_noop!(
			Settlement::transfer_coupons(signed(BOB), CAROL, coupons_of(class, &[0]), None),
			Error::<Test>::NotOwner
		);
		assert_noop!(
			Settlement::transfer_coupons(signed(ALICE), BOB, coupons_of(class, &[0, 0]), None),
			Error::<Test>::DuplicateCoupon
		);
		assert_noop!(
			Settlement::transfer_coupons(signed(ALICE), ALICE, coupons_of(class, &[0]), None),
			Error::<Test>::SelfTransfer
		);
		deny(BOB, Denial::Sanctioned);
		assert_noop!(
			Settlement::transfer_coupons(signed(ALICE), BOB, coupons_of(class, &[0]), None),
			sp_runtime::DispatchError::Other("gate: sanctioned")
		);
		// A listed coupon cannot be given away.
		place(ALICE, ask_request(class, 5 * DOLLAR, &[1], GTC));
		assert!(Settlement::transfer_coupons(signed(ALICE), CAROL, coupons_of(class, &[1]), None)
			.is_err());
	});
}

#[test]
fn transfers_at_the_travel_rule_threshold_need_kyc_and_identity_hashes() {
	test(|| {
		let class = class_with(1_000 * DOLLAR, 10);
		place(ISSUER, ask_request(class, 900 * DOLLAR, &[0, 1, 2, 3, 4], GTC));
		place(CAROL, bid_request(class, 900 * DOLLAR, 5, GTC));
		// $2,000: below the threshold, nothing recorded.
		assert_ok!(Settlement::transfer_coupons(
			signed(CAROL),
			ALICE,
			coupons_of(class, &[0, 1]),
			None
		));
		assert!(TRAVEL_RECORDS.with(|r| r.borrow().is_empty()));
		// $3,000: both sides need L2, then the identity hashes.
		let three = coupons_of(class, &[2, 3, 4]);
		assert_noop!(
			Settlement::transfer_coupons(signed(CAROL), ALICE, three.clone(), None),
			sp_runtime::DispatchError::Other("gate: kyc too low")
		);
		set_kyc(CAROL, pallet_compliance::KycLevel::L2);
		set_kyc(ALICE, pallet_compliance::KycLevel::L2);
		assert_noop!(
			Settlement::transfer_coupons(signed(CAROL), ALICE, three.clone(), None),
			sp_runtime::DispatchError::Other("gate: travel rule data required")
		);
		let data = TravelRuleData {
			originator: H256::repeat_byte(0xaa),
			beneficiary: H256::repeat_byte(0xbb),
			beneficiary_external: true,
		};
		assert_ok!(Settlement::transfer_coupons(signed(CAROL), ALICE, three, Some(data)));
		assert_eq!(
			TRAVEL_RECORDS.with(|r| r.borrow().clone()),
			vec![(CAROL, ALICE, 3_000 * DOLLAR, true)]
		);
		assert_eq!(owner_of(class, 4).0, ALICE);
	});
}

#[test]
fn primary_refunds_within_the_window_return_price_and_fees() {
	test(|| {
		let class = class_of(10);
		place(ISSUER, ask_request(class, 8 * DOLLAR, &[0, 1], GTC));
		let (alice0, issuer0, treasury0) = (usdc(ALICE), usdc(ISSUER), usdc(TREASURY));
		place(ALICE, bid_request(class, 8 * DOLLAR, 2, GTC));
		// Seven days later, to the millisecond: still refundable.
		Timestamp::set_timestamp(START_MS + 7 * 86_400_000);
		assert_noop!(Settlement::refund_primary(signed(BOB), 0), Error::<Test>::NotBuyer);
		assert_ok!(Settlement::refund_primary(signed(ALICE), 0));
		assert_eq!(owner_of(class, 0), (ISSUER, CouponStatus::Minted));
		assert_eq!(usdc(ALICE), alice0 - (8 * DOLLAR + 40_000));
		assert_eq!(usdc(ISSUER), issuer0 + (8 * DOLLAR - 8_000));
		assert_eq!(usdc(TREASURY), treasury0 + 48_000);
		assert_noop!(Settlement::refund_primary(signed(ALICE), 0), Error::<Test>::UnknownTrade);
		// One millisecond later the second one is not.
		Timestamp::set_timestamp(START_MS + 7 * 86_400_000 + 1);
		assert_noop!(
			Settlement::refund_primary(signed(ALICE), 1),
			Error::<Test>::RefundWindowClosed
		);
	});
}

#[test]
fn secondary_trades_and_redeemed_coupons_are_not_refunded_directly() {
	test(|| {
		let class = class_of(10);
		place(ISSUER, ask_request(class, 8 * DOLLAR, &[0], GTC));
		place(ALICE, bid_request(class, 8 * DOLLAR, 1, GTC));
		place(ALICE, ask_request(class, 9 * DOLLAR, &[0], GTC));
		place(BOB, bid_request(class, 9 * DOLLAR, 1, GTC));
		assert_noop!(Settlement::refund_primary(signed(BOB), 1), Error::<Test>::NotPrimary);
		// Alice no longer holds the coupon she bought first.
		assert_noop!(Settlement::refund_primary(signed(ALICE), 0), Error::<Test>::NotOwner);
		place(ISSUER, ask_request(class, 8 * DOLLAR, &[1], GTC));
		place(CAROL, bid_request(class, 8 * DOLLAR, 1, GTC));
		assert_ok!(<Coupons as CouponLedger<AccountId>>::apply(
			coupon(class, 1),
			pallet_coupons::CouponAction::Redeem
		));
		assert_noop!(Settlement::refund_primary(signed(CAROL), 2), Error::<Test>::NotRefundable);
	});
}

/// A secondary trade: the issuer sells coupon 0 to Alice at $8, Alice resells it to Bob at $9.
/// Returns (class, trade id of the resale).
fn resold() -> (ClassId, TradeId) {
	let class = class_of(10);
	place(ISSUER, ask_request(class, 8 * DOLLAR, &[0], GTC));
	place(ALICE, bid_request(class, 8 * DOLLAR, 1, GTC));
	place(ALICE, ask_request(class, 9 * DOLLAR, &[0], GTC));
	place(BOB, bid_request(class, 9 * DOLLAR, 1, GTC));
	(class, NextTradeId::<Test>::get() - 1)
}

fn next_block_at(now: u64) {
	use frame_support::traits::Hooks;
	let block = System::block_number() + 1;
	System::set_block_number(block);
	Timestamp::set_timestamp(now);
	Settlement::on_initialize(block);
}

#[test]
fn an_approved_dispute_reverses_the_trade_without_fees() {
	test(|| {
		let (class, trade) = resold();
		let (alice0, bob0, treasury0) = (usdc(ALICE), usdc(BOB), usdc(TREASURY));
		assert_noop!(
			Settlement::open_dispute(signed(ALICE), trade, H256::zero()),
			Error::<Test>::NotBuyer
		);
		assert_noop!(
			Settlement::open_dispute(signed(ALICE), 0, H256::zero()),
			Error::<Test>::PrimaryUsesRefund
		);
		assert_ok!(Settlement::open_dispute(signed(BOB), trade, H256::repeat_byte(7)));
		assert_noop!(
			Settlement::open_dispute(signed(BOB), trade, H256::zero()),
			Error::<Test>::AlreadyDisputed
		);
		assert_noop!(Settlement::take_dispute(signed(CAROL), 0), Error::<Test>::NotArbitrator);
		// An arbitrator who is a party to the trade may not take it.
		ARBITRATORS.with(|set| set.borrow_mut().insert(ALICE));
		assert_noop!(Settlement::take_dispute(signed(ALICE), 0), Error::<Test>::ConflictOfInterest);
		assert_noop!(
			Settlement::resolve_dispute(signed(ARBITRATOR), 0, true),
			Error::<Test>::DisputeNotOpen
		);
		assert_ok!(Settlement::take_dispute(signed(ARBITRATOR), 0));
		assert_ok!(Settlement::resolve_dispute(signed(ARBITRATOR), 0, true));
		assert_eq!(Disputes::<Test>::get(0).unwrap().status, DisputeStatus::Refunded);
		// The coupon is Alice's again; Bob gets the $9 back, not his fee; the treasury keeps
		// the fees.
		assert_eq!(owner_of(class, 0).0, ALICE);
		assert_eq!(usdc(BOB), bob0 + 9 * DOLLAR);
		assert_eq!(usdc(ALICE), alice0 - 9 * DOLLAR);
		assert_eq!(usdc(TREASURY), treasury0);
		assert_noop!(
			Settlement::resolve_dispute(signed(ARBITRATOR), 0, true),
			Error::<Test>::DisputeNotOpen
		);
	});
}

#[test]
fn a_rejected_dispute_changes_nothing_else() {
	test(|| {
		let (class, trade) = resold();
		assert_ok!(Settlement::open_dispute(signed(BOB), trade, H256::zero()));
		assert_ok!(Settlement::take_dispute(signed(ARBITRATOR), 0));
		let bob0 = usdc(BOB);
		assert_ok!(Settlement::resolve_dispute(signed(ARBITRATOR), 0, false));
		assert_eq!(Disputes::<Test>::get(0).unwrap().status, DisputeStatus::Rejected);
		assert_eq!((owner_of(class, 0).0, usdc(BOB)), (BOB, bob0));
	});
}

#[test]
fn disputes_escalate_after_24_hours_without_response_and_72_without_decision() {
	test(|| {
		let (_, trade) = resold();
		assert_ok!(Settlement::open_dispute(signed(BOB), trade, H256::zero()));
		let hour = 3_600_000;
		next_block_at(START_MS + 24 * hour - 1);
		assert_eq!(Disputes::<Test>::get(0).unwrap().status, DisputeStatus::Submitted);
		next_block_at(START_MS + 24 * hour);
		assert_eq!(Disputes::<Test>::get(0).unwrap().status, DisputeStatus::Escalated);
		assert!(System::events().iter().any(|r| r.event
			== RuntimeEvent::Settlement(Event::DisputeEscalated {
				dispute: 0,
				missed_response: true
			})));
		// An escalated dispute can still be taken and decided.
		assert_ok!(Settlement::take_dispute(signed(ARBITRATOR), 0));
		assert_ok!(Settlement::resolve_dispute(signed(ARBITRATOR), 0, false));
	});
	test(|| {
		let (class, trade) = resold();
		assert_ok!(Settlement::open_dispute(signed(BOB), trade, H256::zero()));
		assert_ok!(Settlement::take_dispute(signed(ARBITRATOR), 0));
		let hour = 3_600_000;
		next_block_at(START_MS + 24 * hour);
		assert_eq!(Disputes::<Test>::get(0).unwrap().status, DisputeStatus::UnderArbitration);
		next_block_at(START_MS + 72 * hour);
		assert_eq!(Disputes::<Test>::get(0).unwrap().status, DisputeStatus::Escalated);
		let _ = class;
	});
}

fn obligations() -> Obligations {
	Obligations {
		max_spread_bps: 200,
		min_depth_per_side: 10,
		min_uptime: sp_runtime::Permill::from_percent(95),
	}
}

#[test]
fn market_makers_need_kyc_l3_and_a_deposit() {
	test(|| {
		assert_noop!(
			Settlement::register_market_maker(signed(CAROL), 10_000 * DOLLAR, obligations()),
			Error::<Test>::MarketMakerKycTooLow
		);
		set_kyc(CAROL, pallet_compliance::KycLevel::L3);
		assert_noop!(
			Settlement::register_market_maker(signed(CAROL), 10_000 * DOLLAR - 1, obligations()),
			Error::<Test>::DepositTooLow
		);
		let carol0 = usdc(CAROL);
		assert_ok!(Settlement::register_market_maker(
			signed(CAROL),
			10_000 * DOLLAR,
			obligations()
		));
		assert_eq!(usdc(CAROL), carol0 - 10_000 * DOLLAR);
		assert_noop!(
			Settlement::register_market_maker(signed(CAROL), 10_000 * DOLLAR, obligations()),
			Error::<Test>::AlreadyMarketMaker
		);
		// Compliance suspends, then terminates: the deposit comes back, no return after.
		assert_noop!(
			Settlement::set_market_maker_status(signed(CAROL), CAROL, MarketMakerStatus::Suspended),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_ok!(Settlement::set_market_maker_status(
			signed(COMPLIANCE),
			CAROL,
			MarketMakerStatus::Suspended
		));
		assert_ok!(Settlement::set_market_maker_status(
			signed(COMPLIANCE),
			CAROL,
			MarketMakerStatus::Terminated
		));
		assert_eq!(usdc(CAROL), carol0);
		assert_noop!(
			Settlement::set_market_maker_status(
				signed(COMPLIANCE),
				CAROL,
				MarketMakerStatus::Active
			),
			Error::<Test>::MarketMakerTerminated
		);
	});
}

#[test]
fn active_market_makers_batch_places_and_cancels_all_or_nothing() {
	test(|| {
		let class = class_of(10);
		let ops = |list: Vec<BatchOpOf<Test>>| {
			BoundedVec::<_, <Test as Config>::MaxBatch>::truncate_from(list)
		};
		assert_noop!(
			Settlement::batch(
				signed(CAROL),
				ops(vec![BatchOp::Place(bid_request(class, DOLLAR, 1, GTC))])
			),
			Error::<Test>::NotMarketMaker
		);
		set_kyc(CAROL, pallet_compliance::KycLevel::L3);
		assert_ok!(Settlement::register_market_maker(
			signed(CAROL),
			10_000 * DOLLAR,
			obligations()
		));
		let quotes: Vec<BatchOpOf<Test>> = (1..=5)
			.map(|i| BatchOp::Place(bid_request(class, i * DOLLAR, 2, GTC)))
			.collect();
		assert_ok!(Settlement::batch(signed(CAROL), ops(quotes)));
		assert_eq!(Orders::<Test>::iter_prefix(CAROL).count(), 5);
		assert_eq!(Settlement::best_price(class, Side::Bid), Some(5 * DOLLAR));
		// A bad op undoes the whole batch.
		let first: OrderId = Orders::<Test>::iter_key_prefix(CAROL).min().unwrap();
		assert_noop!(
			Settlement::batch(
				signed(CAROL),
				ops(vec![BatchOp::Cancel(first), BatchOp::Cancel(999)])
			),
			Error::<Test>::UnknownOrder
		);
		assert_ok!(Settlement::batch(signed(CAROL), ops(vec![BatchOp::Cancel(first)])));
		assert_eq!(Orders::<Test>::iter_prefix(CAROL).count(), 4);
		assert_ok!(Settlement::set_market_maker_status(
			signed(COMPLIANCE),
			CAROL,
			MarketMakerStatus::Suspended
		));
		assert_noop!(
			Settlement::batch(signed(CAROL), ops(vec![])),
			Error::<Test>::MarketMakerNotActive
		);
	});
}

#[test]
fn queries_show_depth_best_prices_open_orders_and_recent_trades() {
	test(|| {
		let class = class_of(10);
		place(ISSUER, ask_request(class, 8 * DOLLAR, &[0, 1], GTC));
		place(ISSUER, ask_request(class, 9 * DOLLAR, &[2], GTC));
		place(ALICE, bid_request(class, 5 * DOLLAR, 3, GTC));
		place(BOB, bid_request(class, 6 * DOLLAR, 1, GTC));
		let depth = Settlement::depth(class, 10);
		assert_eq!(depth.asks, vec![(8 * DOLLAR, 2), (9 * DOLLAR, 1)]);
		assert_eq!(depth.bids, vec![(6 * DOLLAR, 1), (5 * DOLLAR, 3)]);
		assert_eq!(Settlement::depth(class, 1).asks, vec![(8 * DOLLAR, 2)]);
		assert_eq!(Settlement::best_price(class, Side::Bid), Some(6 * DOLLAR));
		let open = Settlement::open_orders(&ALICE);
		assert_eq!(open.len(), 1);
		assert_eq!((open[0].side, open[0].remaining), (Side::Bid, 3));
		place(CAROL, bid_request(class, 8 * DOLLAR, 2, GTC));
		let recent = Settlement::recent_trades(class, 5);
		assert_eq!(recent.len(), 2);
		assert_eq!(recent[0].id, 1, "newest first");
		assert_eq!((recent[0].buyer, recent[0].price), (CAROL, 8 * DOLLAR));
	});
}

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);
impl Rng {
	fn next(&mut self) -> u64 {
		self.0 ^= self.0 >> 12;
		self.0 ^= self.0 << 25;
		self.0 ^= self.0 >> 27;
		self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
	}
	fn below(&mut self, n: u64) -> u64 {
		self.next() % n
	}
}

/// Random places (all times in force, post-only), cancels and transfers by four traders
/// never create or destroy stablecoin or coupons, and held funds always equal what open
/// bids need (`check_invariants` after every step).
#[test]
fn random_trading_conserves_money_and_coupons() {
	let mut trades = 0;
	for seed in 1..=8u64 {
		test(|| {
			let class = class_of(40);
			let traders = [ISSUER, ALICE, BOB, CAROL];
			let everyone = [ISSUER, ALICE, BOB, CAROL, TREASURY, escrow(), Coupons::account_id()];
			let total = |who: &[AccountId]| who.iter().map(|w| usdc(*w)).sum::<u128>();
			let money = total(&everyone);
			let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
			let mut ok = 0;
			for _ in 0..400 {
				let who = traders[rng.below(4) as usize];
				let price = (1 + rng.below(10) as u128) * DOLLAR / 2 + rng.below(3) as u128;
				let tif = [GTC, GTC, IOC, FOK][rng.below(4) as usize];
				let result = match rng.below(5) {
					0 | 1 => {
						let mut request = bid_request(class, price, 1 + rng.below(3) as u32, tif);
						request.post_only = rng.below(5) == 0;
						Settlement::place_order(signed(who), request)
							.map(|_| ())
							.map_err(|e| e.error)
					},
					2 | 3 => {
						let owned: Vec<u32> =
							pallet_coupons::OwnedCoupons::<Test>::iter_key_prefix(who)
								.map(|id| id.serial)
								.filter(|serial| owner_of(class, *serial).1 != CouponStatus::Listed)
								.take(1 + rng.below(3) as usize)
								.collect();
						let mut request = ask_request(class, price, &owned, tif);
						request.post_only = rng.below(5) == 0;
						Settlement::place_order(signed(who), request)
							.map(|_| ())
							.map_err(|e| e.error)
					},
					_ => match Orders::<Test>::iter_key_prefix(who).next() {
						Some(order) => Settlement::cancel_order(signed(who), order),
						None => Ok(()),
					},
				};
				if result.is_ok() {
					ok += 1;
				}
				assert_eq!(total(&everyone), money, "stablecoin conserved (seed {seed})");
				assert_eq!(pallet_coupons::CouponItems::<Test>::iter_prefix(class).count(), 40);
				check_invariants();
			}
			assert!(ok > 100, "the sequence mostly did something (seed {seed}: {ok} ok)");
			trades += NextTradeId::<Test>::get();
		});
	}
	assert!(trades > 100, "the sequences traded ({trades} trades)");
}

mod monitoring;
