//! Unit tests of the coupons pallet against the mock runtime.

use crate::{credit, mock::*, pallet::*, types::*, CouponLedger, Error};
use frame_support::{assert_noop, assert_ok, traits::Hooks, BoundedVec};
use frame_system::RawOrigin;
use sp_core::H256;
use sp_runtime::{DispatchError, Perbill, Permill};

type Event = crate::Event<Test>;

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn usdc(who: AccountId) -> Balance {
	Assets::balance(USDC, who)
}

fn h(n: u8) -> H256 {
	H256::repeat_byte(n)
}

fn last_event() -> Event {
	System::events()
		.into_iter()
		.rev()
		.find_map(|record| match record.event {
			RuntimeEvent::Coupons(event) => Some(event),
			_ => None,
		})
		.expect("a coupons event")
}

fn has_event(event: Event) -> bool {
	System::events()
		.iter()
		.any(|record| record.event == RuntimeEvent::Coupons(event.clone()))
}

fn approved(who: AccountId) {
	assert_ok!(Coupons::apply_issuer(signed(who), h(1), h(2), h(3)));
	assert_ok!(Coupons::approve_issuer(signed(COMPLIANCE), who));
}

fn params(face_value: Balance, days_out: u32, supply_cap: u32) -> ClassParams<u32, Balance> {
	ClassParams {
		asset: USDC,
		face_value,
		track: Track::Utility,
		expiry_day: START_DAY + days_out,
		max_resales: None,
		refund_window_days: None,
		transferable: true,
		supply_cap,
		metadata_hash: h(9),
	}
}

fn create(who: AccountId, params: ClassParams<u32, Balance>) -> ClassId {
	assert_ok!(Coupons::create_class(signed(who), params));
	NextClassId::<Test>::get() - 1
}

/// An approved issuer with an active class of `supply` coupons of $10, all minted.
fn minted_class(who: AccountId, supply: u32) -> ClassId {
	approved(who);
	let class = create(who, params(10 * DOLLAR, 30, supply));
	let mut left = supply;
	while left > 0 {
		let n = left.min(1000);
		assert_ok!(Coupons::mint(signed(who), class, n));
		left -= n;
	}
	class
}

fn coupon(class: ClassId, serial: Serial) -> CouponOf<Test> {
	CouponItems::<Test>::get(class, serial).expect("coupon exists")
}

fn sell(class: ClassId, serial: Serial, buyer: AccountId, price: Balance) {
	assert_ok!(Coupons::apply(
		CouponId::new(class, serial),
		CouponAction::PrimarySale { buyer, price }
	));
}

// ---------------------------------------------------------------- state machine

/// The whole state machine as a table: every status × action × history, allowed or not,
/// and to what.
#[test]
fn state_machine_table() {
	use ActionKind as A;
	use CouponStatus as S;
	let actions = [
		A::List,
		A::Delist,
		A::PrimarySale,
		A::SecondarySale,
		A::Transfer,
		A::Redeem,
		A::Expire,
		A::Recall,
		A::Refund,
		A::ReverseSale,
		A::ClaimGuarantee,
	];
	let histories = [
		History { sold: false, circulated: false },
		History { sold: true, circulated: false },
		History { sold: true, circulated: true },
	];
	// (from, action, history.sold, history.circulated) -> to; anything absent is refused.
	let allowed = |from: S, action: A, h: History| -> Option<S> {
		Some(match (from, action, h.sold, h.circulated) {
			(S::Minted, A::List, ..) => S::Listed,
			(S::Sold, A::List, ..) => S::Listed,
			(S::InCirculation, A::List, ..) => S::Listed,
			(S::Listed, A::Delist, false, _) => S::Minted,
			(S::Listed, A::Delist, true, false) => S::Sold,
			(S::Listed, A::Delist, true, true) => S::InCirculation,
			(S::Minted, A::PrimarySale, false, _) => S::Sold,
			(S::Listed, A::PrimarySale, false, _) => S::Sold,
			(S::Listed, A::SecondarySale, true, _) => S::InCirculation,
			(S::Sold, A::Transfer, ..) => S::InCirculation,
			(S::InCirculation, A::Transfer, ..) => S::InCirculation,
			(S::Sold, A::Redeem, ..) => S::Redeemed,
			(S::InCirculation, A::Redeem, ..) => S::Redeemed,
			(S::Minted | S::Listed | S::Sold | S::InCirculation, A::Expire, ..) => S::Expired,
			(S::Minted, A::Recall, ..) => S::Recalled,
			(S::Sold, A::Refund, ..) => S::Minted,
			(S::InCirculation, A::ReverseSale, ..) => S::InCirculation,
			(S::Sold | S::InCirculation, A::ClaimGuarantee, ..) => S::Recalled,
			_ => return None,
		})
	};
	let mut checked = 0;
	for from in CouponStatus::ALL {
		for action in actions {
			for history in histories {
				let got = from.after(action, history);
				match allowed(from, action, history) {
					Some(to) => assert_eq!(got, Ok(to), "{from:?} --{action:?}/{history:?}"),
					None => {
						let reason =
							if from.is_final() { Refusal::Final } else { Refusal::NotAllowed };
						assert_eq!(got, Err(reason), "{from:?} --{action:?}/{history:?}");
					},
				}
				checked += 1;
			}
		}
	}
	assert_eq!(checked, 7 * 11 * 3);
}

// ---------------------------------------------------------------- credit formula

#[test]
fn credit_formula_matches_hand_computed_values() {
	let stats = |sold, redeemed, redeemed_count, breakage, breakage_count| IssuerStats::<Balance> {
		sold_value: sold,
		redeemed_value: redeemed,
		redeemed_count,
		breakage_value: breakage,
		breakage_count,
	};
	// Nothing settled yet: the new-issuer score.
	assert_eq!(credit::score(&stats(1000, 0, 0, 0, 0), 5, Permill::from_percent(90)), 6000);
	// 100 × (0.35·0.8 + 0.25·0.8 + 0.2·ln13/ln37 + 0.2·0.9) = 80.2066… → 80.21
	assert_eq!(credit::score(&stats(1000, 800, 80, 200, 20), 12, Permill::from_percent(90)), 8021);
	// 100 × (0.35/3 + 0.25 + 0.2·ln2/ln37 + 0.2·0.5) = 50.5058… → 50.51
	assert_eq!(credit::score(&stats(3, 1, 1, 0, 0), 1, Permill::from_percent(50)), 5051);
	// Perfect record and 36 months: 100.00; tenure beyond 36 months counts as 36.
	assert_eq!(credit::score(&stats(50, 50, 5, 0, 0), 36, Permill::one()), 10_000);
	assert_eq!(credit::score(&stats(50, 50, 5, 0, 0), 400, Permill::one()), 10_000);
	// Everything expired, brand new, unhappy holders: 0.00.
	assert_eq!(credit::score(&stats(50, 0, 0, 50, 5), 0, Permill::zero()), 0);

	let table = credit::default_rating_table::<Balance>();
	let credit_of = |score, downgrades| credit::credit_for(score, downgrades, &table);
	assert_eq!(credit_of(8021, 0).rating, CreditRating::AA);
	assert_eq!(credit_of(8021, 0).quota, 500_000 * DOLLAR);
	assert_eq!(credit_of(6000, 0).rating, CreditRating::BBB);
	assert_eq!(credit_of(5999, 0).rating, CreditRating::BB);
	assert_eq!(
		credit_of(6000, 1),
		Credit { score: 6000, rating: CreditRating::BB, quota: 50_000 * DOLLAR }
	);
	assert_eq!(credit_of(0, 0), Credit { score: 0, rating: CreditRating::C, quota: 0 });
	assert_eq!(credit_of(10_000, 9).rating, CreditRating::C);
}

#[test]
fn tenure_table_is_ln_m_plus_1_over_ln_37() {
	// Spot checks against independently computed values and the table's shape.
	assert_eq!(credit::TENURE_FACTOR_PPB[0], 0);
	assert_eq!(credit::TENURE_FACTOR_PPB[36], 1_000_000_000);
	// ln 2 / ln 37 = 0.19195872…; ln 7 / ln 37 = 0.53889625…
	assert_eq!(credit::TENURE_FACTOR_PPB[1], 191_958_720);
	assert_eq!(credit::TENURE_FACTOR_PPB[6], 538_896_257);
	// ln(a·b) = ln a + ln b: f(5) = f(1) + f(2) for m+1 = 6 = 2·3 (within rounding).
	let sum = credit::TENURE_FACTOR_PPB[1] + credit::TENURE_FACTOR_PPB[2];
	assert!(sum.abs_diff(credit::TENURE_FACTOR_PPB[5]) <= 1);
	assert!(credit::TENURE_FACTOR_PPB.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn year_of_day_follows_the_calendar() {
	use crate::functions::year_of_day;
	assert_eq!(year_of_day(0), 1970);
	assert_eq!(year_of_day(364), 1970);
	assert_eq!(year_of_day(365), 1971);
	assert_eq!(year_of_day(START_DAY), 2024);
	// 2024-12-31 is day 20,088; 2025-01-01 is day 20,089.
	assert_eq!(year_of_day(20_088), 2024);
	assert_eq!(year_of_day(20_089), 2025);
	// 2000-02-29 (leap day of a century leap year) is day 11,016.
	assert_eq!(year_of_day(11_016), 2000);
}

// ---------------------------------------------------------------- issuers

#[test]
fn apply_and_approve_an_issuer() {
	test(|| {
		assert_ok!(Coupons::apply_issuer(signed(ISSUER), h(1), h(2), h(3)));
		let issuer = Issuers::<Test>::get(ISSUER).unwrap();
		assert_eq!(issuer.status, IssuerStatus::Pending);
		assert_eq!(
			issuer.credit,
			Credit { score: 6000, rating: CreditRating::BBB, quota: 100_000 * DOLLAR }
		);
		assert_eq!(issuer.company_hash, h(1));
		assert_eq!(last_event(), Event::IssuerApplied { issuer: ISSUER });

		let before = usdc(ISSUER);
		assert_ok!(Coupons::approve_issuer(signed(COMPLIANCE), ISSUER));
		// 10 % of the $100,000 quota is held as guarantee in the pallet's account.
		let guarantee = 10_000 * DOLLAR;
		assert_eq!(usdc(ISSUER), before - guarantee);
		assert_eq!(usdc(Coupons::account_id()), guarantee);
		let issuer = Issuers::<Test>::get(ISSUER).unwrap();
		assert_eq!(issuer.status, IssuerStatus::Active);
		assert_eq!(issuer.guarantee, guarantee);
		assert_eq!(issuer.approved_at, Some(START_MS));
		assert_eq!(last_event(), Event::IssuerApproved { issuer: ISSUER, guarantee });
	});
}

#[test]
fn issuer_review_errors() {
	test(|| {
		assert_noop!(
			Coupons::approve_issuer(signed(COMPLIANCE), ISSUER),
			Error::<Test>::UnknownIssuer
		);
		assert_ok!(Coupons::apply_issuer(signed(ISSUER), h(1), h(2), h(3)));
		assert_noop!(
			Coupons::apply_issuer(signed(ISSUER), h(1), h(2), h(3)),
			Error::<Test>::AlreadyApplied
		);
		// Only compliance reviews.
		assert_noop!(Coupons::approve_issuer(signed(ALICE), ISSUER), DispatchError::BadOrigin);
		assert_noop!(Coupons::reject_issuer(signed(ISSUER), ISSUER), DispatchError::BadOrigin);
		assert_ok!(Coupons::approve_issuer(signed(COMPLIANCE), ISSUER));
		assert_noop!(
			Coupons::approve_issuer(signed(COMPLIANCE), ISSUER),
			Error::<Test>::NotPending
		);
		assert_noop!(Coupons::reject_issuer(signed(COMPLIANCE), ISSUER), Error::<Test>::NotPending);
		// An issuer that cannot post its guarantee stays pending.
		assert_ok!(Coupons::apply_issuer(signed(POOR_ISSUER), h(1), h(2), h(3)));
		assert_noop!(
			Coupons::approve_issuer(signed(COMPLIANCE), POOR_ISSUER),
			Error::<Test>::InsufficientGuarantee
		);
	});
}

#[test]
fn rejected_applicant_may_apply_again() {
	test(|| {
		assert_ok!(Coupons::apply_issuer(signed(ISSUER), h(1), h(2), h(3)));
		assert_ok!(Coupons::reject_issuer(signed(COMPLIANCE), ISSUER));
		assert!(Issuers::<Test>::get(ISSUER).is_none());
		assert_eq!(last_event(), Event::IssuerRejected { issuer: ISSUER });
		assert_ok!(Coupons::apply_issuer(signed(ISSUER), h(4), h(5), h(6)));
	});
}

#[test]
fn issuer_status_changes_follow_the_rules() {
	test(|| {
		approved(ISSUER);
		assert_noop!(
			Coupons::set_issuer_status(signed(ALICE), ISSUER, IssuerStatus::Suspended),
			DispatchError::BadOrigin
		);
		assert_ok!(Coupons::set_issuer_status(signed(COMPLIANCE), ISSUER, IssuerStatus::Suspended));
		assert_noop!(
			Coupons::create_class(signed(ISSUER), params(10 * DOLLAR, 30, 10)),
			Error::<Test>::IssuerNotActive
		);
		for status in [IssuerStatus::Pending, IssuerStatus::Defaulted, IssuerStatus::Suspended] {
			assert_noop!(
				Coupons::set_issuer_status(signed(COMPLIANCE), ISSUER, status),
				Error::<Test>::InvalidStatusChange
			);
		}
		assert_ok!(Coupons::set_issuer_status(signed(COMPLIANCE), ISSUER, IssuerStatus::Active));
		assert_ok!(Coupons::set_issuer_status(
			signed(COMPLIANCE),
			ISSUER,
			IssuerStatus::Terminated
		));
		assert_eq!(
			last_event(),
			Event::IssuerStatusChanged { issuer: ISSUER, status: IssuerStatus::Terminated }
		);
		assert_noop!(
			Coupons::set_issuer_status(signed(COMPLIANCE), ISSUER, IssuerStatus::Active),
			Error::<Test>::InvalidStatusChange
		);
	});
}

#[test]
fn tier_and_satisfaction_need_their_origins() {
	test(|| {
		approved(ISSUER);
		assert_noop!(
			Coupons::set_tier(signed(COMPLIANCE), ISSUER, IssuerTier::Diamond),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Coupons::set_tier(RawOrigin::Root.into(), ALICE, IssuerTier::Diamond),
			Error::<Test>::UnknownIssuer
		);
		assert_ok!(Coupons::set_tier(RawOrigin::Root.into(), ISSUER, IssuerTier::Diamond));
		assert_eq!(Issuers::<Test>::get(ISSUER).unwrap().tier, IssuerTier::Diamond);
		assert_noop!(
			Coupons::set_satisfaction(signed(ISSUER), ISSUER, Permill::one()),
			DispatchError::BadOrigin
		);
		assert_ok!(Coupons::set_satisfaction(
			signed(SATISFACTION),
			ISSUER,
			Permill::from_percent(90)
		));
		assert_eq!(Issuers::<Test>::get(ISSUER).unwrap().satisfaction, Permill::from_percent(90));
		assert_noop!(Coupons::refresh_credit(signed(ALICE), BOB), Error::<Test>::UnknownIssuer);
	});
}

#[test]
fn credit_follows_redemptions_breakage_tenure_and_satisfaction() {
	test(|| {
		let class = minted_class(ISSUER, 10);
		for serial in 0..10 {
			sell(class, serial, ALICE, 9 * DOLLAR);
		}
		// No settled sale yet: still the new-issuer score.
		assert_eq!(Issuers::<Test>::get(ISSUER).unwrap().credit.score, 6000);
		// 8 of 10 redeemed; tenure 0; satisfaction 50 %: r = 0.8, b = 0.
		for serial in 0..8 {
			assert_ok!(Coupons::apply(CouponId::new(class, serial), CouponAction::Redeem));
		}
		// 100 × (0.35·0.8 + 0.25 + 0 + 0.2·0.5) = 63.00
		let issuer = Issuers::<Test>::get(ISSUER).unwrap();
		assert_eq!(issuer.credit.score, 6300);
		assert_eq!(issuer.credit.rating, CreditRating::BBB);
		assert!(has_event(Event::CreditUpdated {
			issuer: ISSUER,
			score: 6300,
			rating: CreditRating::BBB,
			quota: 100_000 * DOLLAR,
		}));
		// Satisfaction 100 %: 73.00 → A, quota $250,000.
		assert_ok!(Coupons::set_satisfaction(signed(SATISFACTION), ISSUER, Permill::one()));
		let issuer = Issuers::<Test>::get(ISSUER).unwrap();
		assert_eq!((issuer.credit.score, issuer.credit.rating), (7300, CreditRating::A));
		assert_eq!(issuer.credit.quota, 250_000 * DOLLAR);
		// The class expires: the 2 sold unredeemed coupons are breakage: b = 0.2.
		next_block_after_days(31);
		// 12 months later: 100 × (0.28 + 0.25·0.8 + 0.2·ln13/ln37 + 0.2) = 82.2066… → 82.21
		pallet_timestamp::Now::<Test>::put(START_MS + 12 * MONTH_MS);
		assert_ok!(Coupons::refresh_credit(signed(ALICE), ISSUER));
		let issuer = Issuers::<Test>::get(ISSUER).unwrap();
		assert_eq!((issuer.credit.score, issuer.credit.rating), (8221, CreditRating::AA));
		let stats = IssuerStatistics::<Test>::get(ISSUER);
		assert_eq!(stats.breakage_count, 2);
		assert_eq!(stats.breakage_value, 20 * DOLLAR);
		assert_eq!(stats.redeemed_value, 80 * DOLLAR);
	});
}

// ---------------------------------------------------------------- classes

#[test]
fn create_class_checks_everything_and_changes_nothing_when_refused() {
	test(|| {
		approved(ISSUER);
		let ok = params(10 * DOLLAR, 30, 1000);
		let refused = |p: ClassParams<u32, Balance>, error: Error<Test>| {
			assert_noop!(Coupons::create_class(signed(ISSUER), p), error);
		};
		refused(ClassParams { face_value: 0, ..ok.clone() }, Error::<Test>::FaceValueTooLow);
		refused(ClassParams { face_value: 9_999, ..ok.clone() }, Error::<Test>::FaceValueTooLow);
		refused(
			ClassParams { face_value: 100_000 * DOLLAR + 1, ..ok.clone() },
			Error::<Test>::FaceValueTooHigh,
		);
		refused(
			ClassParams { face_value: Balance::MAX, ..ok.clone() },
			Error::<Test>::FaceValueTooHigh,
		);
		refused(
			ClassParams { expiry_day: START_DAY - 1, ..ok.clone() },
			Error::<Test>::ExpiryInPast,
		);
		refused(
			ClassParams { expiry_day: START_DAY + 366, ..ok.clone() },
			Error::<Test>::ExpiryTooFar,
		);
		refused(ClassParams { asset: OTHER_ASSET, ..ok.clone() }, Error::<Test>::UnsupportedAsset);
		refused(ClassParams { max_resales: Some(11), ..ok.clone() }, Error::<Test>::TooManyResales);
		refused(
			ClassParams { refund_window_days: Some(91), ..ok.clone() },
			Error::<Test>::RefundWindowTooLong,
		);
		refused(ClassParams { supply_cap: 0, ..ok.clone() }, Error::<Test>::InvalidSupplyCap);
		refused(
			ClassParams { supply_cap: 1_000_001, ..ok.clone() },
			Error::<Test>::InvalidSupplyCap,
		);
		// $10 × 10,001 = $100,010 > the $100,000 quota.
		refused(ClassParams { supply_cap: 10_001, ..ok.clone() }, Error::<Test>::QuotaExceeded);
		assert_noop!(
			Coupons::create_class(signed(ALICE), ok.clone()),
			Error::<Test>::UnknownIssuer
		);

		// Securities may run longer than a year; a utility class may end exactly in 365 days.
		create(
			ISSUER,
			ClassParams { track: Track::Securities, expiry_day: START_DAY + 800, ..ok.clone() },
		);
		let class = create(ISSUER, ClassParams { expiry_day: START_DAY + 365, ..ok.clone() });
		let stored = Classes::<Test>::get(class).unwrap();
		assert_eq!(stored.status, ClassStatus::Active);
		assert_eq!((stored.max_resales, stored.refund_window_days), (3, 7));
		assert_eq!(
			last_event(),
			Event::ClassCreated { class, issuer: ISSUER, status: ClassStatus::Active }
		);
		// The class limit (5 in the mock).
		for _ in 0..3 {
			create(ISSUER, ok.clone());
		}
		refused(ok, Error::<Test>::TooManyClasses);
	});
}

#[test]
fn review_makes_classes_drafts_until_approved() {
	test(|| {
		ClassReviewRequired::set(&true);
		approved(ISSUER);
		let class = create(ISSUER, params(10 * DOLLAR, 30, 100));
		assert_eq!(Classes::<Test>::get(class).unwrap().status, ClassStatus::Draft);
		assert_noop!(Coupons::mint(signed(ISSUER), class, 1), Error::<Test>::ClassNotActive);
		assert_noop!(Coupons::approve_class(signed(ISSUER), class), DispatchError::BadOrigin);
		assert_noop!(Coupons::approve_class(signed(COMPLIANCE), 77), Error::<Test>::UnknownClass);
		assert_ok!(Coupons::approve_class(signed(COMPLIANCE), class));
		assert_eq!(last_event(), Event::ClassApproved { class });
		assert_noop!(Coupons::reject_class(signed(COMPLIANCE), class), Error::<Test>::NotDraft);
		assert_ok!(Coupons::mint(signed(ISSUER), class, 1));

		let other = create(ISSUER, params(10 * DOLLAR, 30, 100));
		assert_ok!(Coupons::reject_class(signed(COMPLIANCE), other));
		assert_eq!(Classes::<Test>::get(other).unwrap().status, ClassStatus::Rejected);
		assert_noop!(Coupons::mint(signed(ISSUER), other, 1), Error::<Test>::ClassNotActive);
	});
}

// ---------------------------------------------------------------- the gate

#[test]
fn the_compliance_gate_can_stop_issuance() {
	test(|| {
		approved(ISSUER);
		let class = create(ISSUER, params(10 * DOLLAR, 30, 100));
		IssuanceDenied::set(&true);
		let denied = DispatchError::Other("gate: issuer frozen");
		assert_noop!(Coupons::mint(signed(ISSUER), class, 1), denied);
		assert_noop!(Coupons::create_class(signed(ISSUER), params(10 * DOLLAR, 30, 1)), denied);
		IssuanceDenied::set(&false);
		assert_ok!(Coupons::mint(signed(ISSUER), class, 1));
	});
}

// ---------------------------------------------------------------- minting

#[test]
fn mint_charges_the_exact_fee_and_uses_exact_quota() {
	test(|| {
		approved(ISSUER);
		let class = create(ISSUER, params(10 * DOLLAR, 30, 1000));
		let (issuer_before, treasury_before) = (usdc(ISSUER), usdc(TREASURY));
		// First month: gold, 1.2 % of $1,000.
		assert_ok!(Coupons::mint(signed(ISSUER), class, 100));
		assert_eq!(usdc(TREASURY) - treasury_before, 12 * DOLLAR);
		assert_eq!(issuer_before - usdc(ISSUER), 12 * DOLLAR);
		assert_eq!(
			last_event(),
			Event::Minted {
				class,
				issuer: ISSUER,
				first_serial: 0,
				quantity: 100,
				fee: 12 * DOLLAR
			}
		);
		assert_eq!(Issuers::<Test>::get(ISSUER).unwrap().quota_used, 1000 * DOLLAR);
		for serial in [0, 57, 99] {
			let c = coupon(class, serial);
			assert_eq!((c.owner, c.status, c.resale_count), (ISSUER, CouponStatus::Minted, 0));
			assert!(OwnedCoupons::<Test>::contains_key(ISSUER, CouponId::new(class, serial)));
		}
		assert!(CouponItems::<Test>::get(class, 100).is_none());
		assert_eq!(Classes::<Test>::get(class).unwrap().supply.get(CouponStatus::Minted), 100);

		// After the first month, silver: 1.5 %. An odd face value: $3.333333 × 7 = $23.333331,
		// fee floor(23_333_331 × 0.015) = 349_999 base units.
		pallet_timestamp::Now::<Test>::put(START_MS + MONTH_MS);
		let odd = create(ISSUER, params(3_333_333, 60, 100));
		let treasury_before = usdc(TREASURY);
		assert_ok!(Coupons::mint(signed(ISSUER), odd, 7));
		assert_eq!(usdc(TREASURY) - treasury_before, 349_999);
		assert_eq!(Issuers::<Test>::get(ISSUER).unwrap().quota_used, 1000 * DOLLAR + 23_333_331);
		// Diamond: 0.8 %.
		assert_ok!(Coupons::set_tier(RawOrigin::Root.into(), ISSUER, IssuerTier::Diamond));
		let treasury_before = usdc(TREASURY);
		assert_ok!(Coupons::mint(signed(ISSUER), class, 50));
		assert_eq!(usdc(TREASURY) - treasury_before, 4 * DOLLAR);
		assert_eq!(
			IssuerYearTotals::<Test>::get(ISSUER, 2024).issuance_fees,
			12 * DOLLAR + 349_999 + 4 * DOLLAR
		);
	});
}

#[test]
fn first_month_never_costs_more_than_the_tier() {
	test(|| {
		approved(ISSUER);
		assert_ok!(Coupons::set_tier(RawOrigin::Root.into(), ISSUER, IssuerTier::Diamond));
		let class = create(ISSUER, params(10 * DOLLAR, 30, 1000));
		let before = usdc(TREASURY);
		assert_ok!(Coupons::mint(signed(ISSUER), class, 100));
		// Diamond 0.8 % beats the first-month gold 1.2 %.
		assert_eq!(usdc(TREASURY) - before, 8 * DOLLAR);
	});
}

#[test]
fn mint_refusals_change_nothing() {
	test(|| {
		approved(ISSUER);
		approved(ISSUER_2);
		let class = create(ISSUER, params(10 * DOLLAR, 30, 1500));
		assert_noop!(Coupons::mint(signed(ISSUER_2), class, 1), Error::<Test>::NotClassIssuer);
		assert_noop!(Coupons::mint(signed(ISSUER), 99, 1), Error::<Test>::UnknownClass);
		assert_noop!(Coupons::mint(signed(ISSUER), class, 0), Error::<Test>::InvalidQuantity);
		assert_noop!(Coupons::mint(signed(ISSUER), class, 1001), Error::<Test>::InvalidQuantity);
		assert_ok!(Coupons::mint(signed(ISSUER), class, 1000));
		assert_noop!(Coupons::mint(signed(ISSUER), class, 501), Error::<Test>::SupplyCapExceeded);

		// Quota: $10,000 used; a $100 class of 900 needs $90,000 — fits exactly; one more
		// coupon does not.
		let big = create(ISSUER, params(100 * DOLLAR, 30, 900));
		assert_ok!(Coupons::mint(signed(ISSUER), big, 900));
		assert_eq!(Issuers::<Test>::get(ISSUER).unwrap().quota_used, 100_000 * DOLLAR);
		assert_noop!(Coupons::mint(signed(ISSUER), class, 1), Error::<Test>::QuotaExceeded);

		// An issuer whose stablecoin cannot cover the fee.
		let class_2 = create(ISSUER_2, params(10 * DOLLAR, 30, 100));
		let balance = usdc(ISSUER_2);
		assert_ok!(Assets::transfer(signed(ISSUER_2), USDC, BOB, balance));
		assert_noop!(
			Coupons::mint(signed(ISSUER_2), class_2, 10),
			Error::<Test>::InsufficientFeeFunds
		);
	});
}

#[test]
fn recall_takes_back_unsold_coupons_and_restores_quota() {
	test(|| {
		let class = minted_class(ISSUER, 10);
		sell(class, 0, ALICE, 9 * DOLLAR);
		let recall = |serials: Vec<Serial>| {
			Coupons::recall(signed(ISSUER), class, BoundedVec::truncate_from(serials))
		};
		assert_noop!(recall(vec![0]), Error::<Test>::NotOwner);
		assert_noop!(recall(vec![]), Error::<Test>::InvalidQuantity);
		assert_noop!(recall(vec![42]), Error::<Test>::UnknownCoupon);
		assert_noop!(
			Coupons::recall(signed(ALICE), class, BoundedVec::truncate_from(vec![1])),
			Error::<Test>::NotClassIssuer
		);
		// A listed coupon must come off the book first.
		assert_ok!(Coupons::apply(CouponId::new(class, 5), CouponAction::List));
		assert_noop!(recall(vec![5]), Error::<Test>::InvalidTransition);
		// A duplicate in the batch fails the whole batch.
		assert_noop!(recall(vec![1, 1]), Error::<Test>::CouponFinal);

		assert_ok!(recall(vec![1, 2, 3]));
		assert_eq!(
			last_event(),
			Event::Recalled { class, quantity: 3, quota_restored: 30 * DOLLAR }
		);
		assert_eq!(coupon(class, 2).status, CouponStatus::Recalled);
		assert_eq!(Issuers::<Test>::get(ISSUER).unwrap().quota_used, 70 * DOLLAR);
		assert_eq!(Classes::<Test>::get(class).unwrap().supply.get(CouponStatus::Recalled), 3);
		assert_noop!(recall(vec![2]), Error::<Test>::CouponFinal);
	});
}

// ---------------------------------------------------------------- the ledger

#[test]
fn ledger_primary_and_secondary_sales_with_resale_limit() {
	test(|| {
		let class = minted_class(ISSUER, 3);
		let id = CouponId::new(class, 0);
		assert_ok!(Coupons::apply(id, CouponAction::List));
		assert_ok!(Coupons::apply(
			id,
			CouponAction::PrimarySale { buyer: ALICE, price: 9 * DOLLAR }
		));
		let c = coupon(class, 0);
		assert_eq!((c.owner, c.status, c.sold_at), (ALICE, CouponStatus::Sold, Some(START_MS)));
		assert!(OwnedCoupons::<Test>::contains_key(ALICE, id));
		assert!(!OwnedCoupons::<Test>::contains_key(ISSUER, id));
		assert_eq!(IssuerStatistics::<Test>::get(ISSUER).sold_value, 10 * DOLLAR);
		assert_eq!(IssuerYearTotals::<Test>::get(ISSUER, 2024).sales, 9 * DOLLAR);
		// A sold coupon cannot be sold again as primary.
		assert_ok!(Coupons::apply(id, CouponAction::List));
		assert_noop!(
			Coupons::apply(id, CouponAction::PrimarySale { buyer: BOB, price: 1 }),
			Error::<Test>::InvalidTransition
		);
		// Three resales (the default limit), then it can no longer be listed.
		let holders = [BOB, CAROL, ALICE];
		for (n, buyer) in holders.iter().enumerate() {
			if n > 0 {
				assert_ok!(Coupons::apply(id, CouponAction::List));
			}
			assert_ok!(Coupons::apply(id, CouponAction::SecondarySale { buyer: *buyer }));
			assert_eq!(coupon(class, 0).resale_count, n as u8 + 1);
			assert_eq!(coupon(class, 0).status, CouponStatus::InCirculation);
		}
		assert_noop!(Coupons::apply(id, CouponAction::List), Error::<Test>::ResaleLimitReached);
		// Delisting an unsold listed coupon returns it to minted.
		let fresh = CouponId::new(class, 1);
		assert_ok!(Coupons::apply(fresh, CouponAction::List));
		assert_ok!(Coupons::apply(fresh, CouponAction::Delist));
		assert_eq!(coupon(class, 1).status, CouponStatus::Minted);
	});
}

#[test]
fn ledger_transfer_redeem_refund_reverse() {
	test(|| {
		approved(ISSUER);
		let locked =
			create(ISSUER, ClassParams { transferable: false, ..params(10 * DOLLAR, 30, 10) });
		assert_ok!(Coupons::mint(signed(ISSUER), locked, 3));
		sell(locked, 0, ALICE, 10 * DOLLAR);
		assert_noop!(
			Coupons::apply(CouponId::new(locked, 0), CouponAction::Transfer { to: BOB }),
			Error::<Test>::NotTransferable
		);

		let class = create(ISSUER, params(10 * DOLLAR, 30, 10));
		assert_ok!(Coupons::mint(signed(ISSUER), class, 3));
		let id = CouponId::new(class, 0);
		sell(class, 0, ALICE, 10 * DOLLAR);
		assert_ok!(Coupons::apply(id, CouponAction::Transfer { to: BOB }));
		assert_eq!(
			(coupon(class, 0).owner, coupon(class, 0).status),
			(BOB, CouponStatus::InCirculation)
		);
		assert_noop!(
			Coupons::apply(id, CouponAction::ReverseSale { to: ALICE }),
			Error::<Test>::NothingToReverse
		);
		assert_ok!(Coupons::apply(id, CouponAction::Redeem));
		assert_eq!(coupon(class, 0).status, CouponStatus::Redeemed);
		// A redeemed coupon never moves again.
		for action in [
			CouponAction::List,
			CouponAction::Transfer { to: CAROL },
			CouponAction::Redeem,
			CouponAction::Refund { price: 1 },
		] {
			assert_noop!(Coupons::apply(id, action), Error::<Test>::CouponFinal);
		}
		let stats = IssuerStatistics::<Test>::get(ISSUER);
		assert_eq!((stats.redeemed_count, stats.redeemed_value), (1, 10 * DOLLAR));

		// Primary refund: back to the issuer as unsold, sales and sold value undone.
		let refund = CouponId::new(class, 1);
		sell(class, 1, ALICE, 8 * DOLLAR);
		assert_ok!(Coupons::apply(refund, CouponAction::Refund { price: 8 * DOLLAR }));
		let c = coupon(class, 1);
		assert_eq!((c.owner, c.status, c.sold_at), (ISSUER, CouponStatus::Minted, None));
		// Two sales of $10 and $8 and one refund of $8.
		assert_eq!(IssuerYearTotals::<Test>::get(ISSUER, 2024).sales, 20 * DOLLAR);
		assert_eq!(IssuerStatistics::<Test>::get(ISSUER).sold_value, 20 * DOLLAR);

		// Arbitrated reversal of a resale.
		let resold = CouponId::new(class, 2);
		sell(class, 2, ALICE, 10 * DOLLAR);
		assert_ok!(Coupons::apply(resold, CouponAction::List));
		assert_ok!(Coupons::apply(resold, CouponAction::SecondarySale { buyer: BOB }));
		assert_ok!(Coupons::apply(resold, CouponAction::ReverseSale { to: ALICE }));
		let c = coupon(class, 2);
		assert_eq!((c.owner, c.resale_count), (ALICE, 0));
		assert_noop!(
			Coupons::apply(CouponId::new(class, 9), CouponAction::List),
			Error::<Test>::UnknownCoupon
		);
		assert_noop!(
			Coupons::apply(CouponId::new(77, 0), CouponAction::List),
			Error::<Test>::UnknownClass
		);

		// The ledger's view for other pallets.
		let info = <Coupons as CouponLedger<AccountId>>::coupon(resold).unwrap();
		assert_eq!(
			(info.owner, info.issuer, info.face_value, info.expired),
			(ALICE, ISSUER, 10 * DOLLAR, false)
		);
	});
}

#[test]
fn nothing_moves_once_the_expiry_day_is_over() {
	test(|| {
		let class = minted_class(ISSUER, 2);
		sell(class, 0, ALICE, DOLLAR);
		// Day 31: the class (expiring on day 30) is over even before the hook runs.
		pallet_timestamp::Now::<Test>::put(START_MS + 31 * DAY_MS);
		for (serial, action) in [
			(1, CouponAction::List),
			(1, CouponAction::PrimarySale { buyer: BOB, price: 1 }),
			(0, CouponAction::Transfer { to: BOB }),
			(0, CouponAction::Redeem),
		] {
			assert_noop!(
				Coupons::apply(CouponId::new(class, serial), action),
				Error::<Test>::ClassExpired
			);
		}
		assert_noop!(Coupons::mint(signed(ISSUER), class, 1), Error::<Test>::ClassExpired);
		assert!(
			<Coupons as CouponLedger<AccountId>>::coupon(CouponId::new(class, 0))
				.unwrap()
				.expired
		);
	});
}

// ---------------------------------------------------------------- expiry and breakage

#[test]
fn ten_thousand_coupons_expire_over_several_blocks_within_the_weight_bound() {
	test(|| {
		let class = minted_class(ISSUER, 10_000);
		for serial in 0..6_000 {
			sell(class, serial, ALICE, 9 * DOLLAR);
		}
		for serial in 0..1_000 {
			assert_ok!(Coupons::apply(CouponId::new(class, serial), CouponAction::Redeem));
		}
		let treasury_before = usdc(TREASURY);
		let issuer_before = usdc(ISSUER);
		let budget = expiry_budget();

		// Nothing happens before the expiry day is over.
		assert_eq!(next_block_after_days(30), <() as crate::weights::WeightInfo>::expiry_idle());
		assert_eq!(coupon(class, 9_999).status, CouponStatus::Minted);

		let mut blocks = 0;
		while Classes::<Test>::get(class).unwrap().status != ClassStatus::Expired {
			let used = next_block_after_days(if blocks == 0 { 1 } else { 0 });
			assert!(used.all_lte(budget), "block {blocks} used {used:?} of {budget:?}");
			blocks += 1;
			assert!(blocks < 1_000, "expiry does not progress");
		}
		assert!(blocks > 1, "10,000 coupons are spread over several blocks, took {blocks}");

		let supply = Classes::<Test>::get(class).unwrap().supply;
		assert_eq!(supply.get(CouponStatus::Expired), 9_000);
		assert_eq!(supply.get(CouponStatus::Redeemed), 1_000);
		assert_eq!(supply.total(), 10_000);
		// Breakage: 5,000 sold and unredeemed × $10; the platform takes exactly 10 %.
		assert!(has_event(Event::ClassExpired {
			class,
			expired: 9_000,
			breakage: 50_000 * DOLLAR
		}));
		assert_eq!(usdc(TREASURY) - treasury_before, 5_000 * DOLLAR);
		assert_eq!(issuer_before - usdc(ISSUER), 5_000 * DOLLAR);
		let totals = IssuerYearTotals::<Test>::get(ISSUER, 2024);
		assert_eq!(totals.breakage, 50_000 * DOLLAR);
		assert_eq!(totals.platform_breakage, 5_000 * DOLLAR);
		assert_eq!(totals.sales, 54_000 * DOLLAR);
		assert_eq!(totals.redemptions, 10_000 * DOLLAR);
		assert_eq!(IssuerStatistics::<Test>::get(ISSUER).breakage_count, 5_000);
		assert_eq!(Issuers::<Test>::get(ISSUER).unwrap().quota_used, 0);
		assert!(ExpiryProgress::<Test>::get().is_none());
		assert_eq!(IssuerDebt::<Test>::get(ISSUER, USDC), 0);
	});
}

#[test]
fn unpaid_breakage_becomes_debt_that_blocks_minting() {
	test(|| {
		let class = minted_class(ISSUER_2, 100);
		for serial in 0..50 {
			sell(class, serial, ALICE, 10 * DOLLAR);
		}
		for serial in 0..40 {
			assert_ok!(Coupons::apply(CouponId::new(class, serial), CouponAction::Redeem));
		}
		let other = create(ISSUER_2, params(10 * DOLLAR, 90, 10));
		// The issuer keeps only $4 of USDC.
		let keep = 4 * DOLLAR;
		assert_ok!(Assets::transfer(signed(ISSUER_2), USDC, BOB, usdc(ISSUER_2) - keep));
		next_block_after_days(31);
		while ExpiryProgress::<Test>::get().is_some() {
			next_block_after_days(0);
		}
		// Breakage: 10 sold, unredeemed $10 coupons; platform share $10: $4 collected, $6 owed.
		assert_eq!(usdc(ISSUER_2), 0);
		assert_eq!(IssuerDebt::<Test>::get(ISSUER_2, USDC), 6 * DOLLAR);
		assert!(has_event(Event::BreakageCollected {
			issuer: ISSUER_2,
			asset: USDC,
			amount: keep
		}));
		assert!(has_event(Event::DebtIncurred {
			issuer: ISSUER_2,
			asset: USDC,
			amount: 6 * DOLLAR
		}));
		assert_noop!(Coupons::mint(signed(ISSUER_2), other, 1), Error::<Test>::OutstandingDebt);
		assert_noop!(Coupons::pay_debt(signed(ISSUER_2), USDT, DOLLAR), Error::<Test>::NoDebt);
		assert_noop!(
			Coupons::pay_debt(signed(ISSUER_2), USDC, DOLLAR),
			Error::<Test>::InsufficientFeeFunds
		);
		assert_ok!(Assets::transfer(signed(BOB), USDC, ISSUER_2, 100 * DOLLAR));
		assert_ok!(Coupons::pay_debt(signed(ISSUER_2), USDC, 2 * DOLLAR));
		assert_eq!(IssuerDebt::<Test>::get(ISSUER_2, USDC), 4 * DOLLAR);
		assert_noop!(Coupons::mint(signed(ISSUER_2), other, 1), Error::<Test>::OutstandingDebt);
		// Paying more than owed pays what is owed.
		let before = usdc(ISSUER_2);
		assert_ok!(Coupons::pay_debt(signed(ISSUER_2), USDC, 1_000 * DOLLAR));
		assert_eq!(before - usdc(ISSUER_2), 4 * DOLLAR);
		assert!(!IssuerDebt::<Test>::contains_key(ISSUER_2, USDC));
		// Its record (r = 0.8, b = 0.2) keeps it at BBB: minting works again.
		assert_eq!(Issuers::<Test>::get(ISSUER_2).unwrap().credit.rating, CreditRating::BBB);
		assert_ok!(Coupons::mint(signed(ISSUER_2), other, 1));
	});
}

/// An issuer whose sold coupons all expire unredeemed loses its quota.
#[test]
fn all_breakage_collapses_the_credit() {
	test(|| {
		let class = minted_class(ISSUER, 10);
		for serial in 0..10 {
			sell(class, serial, ALICE, 10 * DOLLAR);
		}
		next_block_after_days(31);
		// r = 0, b = 1, one month, satisfaction 50 %: 100 × (0.2·ln2/ln37 + 0.1) = 13.84 → C.
		let credit = Issuers::<Test>::get(ISSUER).unwrap().credit;
		assert_eq!(credit, Credit { score: 1384, rating: CreditRating::C, quota: 0 });
		let next = create_refused(ISSUER);
		assert_eq!(next, Err(Error::<Test>::QuotaExceeded.into()));
	});
}

fn create_refused(who: AccountId) -> Result<(), DispatchError> {
	Coupons::create_class(signed(who), params(10 * DOLLAR, 60, 1))
}

#[test]
fn unsold_and_draft_classes_expire_without_breakage() {
	test(|| {
		ClassReviewRequired::set(&true);
		approved(ISSUER);
		let draft = create(ISSUER, params(10 * DOLLAR, 2, 10));
		ClassReviewRequired::set(&false);
		let unsold = create(ISSUER, params(10 * DOLLAR, 2, 10));
		assert_ok!(Coupons::mint(signed(ISSUER), unsold, 10));
		let treasury_before = usdc(TREASURY);
		next_block_after_days(3);
		assert_eq!(Classes::<Test>::get(draft).unwrap().status, ClassStatus::Expired);
		assert_eq!(Classes::<Test>::get(unsold).unwrap().status, ClassStatus::Expired);
		assert!(has_event(Event::ClassExpired { class: unsold, expired: 10, breakage: 0 }));
		assert_eq!(usdc(TREASURY), treasury_before);
		assert_eq!(Issuers::<Test>::get(ISSUER).unwrap().quota_used, 0);
	});
}

// ---------------------------------------------------------------- defaults

#[test]
fn minor_default_downgrades_and_shrinks_quota() {
	test(|| {
		approved(ISSUER);
		assert_noop!(
			Coupons::handle_default(signed(ALICE), ISSUER, DefaultSeverity::Minor),
			DispatchError::BadOrigin
		);
		assert_ok!(Coupons::handle_default(signed(COMPLIANCE), ISSUER, DefaultSeverity::Minor));
		let issuer = Issuers::<Test>::get(ISSUER).unwrap();
		assert_eq!(
			issuer.credit,
			Credit { score: 6000, rating: CreditRating::BB, quota: 50_000 * DOLLAR }
		);
		assert!(has_event(Event::IssuerDefaulted {
			issuer: ISSUER,
			severity: DefaultSeverity::Minor
		}));
		// The smaller quota binds at once.
		assert_noop!(
			Coupons::create_class(signed(ISSUER), params(10 * DOLLAR, 30, 5_001)),
			Error::<Test>::QuotaExceeded
		);
		assert_ok!(Coupons::create_class(signed(ISSUER), params(10 * DOLLAR, 30, 5_000)));
	});
}

#[test]
fn major_default_freezes_issuance_and_pays_holders_from_the_guarantee() {
	test(|| {
		// $20,000 outstanding against a $10,000 deposit: each claim pays 50 % of face value.
		let class = minted_class(ISSUER, 2_000);
		for serial in 0..2_000 {
			sell(class, serial, if serial % 2 == 0 { ALICE } else { BOB }, 10 * DOLLAR);
		}
		assert_ok!(Coupons::handle_default(signed(COMPLIANCE), ISSUER, DefaultSeverity::Major));
		assert!(has_event(Event::GuaranteePoolOpened {
			issuer: ISSUER,
			asset: USDC,
			amount: 10_000 * DOLLAR,
			ratio: Perbill::from_percent(50),
		}));
		let issuer = Issuers::<Test>::get(ISSUER).unwrap();
		assert_eq!((issuer.status, issuer.guarantee), (IssuerStatus::Defaulted, 0));
		assert_noop!(Coupons::mint(signed(ISSUER), class, 1), Error::<Test>::IssuerNotActive);
		assert_noop!(
			Coupons::create_class(signed(ISSUER), params(DOLLAR, 30, 1)),
			Error::<Test>::IssuerNotActive
		);
		assert_noop!(
			Coupons::handle_default(signed(COMPLIANCE), ISSUER, DefaultSeverity::Major),
			Error::<Test>::AlreadyDefaulted
		);

		let before = usdc(ALICE);
		assert_noop!(
			Coupons::claim_guarantee(signed(BOB), CouponId::new(class, 0)),
			Error::<Test>::NotOwner
		);
		assert_ok!(Coupons::claim_guarantee(signed(ALICE), CouponId::new(class, 0)));
		assert_eq!(usdc(ALICE) - before, 5 * DOLLAR);
		assert_eq!(coupon(class, 0).status, CouponStatus::Recalled);
		assert_eq!(GuaranteePools::<Test>::get(ISSUER).unwrap().remaining, 9_995 * DOLLAR);
		assert_noop!(
			Coupons::claim_guarantee(signed(ALICE), CouponId::new(class, 0)),
			Error::<Test>::CouponFinal
		);
		// Someone else's issuer has no pool.
		let other = minted_class(ISSUER_2, 1);
		sell(other, 0, ALICE, DOLLAR);
		assert_noop!(
			Coupons::claim_guarantee(signed(ALICE), CouponId::new(other, 0)),
			Error::<Test>::NoGuaranteePool
		);
	});
}

#[test]
fn an_exhausted_guarantee_pool_pays_nothing_and_changes_nothing() {
	test(|| {
		let class = minted_class(ISSUER, 2);
		sell(class, 0, ALICE, DOLLAR);
		sell(class, 1, BOB, DOLLAR);
		assert_ok!(Coupons::handle_default(signed(COMPLIANCE), ISSUER, DefaultSeverity::Major));
		// Pretend earlier claims took everything but $3 (less than one $10 face value).
		GuaranteePools::<Test>::mutate(ISSUER, |pool| {
			pool.as_mut().unwrap().remaining = 3 * DOLLAR
		});
		let before = usdc(ALICE);
		assert_ok!(Coupons::claim_guarantee(signed(ALICE), CouponId::new(class, 0)));
		assert_eq!(usdc(ALICE) - before, 3 * DOLLAR);
		assert_noop!(
			Coupons::claim_guarantee(signed(BOB), CouponId::new(class, 1)),
			Error::<Test>::GuaranteeExhausted
		);
		assert_eq!(coupon(class, 1).status, CouponStatus::Sold);
		// The rest of the deposit stays held for governance to decide on.
		GuaranteePools::<Test>::mutate(ISSUER, |pool| {
			pool.as_mut().unwrap().remaining = 9_997 * DOLLAR
		});
	});
}

#[test]
fn signed_calls_refuse_root_and_unsigned() {
	test(|| {
		assert_noop!(
			Coupons::apply_issuer(RawOrigin::Root.into(), h(1), h(2), h(3)),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Coupons::apply_issuer(RawOrigin::None.into(), h(1), h(2), h(3)),
			DispatchError::BadOrigin
		);
		assert_noop!(Coupons::mint(RawOrigin::Root.into(), 0, 1), DispatchError::BadOrigin);
		assert_noop!(
			Coupons::create_class(RawOrigin::Root.into(), params(DOLLAR, 30, 1)),
			DispatchError::BadOrigin
		);
		assert_noop!(Coupons::reject_class(signed(ALICE), 0), DispatchError::BadOrigin);
	});
}

#[test]
fn critical_default_freezes_the_issuer_and_marks_its_classes_at_risk() {
	test(|| {
		let first = minted_class(ISSUER, 5);
		let second = create(ISSUER, params(DOLLAR, 30, 5));
		sell(first, 0, ALICE, DOLLAR);
		assert_ok!(Coupons::handle_default(signed(COMPLIANCE), ISSUER, DefaultSeverity::Critical));
		let issuer = Issuers::<Test>::get(ISSUER).unwrap();
		assert!(issuer.frozen);
		assert_eq!(issuer.status, IssuerStatus::Defaulted);
		for class in [first, second] {
			assert!(Classes::<Test>::get(class).unwrap().at_risk);
			assert!(has_event(Event::ClassAtRisk { class, issuer: ISSUER }));
		}
		assert!(
			<Coupons as CouponLedger<AccountId>>::coupon(CouponId::new(first, 0))
				.unwrap()
				.at_risk
		);
		assert!(has_event(Event::IssuerDefaulted {
			issuer: ISSUER,
			severity: DefaultSeverity::Critical
		}));
		// The deposit covers the one sold $10 coupon in full.
		assert_ok!(Coupons::claim_guarantee(signed(ALICE), CouponId::new(first, 0)));
		assert_noop!(
			Coupons::recall(signed(ISSUER), first, BoundedVec::truncate_from(vec![1])),
			Error::<Test>::IssuerFrozen
		);
		assert_noop!(
			Coupons::create_class(signed(ISSUER), params(DOLLAR, 30, 1)),
			Error::<Test>::IssuerFrozen
		);
		assert_noop!(
			Coupons::set_issuer_status(signed(COMPLIANCE), ISSUER, IssuerStatus::Active),
			Error::<Test>::InvalidStatusChange
		);
		assert_noop!(
			Coupons::handle_default(signed(COMPLIANCE), ISSUER, DefaultSeverity::Critical),
			Error::<Test>::AlreadyDefaulted
		);
	});
}

// ---------------------------------------------------------------- governance of the table

#[test]
fn rating_table_is_validated_and_applies_at_the_next_update() {
	test(|| {
		approved(ISSUER);
		let band = |rating, min_score, quota| RatingBand { rating, min_score, quota };
		let unsorted = BoundedVec::truncate_from(vec![
			band(CreditRating::BBB, 6000, DOLLAR),
			band(CreditRating::AAA, 9000, DOLLAR),
			band(CreditRating::C, 0, 0),
		]);
		assert_noop!(
			Coupons::set_rating_table(RawOrigin::Root.into(), unsorted),
			Error::<Test>::InvalidRatingTable
		);
		let no_floor = BoundedVec::truncate_from(vec![band(CreditRating::AAA, 9000, DOLLAR)]);
		assert_noop!(
			Coupons::set_rating_table(RawOrigin::Root.into(), no_floor),
			Error::<Test>::InvalidRatingTable
		);
		let table = BoundedVec::truncate_from(vec![
			band(CreditRating::A, 5000, 300_000 * DOLLAR),
			band(CreditRating::C, 0, 0),
		]);
		assert_noop!(
			Coupons::set_rating_table(signed(COMPLIANCE), table.clone()),
			DispatchError::BadOrigin
		);
		assert_ok!(Coupons::set_rating_table(RawOrigin::Root.into(), table));
		assert_ok!(Coupons::refresh_credit(signed(BOB), ISSUER));
		let credit = Issuers::<Test>::get(ISSUER).unwrap().credit;
		assert_eq!((credit.rating, credit.quota), (CreditRating::A, 300_000 * DOLLAR));
	});
}

#[test]
fn guarantee_is_held_by_the_pallet_account() {
	test(|| {
		approved(ISSUER);
		approved(ISSUER_2);
		assert_eq!(usdc(Coupons::account_id()), 20_000 * DOLLAR);
	});
}

#[test]
fn hook_is_cheap_when_nothing_expires() {
	test(|| {
		let used = Coupons::on_initialize(2);
		assert_eq!(used, <() as crate::weights::WeightInfo>::expiry_idle());
		assert!(used.all_lte(expiry_budget()));
	});
}
