//! Stores, redemption by the holder and by voucher, every refusal with state unchanged, and
//! what a redemption changes in the coupons pallet (status, statistics, credit).

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, traits::Hooks, weights::Weight};
use pallet_compliance::Denial;
use pallet_coupons::{CouponAction, CouponId, CouponLedger, CouponStatus};
use sp_core::H256;

fn signed(n: u8) -> RuntimeOrigin {
	RuntimeOrigin::signed(account(n))
}

fn test(f: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		f();
		Redemption::do_try_state().expect("redemption invariants");
		Coupons::do_try_state().expect("coupon invariants");
	});
}

const LOCATION: H256 = H256::repeat_byte(0x1c);

/// ISSUER's class of 5 coupons with STORE authorised; coupon 0 sold to ALICE.
fn setup() -> CouponId {
	let class = active_class(account(ISSUER), 5);
	assert_ok!(Redemption::authorise_store(signed(ISSUER), account(STORE), LOCATION));
	sell(class, 0, account(ALICE))
}

fn status(id: CouponId) -> CouponStatus {
	<Coupons as CouponLedger<AccountId>>::coupon(id).unwrap().status
}

fn voucher(
	coupon: CouponId,
	holder: u8,
	store: u8,
	nonce: u64,
	valid_until: u64,
) -> VoucherOf<Test> {
	Voucher { coupon, holder: account(holder), store: account(store), nonce, valid_until }
}

/// `n`'s signature of `voucher` on this chain.
fn signature(n: u8, voucher: &VoucherOf<Test>) -> genex_primitives::EthereumSignature {
	sign(n, &Redemption::message_of(voucher))
}

#[test]
fn issuers_authorise_and_revoke_stores() {
	test(|| {
		active_class(account(ISSUER), 1);
		// Not an issuer: no stores.
		assert_noop!(
			Redemption::authorise_store(signed(ALICE), account(STORE), LOCATION),
			Error::<Test>::NotAnActiveIssuer
		);
		assert_ok!(Redemption::authorise_store(signed(ISSUER), account(STORE), LOCATION));
		System::assert_last_event(
			Event::StoreAuthorised {
				issuer: account(ISSUER),
				store: account(STORE),
				location_hash: LOCATION,
			}
			.into(),
		);
		// Again: the location changes, the count does not.
		let moved = H256::repeat_byte(0x2d);
		assert_ok!(Redemption::authorise_store(signed(ISSUER), account(STORE), moved));
		assert_eq!(
			Stores::<Test>::get(account(ISSUER), account(STORE)).unwrap().location_hash,
			moved
		);
		assert_eq!(StoreCount::<Test>::get(account(ISSUER)), 1);
		// At most three stores in the mock.
		for n in [STORE_2, 22] {
			assert_ok!(Redemption::authorise_store(signed(ISSUER), account(n), LOCATION));
		}
		assert_noop!(
			Redemption::authorise_store(signed(ISSUER), account(23), LOCATION),
			Error::<Test>::TooManyStores
		);
		assert_ok!(Redemption::revoke_store(signed(ISSUER), account(STORE)));
		System::assert_last_event(
			Event::StoreRevoked { issuer: account(ISSUER), store: account(STORE) }.into(),
		);
		assert!(Stores::<Test>::get(account(ISSUER), account(STORE)).is_none());
		assert_eq!(StoreCount::<Test>::get(account(ISSUER)), 2);
		assert_noop!(
			Redemption::revoke_store(signed(ISSUER), account(STORE)),
			Error::<Test>::StoreNotAuthorised
		);
		// Another issuer cannot revoke ISSUER's stores.
		assert_noop!(
			Redemption::revoke_store(signed(ISSUER_2), account(STORE_2)),
			Error::<Test>::StoreNotAuthorised
		);
	});
}

#[test]
fn the_holder_redeems_at_an_authorised_store_and_the_issuers_credit_moves() {
	test(|| {
		let id = setup();
		let issuer = account(ISSUER);
		let credit_before = pallet_coupons::Issuers::<Test>::get(issuer).unwrap().credit.score;
		assert_ok!(Redemption::redeem(signed(ALICE), id, account(STORE)));
		System::assert_last_event(
			Event::CouponRedeemed {
				coupon: id,
				holder: account(ALICE),
				store: account(STORE),
				issuer,
				face_value: 10 * DOLLAR,
				voucher_nonce: None,
			}
			.into(),
		);
		assert_eq!(status(id), CouponStatus::Redeemed);
		// The coupon stays with its last holder.
		assert_eq!(<Coupons as CouponLedger<AccountId>>::coupon(id).unwrap().owner, account(ALICE));
		// The store's statistics, per issuer and in total.
		let expected = RedemptionStats { count: 1, face_value: 10 * DOLLAR, last_at: START_MS };
		assert_eq!(Stores::<Test>::get(issuer, account(STORE)).unwrap().redeemed, expected);
		assert_eq!(StoreStatistics::<Test>::get(account(STORE)), expected);
		// The issuer's statistics in the coupons pallet, and the credit they feed: one coupon
		// sold, one redeemed, a 100 % redemption rate lifts the new issuer's 60.00.
		let stats = pallet_coupons::IssuerStatistics::<Test>::get(issuer);
		assert_eq!((stats.redeemed_count, stats.redeemed_value), (1, 10 * DOLLAR));
		let credit_after = pallet_coupons::Issuers::<Test>::get(issuer).unwrap().credit.score;
		assert!(credit_after > credit_before, "{credit_before} -> {credit_after}");
	});
}

#[test]
fn every_refusal_has_its_error_and_changes_nothing() {
	test(|| {
		let id = setup();
		let store = account(STORE);
		// Not the holder.
		assert_noop!(Redemption::redeem(signed(BOB), id, store), Error::<Test>::NotOwner);
		// A store the issuer never authorised, or revoked.
		assert_noop!(
			Redemption::redeem(signed(ALICE), id, account(STORE_2)),
			Error::<Test>::StoreNotAuthorised
		);
		// Another issuer's store.
		active_class(account(ISSUER_2), 1);
		assert_ok!(Redemption::authorise_store(signed(ISSUER_2), account(STORE_2), LOCATION));
		assert_noop!(
			Redemption::redeem(signed(ALICE), id, account(STORE_2)),
			Error::<Test>::StoreNotAuthorised
		);
		// Unknown and never-sold coupons.
		assert_noop!(
			Redemption::redeem(signed(ALICE), CouponId { class: 77, serial: 0 }, store),
			Error::<Test>::UnknownCoupon
		);
		assert_noop!(
			Redemption::redeem(signed(ISSUER), CouponId { class: id.class, serial: 1 }, store),
			Error::<Test>::NotRedeemable
		);
		// The compliance gate: a sanctioned holder or store, a frozen class.
		deny(account(ALICE), Denial::Sanctioned);
		assert_noop!(Redemption::redeem(signed(ALICE), id, store), gate_error(Denial::Sanctioned));
		DENIED.with(|denied| denied.borrow_mut().clear());
		deny(store, Denial::AccountFrozen);
		assert_noop!(
			Redemption::redeem(signed(ALICE), id, store),
			gate_error(Denial::AccountFrozen)
		);
		DENIED.with(|denied| denied.borrow_mut().clear());
		freeze_class(id.class);
		assert_noop!(Redemption::redeem(signed(ALICE), id, store), gate_error(Denial::ClassFrozen));
		FROZEN_CLASSES.with(|frozen| frozen.borrow_mut().clear());
		// A listed coupon must leave the book first.
		assert_ok!(Coupons::do_apply(id, CouponAction::List));
		assert_noop!(Redemption::redeem(signed(ALICE), id, store), Error::<Test>::CouponListed);
		assert_ok!(Coupons::do_apply(id, CouponAction::Delist));
		// Redeemed once, never again.
		assert_ok!(Redemption::redeem(signed(ALICE), id, store));
		assert_noop!(Redemption::redeem(signed(ALICE), id, store), Error::<Test>::AlreadyRedeemed);
		assert_eq!(StoreStatistics::<Test>::get(store).count, 1);
	});
}

#[test]
fn expired_coupons_are_not_redeemed() {
	test(|| {
		let id = setup();
		// Day 31 after the start: the class (30 days) is over.
		Timestamp::set_timestamp(START_MS + 31 * pallet_coupons::DAY_MS);
		assert_noop!(
			Redemption::redeem(signed(ALICE), id, account(STORE)),
			Error::<Test>::CouponExpired
		);
		// Also once the expiry sweep marked it expired.
		Coupons::process_expiry(Weight::MAX);
		assert_eq!(status(id), CouponStatus::Expired);
		assert_noop!(
			Redemption::redeem(signed(ALICE), id, account(STORE)),
			Error::<Test>::CouponExpired
		);
	});
}

#[test]
fn a_redeemed_coupon_is_never_listed_transferred_or_refunded() {
	test(|| {
		let id = setup();
		assert_ok!(Redemption::redeem(signed(ALICE), id, account(STORE)));
		assert!(Coupons::do_apply(id, CouponAction::List).is_err());
		assert!(Coupons::do_apply(id, CouponAction::Transfer { to: account(BOB) }).is_err());
		assert!(Coupons::do_apply(id, CouponAction::Refund { price: 8 * DOLLAR }).is_err());
		assert_eq!(status(id), CouponStatus::Redeemed);
		assert_eq!(<Coupons as CouponLedger<AccountId>>::coupon(id).unwrap().owner, account(ALICE));
	});
}

#[test]
fn a_store_redeems_with_the_holders_voucher_once() {
	test(|| {
		let id = setup();
		let v = voucher(id, ALICE, STORE, 7, 100);
		assert_ok!(Redemption::redeem_voucher(signed(STORE), v.clone(), signature(ALICE, &v)));
		System::assert_last_event(
			Event::CouponRedeemed {
				coupon: id,
				holder: account(ALICE),
				store: account(STORE),
				issuer: account(ISSUER),
				face_value: 10 * DOLLAR,
				voucher_nonce: Some(7),
			}
			.into(),
		);
		assert_eq!(status(id), CouponStatus::Redeemed);
		assert_eq!(UsedNonces::<Test>::get(account(ALICE), 7), Some(100));
		// The same voucher again, or the nonce in another voucher: replays.
		assert_noop!(
			Redemption::redeem_voucher(signed(STORE), v.clone(), signature(ALICE, &v)),
			Error::<Test>::NonceUsed
		);
		let other = sell(id.class, 1, account(ALICE));
		let again = voucher(other, ALICE, STORE, 7, 100);
		assert_noop!(
			Redemption::redeem_voucher(signed(STORE), again.clone(), signature(ALICE, &again)),
			Error::<Test>::NonceUsed
		);
		// A fresh nonce works.
		let fresh = voucher(other, ALICE, STORE, 8, 100);
		assert_ok!(Redemption::redeem_voucher(
			signed(STORE),
			fresh.clone(),
			signature(ALICE, &fresh)
		));
		assert_eq!(StoreStatistics::<Test>::get(account(STORE)).count, 2);
	});
}

#[test]
fn bad_vouchers_are_refused_with_typed_errors() {
	test(|| {
		let id = setup();
		let v = voucher(id, ALICE, STORE, 1, 100);
		// Signed by someone else, or over other terms, or for another chain.
		assert_noop!(
			Redemption::redeem_voucher(signed(STORE), v.clone(), signature(BOB, &v)),
			Error::<Test>::BadSignature
		);
		let later = voucher(id, ALICE, STORE, 1, 101);
		assert_noop!(
			Redemption::redeem_voucher(signed(STORE), later, signature(ALICE, &v)),
			Error::<Test>::BadSignature
		);
		let elsewhere = sign(ALICE, &voucher_message(&H256::repeat_byte(9), &v));
		assert_noop!(
			Redemption::redeem_voucher(signed(STORE), v.clone(), elsewhere),
			Error::<Test>::BadSignature
		);
		// Submitted by another store than the one it names.
		assert_noop!(
			Redemption::redeem_voucher(signed(STORE_2), v.clone(), signature(ALICE, &v)),
			Error::<Test>::WrongStore
		);
		// Naming a store the issuer did not authorise.
		let unauthorised = voucher(id, ALICE, STORE_2, 1, 100);
		assert_noop!(
			Redemption::redeem_voucher(
				signed(STORE_2),
				unauthorised.clone(),
				signature(ALICE, &unauthorised)
			),
			Error::<Test>::StoreNotAuthorised
		);
		// A holder's voucher for a coupon they do not hold.
		let not_hers = voucher(id, BOB, STORE, 1, 100);
		assert_noop!(
			Redemption::redeem_voucher(signed(STORE), not_hers.clone(), signature(BOB, &not_hers)),
			Error::<Test>::NotOwner
		);
		// Lapsed, or valid for longer than an hour.
		System::set_block_number(101);
		assert_noop!(
			Redemption::redeem_voucher(signed(STORE), v.clone(), signature(ALICE, &v)),
			Error::<Test>::VoucherExpired
		);
		let long = voucher(id, ALICE, STORE, 1, 101 + 1_801);
		assert_noop!(
			Redemption::redeem_voucher(signed(STORE), long.clone(), signature(ALICE, &long)),
			Error::<Test>::VoucherValidTooLong
		);
		// A sanctioned holder's voucher.
		let good = voucher(id, ALICE, STORE, 1, 101);
		deny(account(ALICE), Denial::Sanctioned);
		assert_noop!(
			Redemption::redeem_voucher(signed(STORE), good.clone(), signature(ALICE, &good)),
			gate_error(Denial::Sanctioned)
		);
		DENIED.with(|denied| denied.borrow_mut().clear());
		// Valid until this very block: accepted.
		assert_ok!(Redemption::redeem_voucher(
			signed(STORE),
			good.clone(),
			signature(ALICE, &good)
		));
	});
}

#[test]
fn lapsed_nonces_are_forgotten_with_spare_weight() {
	test(|| {
		let class = active_class(account(ISSUER), 5);
		assert_ok!(Redemption::authorise_store(signed(ISSUER), account(STORE), LOCATION));
		for serial in 0..4u32 {
			let id = sell(class, serial, account(ALICE));
			let valid_until = if serial < 3 { 5 } else { 9 };
			let v = voucher(id, ALICE, STORE, serial as u64, valid_until);
			assert_ok!(Redemption::redeem_voucher(signed(STORE), v.clone(), signature(ALICE, &v)));
		}
		// Nothing has lapsed before block 6.
		Redemption::on_idle(5, Weight::MAX);
		assert_eq!(UsedNonces::<Test>::iter().count(), 4);
		// Room for one nonce only: one is forgotten, the cursor waits at block 5.
		let one = <() as WeightInfo>::prune_nonces(1);
		assert_eq!(Redemption::on_idle(6, one), one);
		assert_eq!(UsedNonces::<Test>::iter().count(), 3);
		assert_eq!(PruneCursor::<Test>::get(), 5);
		// Too little for anything: nothing happens.
		assert_eq!(Redemption::on_idle(6, Weight::zero()), Weight::zero());
		Redemption::on_idle(6, Weight::MAX);
		assert_eq!(UsedNonces::<Test>::iter().count(), 1);
		assert_eq!(PruneCursor::<Test>::get(), 6);
		Redemption::on_idle(10, Weight::MAX);
		assert_eq!(UsedNonces::<Test>::iter().count(), 0);
		assert_eq!(NonceExpiry::<Test>::iter().count(), 0);
		assert_eq!(PruneCursor::<Test>::get(), 10);
	});
}
