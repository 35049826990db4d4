//! End to end through a real `genex-node --dev` and the `genex` CLI: a holder buys coupons,
//! signs a voucher, the store redeems it (a replay and the wrong store are refused), the holder
//! redeems another at the counter, the issuer's credit inputs and the store's statistics
//! change, and a redeemed coupon can no longer be listed, given away or refunded.

use crate::common::*;
use std::time::Duration;

/// The credit score in an `issuer redemptions` line, in hundredths.
fn credit_score(line: &str) -> u32 {
	let score = line
		.split("credit score ")
		.nth(1)
		.expect("a credit score")
		.split(';')
		.next()
		.unwrap();
	let (whole, hundredths) = score.split_once('.').expect("two decimals");
	whole.parse::<u32>().unwrap() * 100 + hundredths.parse::<u32>().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_holder_signs_a_voucher_and_the_store_redeems_it() {
	let scratch = ScratchDir::new("redemption");
	let mut node = Node::start_dev(scratch.path());
	wait_finalized(&mut node, 1, Duration::from_secs(180)).await;
	let url = node.ws_url();

	// Baltathar issues five $10 coupons and authorises Ethan's counter.
	issue_first_class(&url, "baltathar", "Baltathar Coffee", "10", "5");
	let out = ok(
		&url,
		&[
			"store",
			"authorise",
			"ethan",
			"--location",
			"1 Main St, Springfield",
			"--signer",
			"baltathar",
		],
	);
	assert!(out.starts_with("store 0x") && out.ends_with(" authorised"), "{out}");
	// Only issuers authorise stores.
	let error =
		refused(&url, &["store", "authorise", "faith", "--location", "x", "--signer", "charleth"]);
	assert!(error.contains("Redemption::NotAnActiveIssuer"), "{error}");

	// Charleth buys two on the primary market.
	for who in ["baltathar", "charleth"] {
		ok(&url, &["kyc", "set", who, "L1", "--signer", "alith"]);
	}
	ok(&url, &["order", "ask", "0", "8", "0..2", "--signer", "baltathar"]);
	let out = ok(&url, &["order", "bid", "0", "8", "2", "--signer", "charleth"]);
	assert!(out.contains("2 traded, nothing rests\n"), "{out}");
	let before = ok(&url, &["issuer", "redemptions", "baltathar"]);
	assert!(before.starts_with("redeemed 0 coupons, face value 0 of 20 sold"), "{before}");
	assert!(before.ends_with("1 stores"), "{before}");

	// Charleth's app shows a voucher for coupon 0:0 at Ethan's counter.
	let payload = ok(
		&url,
		&["voucher", "sign", "0:0", "--store", "ethan", "--nonce", "1", "--signer", "charleth"],
	);
	assert!(payload.starts_with("0x") && payload.len() == 2 + 2 * 125, "{payload}");
	let shown = ok(&url, &["voucher", "show", &payload]);
	assert!(shown.contains("coupon 0:0") && shown.contains("nonce 1"), "{shown}");
	assert!(shown.contains("(valid now); signed by the holder"), "{shown}");

	// Another store cannot use it; Ethan can, once.
	let error = refused(&url, &["voucher", "redeem", &payload, "--signer", "faith"]);
	assert!(error.contains("Redemption::WrongStore"), "{error}");
	let out = ok(&url, &["voucher", "redeem", &payload, "--signer", "ethan"]);
	assert!(out.starts_with("coupon 0:0 redeemed at 0x"), "{out}");
	assert!(out.contains("(face value 10), voucher nonce 1\n  fee "), "{out}");
	let error = refused(&url, &["voucher", "redeem", &payload, "--signer", "ethan"]);
	assert!(error.contains("Redemption::NonceUsed"), "{error}");
	// A voucher for a coupon Charleth does not hold is refused.
	let not_hers = ok(
		&url,
		&["voucher", "sign", "0:3", "--store", "ethan", "--nonce", "2", "--signer", "charleth"],
	);
	let error = refused(&url, &["voucher", "redeem", &not_hers, "--signer", "ethan"]);
	assert!(error.contains("Redemption::NotOwner"), "{error}");

	// At the counter: not at an unauthorised store; at Ethan's, yes.
	let error = refused(&url, &["redeem", "0:1", "--store", "faith", "--signer", "charleth"]);
	assert!(error.contains("Redemption::StoreNotAuthorised"), "{error}");
	let out = ok(&url, &["redeem", "0:1", "--store", "ethan", "--signer", "charleth"]);
	assert!(out.starts_with("coupon 0:1 redeemed at 0x"), "{out}");

	// The issuer's credit inputs moved: two of two sold coupons redeemed lift its score.
	let after = ok(&url, &["issuer", "redemptions", "baltathar"]);
	assert!(after.starts_with("redeemed 2 coupons, face value 20 of 20 sold"), "{after}");
	assert!(credit_score(&after) > credit_score(&before), "{before} -> {after}");
	assert_eq!(ok(&url, &["store", "stats", "ethan"]), "2 redeemed, face value 20 USD");
	let stores = ok(&url, &["store", "list", "baltathar"]);
	assert!(stores.ends_with(": 2 redeemed, face value 20 USD"), "{stores}");

	// Redeemed coupons stay with Charleth and never move again.
	let held = ok(&url, &["coupons", "list", "--owner", "charleth"]);
	assert!(held.contains("0:0 Redeemed") && held.contains("0:1 Redeemed"), "{held}");
	let error = refused(&url, &["order", "ask", "0", "9", "0", "--signer", "charleth"]);
	assert!(error.contains("Coupons::CouponFinal"), "{error}");
	let error = refused(&url, &["give", "dorothy", "0", "0", "--signer", "charleth"]);
	assert!(error.contains("Coupons::CouponFinal"), "{error}");
	let error = refused(&url, &["refund", "0", "--signer", "charleth"]);
	assert!(error.contains("Settlement::NotRefundable"), "{error}");

	// Revoked, the store leaves the issuer's list; its totals stay.
	ok(&url, &["store", "revoke", "ethan", "--signer", "baltathar"]);
	assert_eq!(ok(&url, &["store", "list", "baltathar"]), "");
	assert_eq!(ok(&url, &["store", "stats", "ethan"]), "2 redeemed, face value 20 USD");
	let error = refused(&url, &["store", "revoke", "ethan", "--signer", "baltathar"]);
	assert!(error.contains("Redemption::StoreNotAuthorised"), "{error}");
}
