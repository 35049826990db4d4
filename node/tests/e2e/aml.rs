//! AML screening end to end on `genex-node --dev` with its off-chain workers: the node holds
//! the dev AML-monitor key (Gareth), screens the movement log a few blocks behind the best
//! block and files alerts itself. Three $2,600 USDC transfers from one account raise a
//! critical structuring alert that opens a case and freezes it (and a SAR draft of the case
//! comes from chain data); coupons given to 11 recipients raise fan-out; 20 orders placed and
//! 17 cancelled raise spoofing; the ordinary trades and transfers around them raise nothing.
//! A market maker whose quotes meet its obligations keeps 100 % uptime; once it pulls its ask
//! it falls below its floor, is reported, and is suspended after the grace period.

use crate::common::*;
use genex_client::{
	runtime::{
		self,
		runtime_types::{
			bounded_collections::bounded_vec::BoundedVec,
			genex_runtime::RuntimeCall,
			pallet_coupons::types::CouponId,
			pallet_settlement::{
				pallet::Call as SettlementCall,
				types::{Offer, OrderRequest, TimeInForce},
			},
		},
	},
	to_subxt_account, GenexClient,
};
use genex_primitives::{dev, AccountId20};
use std::time::Duration;
use subxt_signer::eth::dev as keys;

/// Polls `genex aml alerts …` until a line contains `needle`; the lines then.
fn wait_for_alert(url: &str, args: &[&str], needle: &str, within: Duration) -> String {
	let all: Vec<&str> = ["aml", "alerts"].into_iter().chain(args.iter().copied()).collect();
	poll_cli(url, &all, within, |out| out.lines().any(|line| line.contains(needle))).0
}

fn batch(calls: Vec<RuntimeCall>) -> impl subxt::transactions::Payload {
	runtime::transactions().utility().batch_all(calls)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_chain_screens_itself() {
	let dir = ScratchDir::new("aml");
	let mut node = Node::start_dev_with_workers(dir.path());
	wait_finalized(&mut node, 1, Duration::from_secs(180)).await;
	let url = node.ws_url();
	let client = GenexClient::connect(&url).await.expect("connect");
	for who in ["baltathar", "charleth", "dorothy", "ethan", "faith"] {
		ok(&url, &["kyc", "set", who, "L1", "--signer", "alith"]);
	}
	let rules = ok(&url, &["aml", "rules"]);
	assert!(rules.contains("fan-out: more than 10 distinct P2P recipients in 24 h"), "{rules}");
	assert!(rules.contains("[$2500, $3000)"), "{rules}");
	assert!(rules.contains("spoofing: more than 80% of at least 20 orders"), "{rules}");

	// --- ordinary activity: an issuer sells coupons, a buyer resells one, small transfers.
	issue_first_class(&url, "baltathar", "Coffee Co", "5", "40");
	ok(&url, &["order", "ask", "0", "5", "0..20", "--signer", "baltathar"]);
	ok(&url, &["order", "bid", "0", "5", "12", "--signer", "ethan"]);
	ok(&url, &["order", "bid", "0", "5", "1", "--signer", "faith"]);
	ok(&url, &["transfer", "charleth", "25", "--asset", "usdc", "--signer", "faith"]);

	// --- structuring: three transfers just under $3,000 from Dorothy.
	for to in ["charleth", "faith", "charleth"] {
		ok(&url, &["transfer", to, "2600", "--asset", "usdc", "--signer", "dorothy"]);
	}
	let dorothy = dev::DOROTHY.address.to_string();
	let alerts =
		wait_for_alert(&url, &["--rule", "structuring"], &dorothy, Duration::from_secs(90));
	let line = alerts.lines().find(|l| l.contains(&dorothy)).unwrap();
	assert!(line.contains("Structuring Critical") && line.contains("case 0"), "{line}");
	assert_eq!(line.matches("evidence [").count(), 1, "{line}");
	// Frozen pending review: the node refuses her transactions.
	let freezes = ok(&url, &["freeze", "list"]);
	assert!(
		freezes.contains(&format!("account {dorothy} SuspiciousActivity AML case 0")),
		"{freezes}"
	);
	refused(&url, &["transfer", "charleth", "1", "--asset", "usdc", "--signer", "dorothy"]);
	let case = ok(&url, &["aml", "case", "0"]);
	assert!(case.starts_with(&format!("case 0 Open subject {dorothy} alerts [")), "{case}");
	// The SAR draft: chain data only.
	let sar: serde_json::Value = serde_json::from_str(&ok(&url, &["aml", "sar", "0"])).unwrap();
	assert_eq!(sar["subject"]["address"], dorothy.as_str());
	assert_eq!(sar["suspicious_activity"]["instrument_type"], "Digital Coupon Assets");
	assert_eq!(sar["suspicious_activity"]["total_amount"], "7800");
	assert_eq!(sar["suspicious_activity"]["categories"][0], "Structuring");
	let evidence = sar["evidence"].as_array().unwrap();
	assert_eq!(evidence.len(), 3);
	assert!(evidence.iter().all(|e| e["block"].as_u64().unwrap() > 0), "{sar}");
	assert!(sar["narrative"].as_str().unwrap().contains("just below the $3,000"), "{sar}");
	// The officer reviews it and files the SAR.
	ok(&url, &["aml", "review", "0", "--signer", "alith"]);
	let file = dir.path().join("sar.json");
	std::fs::write(&file, serde_json::to_vec_pretty(&sar).unwrap()).unwrap();
	let out =
		ok(&url, &["aml", "report", "0", "--sar", file.to_str().unwrap(), "--signer", "alith"]);
	assert!(out.starts_with("case 0 reported, SAR 0x"), "{out}");

	// --- fan-out: Ethan gives one coupon each to 11 new accounts, in one batch.
	let ethan = keys::ethan();
	let recipients: Vec<AccountId20> = (1..=11u8).map(|i| AccountId20([0xa0 + i; 20])).collect();
	let held = ok(&url, &["coupons", "list", "--owner", "ethan"]);
	let serials: Vec<u32> = held
		.lines()
		.filter_map(|line| line.split_whitespace().next()?.strip_prefix("0:")?.parse().ok())
		.collect();
	assert!(serials.len() >= 11, "{held}");
	let gifts = recipients
		.iter()
		.zip(&serials)
		.map(|(to, serial)| {
			RuntimeCall::Settlement(SettlementCall::transfer_coupons {
				to: to_subxt_account(*to),
				coupons: BoundedVec(vec![CouponId { class: 0, serial: *serial }]),
				travel_rule: None,
			})
		})
		.collect();
	client.submit(&batch(gifts), &ethan).await.unwrap().ensure_success().unwrap();
	let ethan_address = dev::ETHAN.address.to_string();
	let alerts =
		wait_for_alert(&url, &["--rule", "fan-out"], &ethan_address, Duration::from_secs(60));
	let line = alerts.lines().find(|l| l.contains(&ethan_address)).unwrap();
	assert!(line.contains("FanOut High") && line.contains("11 related"), "{line}");
	assert!(!line.contains("case"), "a high alert opens no case: {line}");

	// --- spoofing: Charleth places 20 resting bids and cancels 17 within the hour.
	let charleth = keys::charleth();
	let bids = (0..20u128)
		.map(|i| {
			RuntimeCall::Settlement(SettlementCall::place_order {
				request: OrderRequest {
					class: 0,
					price: 1_000_000 + i * 10_000,
					offer: Offer::Bid { quantity: 1 },
					time_in_force: TimeInForce::GoodTillCancelled,
					post_only: true,
					expires_at: None,
				},
			})
		})
		.collect();
	let receipt = client.submit(&batch(bids), &charleth).await.unwrap().ensure_success().unwrap();
	let placed: Vec<u64> = receipt
		.find::<runtime::settlement::events::OrderPlaced>()
		.iter()
		.map(|event| event.order)
		.collect();
	assert_eq!(placed.len(), 20);
	let cancels = placed[..17]
		.iter()
		.map(|order| RuntimeCall::Settlement(SettlementCall::cancel_order { order: *order }))
		.collect();
	client
		.submit(&batch(cancels), &charleth)
		.await
		.unwrap()
		.ensure_success()
		.unwrap();
	let charleth_address = dev::CHARLETH.address.to_string();
	let alerts =
		wait_for_alert(&url, &["--rule", "spoofing"], &charleth_address, Duration::from_secs(60));
	assert!(alerts.contains("Spoofing High"), "{alerts}");

	// --- nothing else: no alert about the issuer or Faith, whose activity was ordinary, and
	// every alert is one of the three above, each filed once.
	let all = ok(&url, &["aml", "alerts"]);
	assert_eq!(all.lines().count(), 3, "{all}");
	for quiet in [dev::BALTATHAR.address, dev::FAITH.address] {
		assert_eq!(ok(&url, &["aml", "alerts", "--account", &quiet.to_string()]), "no alerts");
	}
	assert!(client.movements_logged().await.unwrap() > 60);

	// --- a market maker: Faith quotes class 0 on both sides, then pulls her ask.
	ok(&url, &["kyc", "set", "faith", "L3", "--signer", "alith"]);
	let out = ok(
		&url,
		&["mm", "register", "--deposit", "10000", "--max-spread-bps", "300", "--min-depth", "1"]
			.into_iter()
			.chain(["--signer", "faith"])
			.collect::<Vec<_>>(),
	);
	assert!(out.ends_with("registered as a market maker, 10000 USDC held"), "{out}");
	let held = ok(&url, &["coupons", "list", "--owner", "faith"]);
	let serial = held
		.lines()
		.find_map(|line| line.split_whitespace().next()?.strip_prefix("0:"))
		.expect("Faith holds a coupon of class 0")
		.to_string();
	ok(&url, &["order", "bid", "0", "4.9", "1", "--post-only", "--signer", "faith"]);
	let out = ok(&url, &["order", "ask", "0", "5", &serial, "--post-only", "--signer", "faith"]);
	let ask: String = out
		.lines()
		.find_map(|line| line.strip_prefix("order ")?.split_whitespace().next())
		.expect("the ask rests")
		.to_string();
	// Quotes first, then the commitment, so that every sample sees them.
	ok(&url, &["mm", "classes", "0", "--signer", "faith"]);
	let monitoring = ok(
		&url,
		&["mm", "set-monitoring", "--interval", "1", "--window", "4", "--grace", "3"]
			.into_iter()
			.chain(["--sudo", "--signer", "alith"])
			.collect::<Vec<_>>(),
	);
	assert!(monitoring.contains("uptime over the last 4 samples; floor 95%"), "{monitoring}");
	assert_eq!(ok(&url, &["mm", "monitoring"]), monitoring);
	let status = wait_for_status(&url, "uptime: 100% over 4 of 4 samples", Duration::from_secs(90));
	assert!(
		status.starts_with(&format!("market maker {}: active", dev::FAITH.address)),
		"{status}"
	);
	assert!(status.contains("class 0: bid $4.9 × 1, ask $5 × 1, spread 203 bps: met"), "{status}");
	let rpc = node.rpc().await;
	let pulled_at = best_number(&rpc).await;
	ok(&url, &["order", "cancel", &ask, "--signer", "faith"]);
	// The report and the suspension are 3 blocks apart: wait for the end state, then read
	// both from the chain's events.
	let suspended = wait_for_status(
		&url,
		&format!("market maker {}: suspended", dev::FAITH.address),
		Duration::from_secs(60),
	);
	assert!(suspended.contains("uptime: 0% over 4 of 4 samples"), "{suspended}");
	assert!(suspended.contains("ask - × 0, spread - (one side missing): MISSED"), "{suspended}");
	let faith = to_subxt_account(dev::FAITH.address);
	let mut below_at = None;
	let mut suspended_at = None;
	for number in pulled_at..=best_number(&rpc).await {
		let reported =
			events::<runtime::settlement::events::MarketMakerBelowUptime>(&client, number, number)
				.await;
		if let Some(event) = reported.iter().find(|e| e.who == faith) {
			assert_eq!(below_at, None, "reported once");
			assert_eq!(event.suspend_at as u64, number + 3, "{event:?}");
			below_at = Some(number);
		}
		let suspensions = events::<runtime::settlement::events::MarketMakerSuspendedForUptime>(
			&client, number, number,
		)
		.await;
		if suspensions.iter().any(|e| e.who == faith) {
			suspended_at = Some(number);
		}
	}
	let below_at = below_at.expect("MarketMakerBelowUptime after the ask was pulled");
	assert_eq!(suspended_at, Some(below_at + 3), "suspended at the end of the grace");
	// A suspended market maker cannot batch.
	let refused = client
		.submit(&runtime::transactions().settlement().batch(BoundedVec(vec![])), &keys::faith())
		.await
		.unwrap()
		.ensure_success();
	assert!(format!("{refused:?}").contains("MarketMakerNotActive"), "{refused:?}");
	drop(node);
}

/// Polls `genex mm status faith` until it contains `needle`.
fn wait_for_status(url: &str, needle: &str, within: Duration) -> String {
	poll_cli(url, &["mm", "status", "faith"], within, |out| out.contains(needle)).0
}
