//! End to end through a real `genex-node --dev` and the `genex` CLI: an issuer's primary sale
//! on the order book, a secondary trade between two users, a primary refund, the book and
//! trades queried over the runtime API, refusals (no KYC, a secondary "refund"), and a resting
//! bid's stablecoin frozen in the bidder's account until it is cancelled.

use crate::common::*;
use std::time::Duration;

fn usdc(url: &str, who: &str) -> u128 {
	ok(url, &["balance", who, "--asset", "usdc"]).parse().expect("base units")
}

#[tokio::test(flavor = "multi_thread")]
async fn primary_sale_secondary_trade_and_refund_through_the_node() {
	let scratch = ScratchDir::new("settlement");
	let mut node = Node::start_dev(scratch.path());
	wait_finalized(&mut node, 1, Duration::from_secs(180)).await;
	let url = node.ws_url();

	// Baltathar issues ten $10 coupons; Alith (compliance officer, KYC provider) approves and
	// attests basic KYC for the traders.
	issue_first_class(&url, "baltathar", "Baltathar Coffee", "10", "10");
	for who in ["baltathar", "charleth", "dorothy"] {
		ok(&url, &["kyc", "set", who, "L1", "--signer", "alith"]);
	}

	// Without KYC nobody trades.
	let error = refused(&url, &["order", "bid", "0", "9", "1", "--signer", "ethan"]);
	assert!(error.contains("Compliance::KycTooLow"), "{error}");
	// Utility coupons never trade above face value.
	let error = refused(&url, &["order", "bid", "0", "10.01", "1", "--signer", "charleth"]);
	assert!(error.contains("Settlement::AboveFaceValue"), "{error}");

	// Primary sale: the issuer asks $8 for five; Charleth bids $9 for two and pays the ask's
	// price plus the 0.5 % taker fee; the issuer gets $8 less the 0.1 % maker fee.
	let out = ok(&url, &["order", "ask", "0", "8", "0..5", "--signer", "baltathar"]);
	assert!(out.contains("order 0 rests: 5 left\n  fee "), "{out}");
	let (charleth0, baltathar0) = (usdc(&url, "charleth"), usdc(&url, "baltathar"));
	let out = ok(&url, &["order", "bid", "0", "9", "2", "--signer", "charleth"]);
	assert!(out.contains("trade 0: primary sale at 8 "), "{out}");
	assert!(out.contains("fees buyer 0.04 seller 0.008"), "{out}");
	assert!(out.contains("2 traded, nothing rests\n  fee "), "{out}");
	assert_eq!(usdc(&url, "charleth"), charleth0 - 2 * 8_040_000);
	assert_eq!(usdc(&url, "baltathar"), baltathar0 + 2 * 7_992_000);
	let book = ok(&url, &["book", "0"]);
	assert!(book.starts_with("ask 8 x 3"), "{book}");
	let held = ok(&url, &["coupons", "list", "--owner", "charleth"]);
	assert!(held.contains("0:0 Sold") && held.contains("0:1 Sold"), "{held}");

	// Secondary trade: Charleth undercuts the issuer at $7.50 for coupon 0; Dorothy's bid
	// takes the best ask, hers.
	let out = ok(&url, &["order", "ask", "0", "7.5", "0", "--signer", "charleth"]);
	assert!(out.contains("rests"), "{out}");
	let out = ok(&url, &["order", "bid", "0", "9.5", "1", "--ioc", "--signer", "dorothy"]);
	assert!(out.contains("trade 2: resale at 7.5 "), "{out}");
	assert!(ok(&url, &["coupons", "list", "--owner", "dorothy"]).contains("0:0 InCirculation 1"));
	// A resale is not refunded directly (that takes a dispute).
	let error = refused(&url, &["refund", "2", "--signer", "dorothy"]);
	assert!(error.contains("Settlement::NotPrimary"), "{error}");

	// Primary refund: Charleth returns coupon 1 and gets $8.04 back.
	let before = usdc(&url, "charleth");
	let out = ok(&url, &["refund", "1", "--signer", "charleth"]);
	assert_eq!(out.lines().next(), Some("trade 1 refunded: 8.04 back"), "{out}");
	assert_eq!(usdc(&url, "charleth"), before + 8_040_000);
	assert!(ok(&url, &["coupons", "list", "--owner", "baltathar"]).contains("0:1 Minted"));
	let error = refused(&url, &["refund", "1", "--signer", "charleth"]);
	assert!(error.contains("Settlement::UnknownTrade"), "{error}");

	// The book and the trades over the runtime API; cancelling returns the coupons.
	let orders = ok(&url, &["order", "list", "baltathar"]);
	assert_eq!(orders, "order 0 class 0 ask 3 at 8");
	ok(&url, &["order", "cancel", "0", "--signer", "baltathar"]);
	let book = ok(&url, &["book", "0"]);
	assert!(!book.contains("ask"), "{book}");
	assert!(book.contains("trade 2 serial 0 at 7.5"), "{book}");

	// A resting bid holds its stablecoin in the bidder's account, frozen: the balance stays,
	// moving all of it is refused, cancelling frees it.
	let dorothy0 = usdc(&url, "dorothy");
	let out = ok(&url, &["order", "bid", "0", "5", "2", "--signer", "dorothy"]);
	let order = out
		.lines()
		.next()
		.unwrap_or_default()
		.strip_prefix("order ")
		.and_then(|rest| rest.strip_suffix(" rests: 2 left"))
		.unwrap_or_else(|| panic!("a resting bid: {out}"));
	assert_eq!(usdc(&url, "dorothy"), dorothy0);
	let balances = ok(&url, &["balance", "dorothy"]);
	assert!(balances.contains("(10.05 held by open bids)"), "{balances}");
	// Moving it all is a transfer above the Travel Rule threshold: both sides at KYC L2, the
	// identity hashes given.
	for who in ["dorothy", "charleth"] {
		ok(&url, &["kyc", "set", who, "L2", "--signer", "alith"]);
	}
	let everything = format!("{}.{:06}", dorothy0 / 1_000_000, dorothy0 % 1_000_000);
	let (originator, beneficiary) =
		(format!("0x{}", "11".repeat(32)), format!("0x{}", "22".repeat(32)));
	let transfer = [
		"transfer",
		"charleth",
		&everything,
		"--asset",
		"usdc",
		"--originator-hash",
		&originator,
		"--beneficiary-hash",
		&beneficiary,
		"--signer",
		"dorothy",
	];
	let without_hashes: Vec<&str> = transfer[..5].iter().chain(&transfer[9..]).copied().collect();
	let error = refused(&url, &without_hashes);
	assert!(error.contains("TravelRule"), "without the hashes: {error}");
	let error = refused(&url, &transfer);
	assert!(error.contains("Token::Frozen"), "{error}");
	ok(&url, &["order", "cancel", order, "--signer", "dorothy"]);
	assert!(!ok(&url, &["balance", "dorothy"]).contains("held"));
	assert_eq!(usdc(&url, "dorothy"), dorothy0);
}
