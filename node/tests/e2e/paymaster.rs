//! End to end through a real `genex-node --dev`, the `genex` CLI and the typed client: a fresh
//! account that holds only USDC, given KYC L1, bids for and buys coupons, gives one away,
//! redeems one and sends USDC without ever holding GNX; the paymaster's balance falls by
//! exactly the fees of the `FeeSponsored` events, `payment_queryInfo` still tells the fee;
//! once its quota is spent the node refuses the account's next transaction at validation
//! (custom error 210) and nothing changes; an account without KYC pays its own fee.

use crate::common::*;
use genex_client::{parse_amount, runtime, to_subxt_account, Asset, GenexClient, GenexConfig};
use genex_primitives::{dev, AccountId20, DOLLARS, GNX_DECIMALS};
use std::time::Duration;
use subxt::{config::DefaultExtrinsicParamsBuilder, rpcs::rpc_params};
use subxt_signer::eth::Keypair;

/// The fee on a CLI output's fee line, and whether the paymaster paid it.
fn fee_of(out: &str) -> (u128, bool) {
	let line = out
		.lines()
		.map(str::trim)
		.find(|line| line.starts_with("fee "))
		.unwrap_or_else(|| panic!("no fee line in {out}"));
	let amount = line.strip_prefix("fee ").unwrap().split(' ').next().unwrap();
	(parse_amount(amount, GNX_DECIMALS).unwrap(), line.ends_with(", paid by the paymaster"))
}

fn gnx(url: &str, who: &str) -> u128 {
	ok(url, &["balance", who, "--asset", "gnx"]).parse().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_paymaster_pays_for_a_user_without_gnx_within_its_quota() {
	let scratch = ScratchDir::new("paymaster");
	let mut node = Node::start_dev(scratch.path());
	wait_finalized(&mut node, 1, Duration::from_secs(180)).await;
	let url = node.ws_url();
	let rpc = node.rpc().await;
	let client = GenexClient::connect(&url).await.unwrap();

	// Baltathar issues five $10 coupons, authorises Ethan's counter and (with KYC L1, to
	// trade) asks $8 for three.
	issue_first_class(&url, "baltathar", "Baltathar Coffee", "10", "5");
	ok(&url, &["store", "authorise", "ethan", "--location", "1 Main St", "--signer", "baltathar"]);
	ok(&url, &["kyc", "set", "baltathar", "L1", "--signer", "alith"]);
	ok(&url, &["order", "ask", "0", "8", "0..3", "--signer", "baltathar"]);

	// A fresh account: Alith (KYC L1, to send stablecoin) sends it 100 USDC and attests KYC
	// L1 for it. It never receives GNX.
	let secret = [0x5a; 32];
	let key = format!("0x{}", hex::encode(secret));
	let fresh_keypair = Keypair::from_secret_key(secret).unwrap();
	let fresh_address: AccountId20 = genex_client::signer::address_of(&fresh_keypair);
	let fresh = fresh_address.to_string();
	assert_eq!(ok(&url, &["address", &key]), fresh);
	ok(&url, &["kyc", "set", "alith", "L1", "--signer", "alith"]);
	ok(&url, &["transfer", &fresh, "100", "--asset", "usdc", "--signer", "alith"]);
	ok(&url, &["kyc", "set", &fresh, "L1", "--signer", "alith"]);
	assert_eq!(gnx(&url, &fresh), 0);
	let status = ok(&url, &["paymaster", "status", &fresh]);
	assert!(status.contains("eligible: its sponsored calls are paid"), "{status}");
	assert!(status.contains("transactions 0 used, 200 left"), "{status}");
	assert!(status.contains("no window open"), "{status}");
	let policy = ok(&url, &["paymaster", "policy"]);
	let paymaster = policy
		.lines()
		.next()
		.and_then(|line| line.strip_prefix("paymaster "))
		.unwrap_or_else(|| panic!("the paymaster's account: {policy}"))
		.to_string();
	assert!(policy.contains("max transactions 200 per window"), "{policy}");
	let categories = ok(&url, &["paymaster", "categories"]);
	assert_eq!(categories.matches(" sponsored").count(), 6, "{categories}");

	let (from, _) = finalized(&rpc).await;
	let paymaster_before = gnx(&url, &paymaster);
	let mut cli_fees = Vec::new();

	// It bids below the ask (the bid rests), then buys two at the ask.
	let out = ok(&url, &["order", "bid", "0", "7", "1", "--signer", &key]);
	let resting_bid = out
		.lines()
		.find_map(|line| line.strip_prefix("order ")?.strip_suffix(" rests: 1 left"))
		.unwrap_or_else(|| panic!("a resting bid: {out}"))
		.to_string();
	cli_fees.push(fee_of(&out));
	let out = ok(&url, &["order", "bid", "0", "8", "2", "--signer", &key]);
	assert!(out.contains("2 traded, nothing rests"), "{out}");
	cli_fees.push(fee_of(&out));
	let held = ok(&url, &["coupons", "list", "--owner", &fresh]);
	let serials: Vec<String> = held
		.lines()
		.filter_map(|line| line.split_whitespace().next()?.strip_prefix("0:").map(String::from))
		.collect();
	assert_eq!(serials.len(), 2, "{held}");

	// It gives one away and redeems the other at Ethan's counter.
	let out = ok(&url, &["give", "dorothy", "0", &serials[0], "--signer", &key]);
	cli_fees.push(fee_of(&out));
	let coupon = format!("0:{}", serials[1]);
	let out = ok(&url, &["redeem", &coupon, "--store", "ethan", "--signer", &key]);
	assert!(out.starts_with(&format!("coupon {coupon} redeemed at 0x")), "{out}");
	cli_fees.push(fee_of(&out));

	// It sends 1 USDC with the typed client; `payment_queryInfo` tells the fee as before.
	let call = runtime::transactions().settlement().transfer_stablecoin(
		genex_primitives::USDC_ASSET_ID,
		to_subxt_account(dev::DOROTHY.address),
		DOLLARS,
		None,
	);
	let mut tx = client.api().transactions().await.unwrap();
	let params = DefaultExtrinsicParamsBuilder::<GenexConfig>::new().build();
	let signed = tx.create_signed(&call, &fresh_keypair, params).await.unwrap();
	let encoded = signed.into_encoded();
	let info: serde_json::Value = rpc
		.request("payment_queryInfo", rpc_params![format!("0x{}", hex::encode(&encoded))])
		.await
		.unwrap();
	let queried: u128 = info["partialFee"].as_str().expect("partialFee").parse().unwrap();
	let receipt = client.submit_raw(encoded).await.unwrap().ensure_success().unwrap();
	assert!(receipt.sponsored, "{receipt:?}");
	assert_eq!(receipt.paid_by_sender(), 0);
	// The fee multiplier may move by a few millionths between the query and the block.
	assert!(receipt.fee.abs_diff(queried) <= queried / 1_000, "{} vs {queried}", receipt.fee);
	cli_fees.push((receipt.fee, true));

	// Its GNX is still zero; the paymaster paid exactly the fees of the events, all its.
	let (to, _) = finalized(&rpc).await;
	assert_eq!(gnx(&url, &fresh), 0);
	let sponsored = events::<runtime::paymaster::events::FeeSponsored>(&client, from + 1, to).await;
	let event_fees: Vec<u128> = sponsored.iter().map(|event| event.fee).collect();
	assert!(sponsored.iter().all(|event| event.who == to_subxt_account(fresh_address)));
	assert_eq!(cli_fees, event_fees.iter().map(|fee| (*fee, true)).collect::<Vec<_>>());
	let spent: u128 = event_fees.iter().sum();
	assert!(spent > 0);
	let shown: Vec<String> = event_fees
		.iter()
		.map(|fee| genex_client::format_amount(*fee, GNX_DECIMALS))
		.collect();
	println!("sponsored fees (GNX): bid, buy, give, redeem, USDC transfer: {}", shown.join(", "));
	assert_eq!(gnx(&url, &paymaster), paymaster_before - spent);
	let status = ok(&url, &["paymaster", "status", &fresh]);
	assert!(status.contains("transactions 5 used, 195 left"), "{status}");
	assert!(status.contains("window resets at block "), "{status}");

	// Governance lowers the quota to what it has used: the node refuses its next transaction
	// when validating it, with the paymaster's documented code, and charges nobody.
	ok(&url, &["paymaster", "policy", "--max-transactions", "5", "--signer", "alith", "--sudo"]);
	let paymaster_now = gnx(&url, &paymaster);
	let nonce = client.next_nonce(fresh_address).await.unwrap();
	let error = refused(&url, &["order", "cancel", &resting_bid, "--signer", &key]);
	assert!(error.contains("custom error 210"), "{error}");
	assert!(error.contains("sponsored transactions for this window are used up"), "{error}");
	let other = runtime::transactions().settlement().transfer_stablecoin(
		genex_primitives::USDC_ASSET_ID,
		to_subxt_account(dev::DOROTHY.address),
		2 * DOLLARS,
		None,
	);
	let error = client.submit(&other, &fresh_keypair).await.unwrap_err();
	assert!(matches!(error, genex_client::ClientError::Refused(_)), "{error}");
	assert!(error.to_string().contains("custom error 210"), "{error}");
	assert_eq!(client.next_nonce(fresh_address).await.unwrap(), nonce);
	assert_eq!(gnx(&url, &paymaster), paymaster_now);
	assert_eq!(gnx(&url, &fresh), 0);
	assert_eq!(
		client.balance(Asset::Usdc, fresh_address).await.unwrap(),
		100 * DOLLARS - 8_040_000 * 2 - DOLLARS
	);
	assert!(ok(&url, &["paymaster", "status", &fresh]).contains("transactions 5 used, 0 left"));

	// Faith has no KYC: she pays her own fee, even for a sponsored kind of call (which the
	// gate then refuses).
	let faith_before = gnx(&url, "faith");
	let error =
		refused(&url, &["transfer", "dorothy", "1", "--asset", "usdc", "--signer", "faith"]);
	assert!(error.contains("Compliance::KycTooLow"), "{error}");
	assert!(!error.contains("paymaster"), "{error}");
	let fee = error
		.split("fee paid: ")
		.nth(1)
		.and_then(|rest| rest.split(' ').next())
		.unwrap_or_else(|| panic!("the fee Faith paid: {error}"));
	let fee = parse_amount(fee, GNX_DECIMALS).unwrap();
	assert!(fee > 0);
	assert_eq!(gnx(&url, "faith"), faith_before - fee);
	assert_eq!(gnx(&url, &paymaster), paymaster_now);
	let status = ok(&url, &["paymaster", "status", "faith"]);
	assert!(status.contains("not sponsored: KYC L0 is below the L1 the policy needs"), "{status}");
}
