//! The fiat bridge end to end on `genex-node --dev` with its off-chain workers and a real
//! `genex-gateway-sim` running the two simulated banks: the node holds the dev oracle key,
//! which the dev preset makes the only attestor (1 of 1) of `primary_bank` (provider 0) and
//! `backup_processor` (provider 1); the test points their endpoints at its simulator.
//!
//! - With only the primary's reserves reported (5 M USDC against a 6 M supply) minting of USDC
//!   pauses and a deposit is held; the backup's statement covers the shortfall, minting resumes
//!   and the held deposit is minted by `retry_deposit`.
//! - A deposit the bank lists three times (a `duplicate` fault) becomes USDC exactly once.
//! - A deposit for a sanctioned address is held, not minted.
//! - A withdrawal is paid by the primary under the withdrawal's idempotency key and its escrow
//!   burned.
//! - With the primary down (503), a withdrawal stays with it (timeouts counted, no second
//!   provider); governance puts the primary on standby and a new withdrawal is paid by the
//!   backup; when the primary comes back it pays the first one, once: no key is paid twice by
//!   either bank.
//! - A payout the primary refuses for good fails over to the backup, which pays it.
//! - The `genex bridge` CLI shows it all (providers, deposits, withdrawals, reserves), requests
//!   a withdrawal the primary pays, and `reconcile` finds the chain and the banks agreeing; a
//!   EUR transfer the chain cannot convert yet (no quote) is a discrepancy (exit status 3) until
//!   governance sets the first EUR rate, after which it is minted at that rate and they agree
//!   again.
//!
//! It also measures the time from a simulated bank deposit to spendable USDC and from a
//! withdrawal request to "paid" (printed; see the README's measurements).

use crate::common::*;
use genex_client::{
	runtime::{
		self,
		runtime_types::{
			bounded_collections::bounded_vec::BoundedVec,
			genex_runtime::RuntimeCall,
			pallet_fiat_bridge::{
				pallet::Call as BridgeCall,
				runtime_api::DepositInfo,
				types::{DepositState, HoldReason, ProviderStatus, WithdrawalState},
			},
		},
	},
	Asset, GenexClient,
};
use genex_primitives::{dev, AccountId20};
use sp_core::H256;
use std::{
	path::Path,
	process::Command,
	time::{Duration, Instant},
};
use subxt_signer::eth::dev as keys;

const USDC: u32 = 1;
/// Base units of one US dollar.
pub(crate) const DOLLAR: u128 = 1_000_000;
pub(crate) const PRIMARY: u32 = 0;
pub(crate) const BACKUP: u32 = 1;
/// Time for the worker to see something and its transaction to be finalized.
const SETTLE: Duration = Duration::from_secs(60);

/// `genex-gateway-sim deposit`: a user's bank transfer of US dollars to `bank`; the bank's
/// reference.
pub(crate) fn bank_deposit(sim: &GatewaySim, bank: &str, to: AccountId20, dollars: &str) -> String {
	bank_deposit_in(sim, bank, to, dollars, "USD")
}

/// A user's bank transfer of `amount` `currency` to `bank`; the bank's reference.
fn bank_deposit_in(
	sim: &GatewaySim,
	bank: &str,
	to: AccountId20,
	amount: &str,
	currency: &str,
) -> String {
	let binary = Path::new(NODE_BINARY).with_file_name("genex-gateway-sim");
	let out = Command::new(binary)
		.args(["deposit", "--url", &sim.base, "--bank", bank, "--to"])
		.arg(format!("{to:?}"))
		.args(["--amount", amount, "--currency", currency])
		.output()
		.expect("run genex-gateway-sim deposit");
	assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
	String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// The chain's key of a bank reference.
pub(crate) fn reference_hash(reference: &str) -> H256 {
	H256(sp_io::hashing::blake2_256(reference.as_bytes()))
}

pub(crate) async fn sudo(client: &GenexClient, call: RuntimeCall) {
	let receipt = client
		.submit(&runtime::transactions().sudo().sudo(call), &keys::alith())
		.await
		.expect("sudo call included");
	assert_eq!(receipt.dispatch_error, None);
}

pub(crate) async fn set_endpoint(client: &GenexClient, id: u32, url: &str) {
	let endpoint = Some(BoundedVec(url.as_bytes().to_vec()));
	sudo(client, RuntimeCall::FiatBridge(BridgeCall::set_provider_endpoint { id, endpoint })).await;
}

pub(crate) async fn reserves(
	client: &GenexClient,
) -> runtime::runtime_types::pallet_fiat_bridge::runtime_api::ReservesInfo {
	let at = client.api().at_current_block().await.unwrap();
	at.runtime_apis()
		.call(runtime::runtime_apis().fiat_bridge_api().reserves(USDC))
		.await
		.unwrap()
}

/// The chain's record of `provider`'s deposit `reference`, if any attestor has reported it.
pub(crate) async fn deposit_info(
	client: &GenexClient,
	provider: u32,
	reference: &str,
) -> Option<DepositInfo<subxt::utils::eth::AccountId20>> {
	let at = client.api().at_current_block().await.unwrap();
	at.runtime_apis()
		.call(
			runtime::runtime_apis()
				.fiat_bridge_api()
				.deposit(provider, reference_hash(reference)),
		)
		.await
		.unwrap()
}

async fn deposit_state(
	client: &GenexClient,
	provider: u32,
	reference: &str,
) -> Option<DepositState> {
	deposit_info(client, provider, reference).await.map(|info| info.state)
}

async fn withdrawal_state(client: &GenexClient, id: u64) -> WithdrawalState {
	let at = client.api().at_current_block().await.unwrap();
	at.runtime_apis()
		.call(runtime::runtime_apis().fiat_bridge_api().withdrawal(id))
		.await
		.unwrap()
		.expect("the withdrawal exists")
		.state
}

/// Polls `check` every second until it gives a value or `within` passes.
pub(crate) async fn until<T, F, Fut>(within: Duration, what: &str, mut check: F) -> (T, Duration)
where
	F: FnMut() -> Fut,
	Fut: std::future::Future<Output = Option<T>>,
{
	let started = Instant::now();
	loop {
		if let Some(value) = check().await {
			return (value, started.elapsed());
		}
		assert!(started.elapsed() < within, "{what}: not within {within:?}");
		tokio::time::sleep(Duration::from_secs(1)).await;
	}
}

/// Requests a withdrawal of `dollars` USD by `signer` to the bank account hashed from
/// `details`; its id.
async fn withdraw(client: &GenexClient, signer: &subxt_signer::eth::Keypair, dollars: u128) -> u64 {
	let bank_account = H256(sp_io::hashing::blake2_256(b"DE89 3704 0044 0532 0130 00"));
	let call = runtime::transactions().fiat_bridge().request_withdrawal(
		USDC,
		dollars * DOLLAR,
		bank_account,
		*b"USD",
		None,
		None,
	);
	let receipt = client.submit(&call, signer).await.expect("withdrawal included");
	assert_eq!(receipt.dispatch_error, None);
	receipt
		.events
		.find_first::<runtime::fiat_bridge::events::WithdrawalRequested>()
		.unwrap()
		.expect("a WithdrawalRequested event")
		.id
}

/// How many times `bank` paid idempotency key `key` (its payouts list, through the simulator's
/// CLI).
fn paid_count(sim: &GatewaySim, bank: &str, key: &H256) -> usize {
	let binary = Path::new(NODE_BINARY).with_file_name("genex-gateway-sim");
	let out = Command::new(binary)
		.args(["payouts", "--url", &sim.base, "--bank", bank])
		.output()
		.expect("run genex-gateway-sim payouts");
	assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
	let payouts: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
	let key = format!("{key:?}");
	payouts["payouts"]
		.as_array()
		.map(|all| all.iter().filter(|p| p["key"] == key.as_str() && p["status"] == "paid").count())
		.unwrap_or(0)
}

async fn key_of(client: &GenexClient, id: u64) -> H256 {
	let at = client.api().at_current_block().await.unwrap();
	at.runtime_apis()
		.call(runtime::runtime_apis().fiat_bridge_api().withdrawal(id))
		.await
		.unwrap()
		.unwrap()
		.key
}

#[tokio::test(flavor = "multi_thread")]
async fn bank_money_in_and_out_through_the_simulated_banks() {
	let dir = ScratchDir::new("bridge");
	let lists = dir.path().join("lists");
	std::fs::create_dir_all(&lists).unwrap();
	// 6 M USDC exist (the dev accounts' genesis balances): the primary alone holds 5 M.
	let sim = GatewaySim::start_with(
		&lists,
		&[
			"--data-dir",
			dir.path().join("banks").to_str().unwrap(),
			"--reserve",
			"primary_bank:USDC=5000000000000",
			"--reserve",
			"primary_bank:USDT=100000000000000",
			"--reserve",
			"backup_processor:USDC=100000000000000",
			"--reserve",
			"backup_processor:USDT=100000000000000",
			"--rate",
			"EUR=1.08",
		],
	);
	let mut node = Node::start_dev_with_workers(dir.path());
	wait_finalized(&mut node, 1, Duration::from_secs(180)).await;
	let url = node.ws_url();
	let client = GenexClient::connect(&url).await.expect("connect");
	for who in ["dorothy", "ethan"] {
		ok(&url, &["kyc", "set", who, "L1", "--signer", "alith"]);
	}
	let dorothy = dev::DOROTHY.address;

	// --- Only the primary reports: 5 M against 6 M, USDC minting pauses; a deposit is held.
	set_endpoint(&client, PRIMARY, &sim.bank("primary_bank")).await;
	until(SETTLE, "the primary's reserves", || async {
		let info = reserves(&client).await;
		(info.reported > 0 && info.paused.is_some()).then_some(())
	})
	.await;
	let held = bank_deposit(&sim, "primary_bank", dorothy, "10");
	let (state, _) = until(SETTLE, "the held deposit", || async {
		deposit_state(&client, PRIMARY, &held)
			.await
			.filter(|s| !matches!(s, DepositState::Pending))
	})
	.await;
	assert!(matches!(state, DepositState::Held { reason: HoldReason::MintingPaused }), "{state:?}");
	// The backup's statement covers the shortfall: minting resumes, the held deposit mints.
	set_endpoint(&client, BACKUP, &sim.bank("backup_processor")).await;
	until(SETTLE, "minting to resume", || async {
		reserves(&client).await.paused.is_none().then_some(())
	})
	.await;
	let before = client.balance(Asset::Usdc, dorothy).await.unwrap();
	// Anyone may ask for it: Dorothy does.
	let retry = runtime::transactions()
		.fiat_bridge()
		.retry_deposit(PRIMARY, reference_hash(&held));
	let receipt = client.submit(&retry, &keys::dorothy()).await.expect("retry included");
	assert_eq!(receipt.dispatch_error, None);
	assert_eq!(client.balance(Asset::Usdc, dorothy).await.unwrap(), before + 10 * DOLLAR);

	// --- A deposit notified three times becomes USDC once.
	sim.fault(
		r#"{"path":"/banks/primary_bank/deposits","fault":"duplicate","duplicate":3,"times":1}"#,
	);
	let before = client.balance(Asset::Usdc, dorothy).await.unwrap();
	let sent = Instant::now();
	let reference = bank_deposit(&sim, "primary_bank", dorothy, "100");
	let (_, took) = until(SETTLE, "the deposit to be spendable", || async {
		let now = client.balance(Asset::Usdc, dorothy).await.unwrap();
		(now > before).then_some(now)
	})
	.await;
	println!(
		"deposit -> spendable USDC: {:?} (from the bank transfer: {:?})",
		took,
		sent.elapsed()
	);
	// Spendable: Dorothy sends it on.
	ok(&url, &["transfer", "ethan", "100", "--asset", "usdc", "--signer", "dorothy"]);
	tokio::time::sleep(Duration::from_secs(20)).await;
	let after = client.balance(Asset::Usdc, dorothy).await.unwrap();
	assert_eq!(after, before, "minted 100 once, then sent 100");
	assert!(matches!(
		deposit_state(&client, PRIMARY, &reference).await,
		Some(DepositState::Minted { .. })
	));
	assert_eq!(reserves(&client).await.total_minted, 110 * DOLLAR);

	// --- A deposit for a sanctioned address is held.
	let listed = std::fs::read_to_string(ofac_file("sanctioned_addresses_ETH.txt"))
		.unwrap()
		.lines()
		.map(str::trim)
		.find(|l| l.starts_with("0x"))
		.unwrap()
		.to_string();
	let one = dir.path().join("one.txt");
	std::fs::write(&one, format!("{listed}\n")).unwrap();
	ok(&url, &["sanctions", "load", one.to_str().unwrap(), "--signer", "alith"]);
	let target: AccountId20 = listed.parse().unwrap();
	let reference = bank_deposit(&sim, "primary_bank", target, "50");
	let (state, _) = until(SETTLE, "the sanctioned deposit", || async {
		deposit_state(&client, PRIMARY, &reference)
			.await
			.filter(|s| !matches!(s, DepositState::Pending))
	})
	.await;
	assert!(matches!(state, DepositState::Held { reason: HoldReason::Compliance(_) }), "{state:?}");
	assert_eq!(client.balance(Asset::Usdc, target).await.unwrap(), 0);

	// --- A withdrawal paid by the primary and burned.
	let supply = reserves(&client).await.supply;
	let asked = Instant::now();
	let first = withdraw(&client, &keys::ethan(), 40).await;
	let (_, took) = until(SETTLE, "the payout", || async {
		matches!(
			withdrawal_state(&client, first).await,
			WithdrawalState::Paid { provider: PRIMARY, .. }
		)
		.then_some(())
	})
	.await;
	println!("withdrawal -> paid: {took:?} (from the request: {:?})", asked.elapsed());
	assert_eq!(reserves(&client).await.supply, supply - 40 * DOLLAR, "the escrow is burned");
	assert_eq!(paid_count(&sim, "primary_bank", &key_of(&client, first).await), 1);

	// --- The primary down: the withdrawal stays with it; none goes to the backup by timeout.
	sim.fault(r#"{"path":"/banks/primary_bank/payouts","fault":"status","status":503}"#);
	let stuck = withdraw(&client, &keys::ethan(), 30).await;
	until(SETTLE, "a timed-out attempt", || async {
		match withdrawal_state(&client, stuck).await {
			WithdrawalState::Pending { provider: PRIMARY, attempts } if attempts > 0 => Some(()),
			WithdrawalState::Pending { provider: PRIMARY, .. } => None,
			other => panic!("a timeout moved the withdrawal: {other:?}"),
		}
	})
	.await;
	// Governance takes the primary out of the rotation: new withdrawals go to the backup.
	sudo(
		&client,
		RuntimeCall::FiatBridge(BridgeCall::set_provider_status {
			id: PRIMARY,
			status: ProviderStatus::Standby,
		}),
	)
	.await;
	let second = withdraw(&client, &keys::ethan(), 20).await;
	until(SETTLE, "the backup's payout", || async {
		matches!(
			withdrawal_state(&client, second).await,
			WithdrawalState::Paid { provider: BACKUP, .. }
		)
		.then_some(())
	})
	.await;
	assert!(matches!(
		withdrawal_state(&client, stuck).await,
		WithdrawalState::Pending { provider: PRIMARY, .. }
	));
	// The primary comes back: it pays the stuck one, once.
	sim.clear_faults();
	until(SETTLE * 3, "the stuck payout", || async {
		matches!(
			withdrawal_state(&client, stuck).await,
			WithdrawalState::Paid { provider: PRIMARY, .. }
		)
		.then_some(())
	})
	.await;
	let stuck_key = key_of(&client, stuck).await;
	assert_eq!(paid_count(&sim, "primary_bank", &stuck_key), 1);
	assert_eq!(paid_count(&sim, "backup_processor", &stuck_key), 0);
	let second_key = key_of(&client, second).await;
	assert_eq!(paid_count(&sim, "backup_processor", &second_key), 1);
	assert_eq!(paid_count(&sim, "primary_bank", &second_key), 0);

	// --- A definite refusal fails over: the backup pays.
	sudo(
		&client,
		RuntimeCall::FiatBridge(BridgeCall::set_provider_status {
			id: PRIMARY,
			status: ProviderStatus::Active,
		}),
	)
	.await;
	sim.fault(r#"{"path":"/banks/primary_bank/payouts","fault":"refuse","times":1}"#);
	let refused = withdraw(&client, &keys::ethan(), 10).await;
	until(SETTLE * 2, "the failed-over payout", || async {
		matches!(
			withdrawal_state(&client, refused).await,
			WithdrawalState::Paid { provider: BACKUP, .. }
		)
		.then_some(())
	})
	.await;
	let key = key_of(&client, refused).await;
	assert_eq!(paid_count(&sim, "primary_bank", &key), 0);
	assert_eq!(paid_count(&sim, "backup_processor", &key), 1);

	// --- The CLI shows it all.
	let providers = ok(&url, &["bridge", "providers"]);
	for expected in [
		"provider 0 primary_bank: Primary, Active",
		"provider 1 backup_processor: Backup, Active",
		"attestors: 1 of 1",
		&sim.bank("primary_bank"),
	] {
		assert!(providers.contains(expected), "{expected:?} in {providers}");
	}
	let deposits = ok(&url, &["bridge", "deposits", "--account", "dorothy"]);
	assert_eq!(deposits.lines().filter(|l| l.contains(" minted ")).count(), 2, "{deposits}");
	assert!(deposits.contains("100 USDC (100.00 USD)"), "{deposits}");
	let withdrawals = ok(&url, &["bridge", "withdrawals", "--account", "ethan"]);
	assert_eq!(withdrawals.lines().filter(|l| l.contains("paid by provider 0")).count(), 2);
	assert_eq!(withdrawals.lines().filter(|l| l.contains("paid by provider 1")).count(), 2);
	let requested = ok(
		&url,
		&[
			"bridge",
			"withdraw",
			"5",
			"--bank-account",
			"DE89 3704 0044 0532 0130 00",
			"--signer",
			"ethan",
		],
	);
	let id: u64 = requested
		.strip_prefix("withdrawal ")
		.and_then(|rest| rest.split(' ').next())
		.and_then(|id| id.parse().ok())
		.unwrap_or_else(|| panic!("{requested}"));
	assert!(requested.contains("assigned to provider 0 (primary_bank)"), "{requested}");
	until(SETTLE, "the CLI's withdrawal to be paid", || async {
		let shown = ok(&url, &["bridge", "withdrawals", &id.to_string()]);
		shown.contains("paid by provider 0 (primary_bank)").then_some(())
	})
	.await;
	let shown = ok(&url, &["bridge", "reserves", "--asset", "usdc"]);
	assert!(shown.contains("covers supply") && shown.contains("minting: active"), "{shown}");

	// --- Reconciliation: the chain and both banks agree.
	let agreed = ok(&url, &["bridge", "reconcile"]);
	assert!(agreed.ends_with(": no discrepancies"), "{agreed}");
	assert!(agreed.contains("2 of 2 providers reconciled"), "{agreed}");
	// A EUR transfer waits for a quote: the bank has it, the chain does not.
	let before = client.balance(Asset::Usdc, dorothy).await.unwrap();
	let euros = bank_deposit_in(&sim, "primary_bank", dorothy, "100", "EUR");
	tokio::time::sleep(Duration::from_secs(10)).await;
	assert_eq!(deposit_state(&client, PRIMARY, &euros).await, None, "attested without a quote");
	let (success, flagged, _) = genex(&url, &["bridge", "reconcile"]);
	assert!(!success, "{flagged}");
	let discrepancies: Vec<&str> =
		flagged.lines().filter(|l| l.starts_with("discrepancy: ")).collect();
	assert_eq!(discrepancies.len(), 1, "{flagged}");
	assert!(discrepancies[0].contains(&euros), "{flagged}");
	assert!(flagged.ends_with(": 1 discrepancy"), "{flagged}");
	// Governance sets the first EUR rate (the simulated bank's 1.08): the deposit is minted.
	ok(
		&url,
		&["bridge", "quote", "EUR", "--submit", "1.08", "--force", "--sudo", "--signer", "alith"],
	);
	until(SETTLE, "the EUR deposit", || async {
		matches!(deposit_state(&client, PRIMARY, &euros).await, Some(DepositState::Minted { .. }))
			.then_some(())
	})
	.await;
	// 100.00 EUR at 1.08 USD per EUR.
	assert_eq!(client.balance(Asset::Usdc, dorothy).await.unwrap(), before + 108 * DOLLAR);
	let agreed = ok(&url, &["bridge", "reconcile"]);
	assert!(agreed.ends_with(": no discrepancies"), "{agreed}");
}
