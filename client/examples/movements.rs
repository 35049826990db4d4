//! Load for measuring the AML screening worker: submits `total` stablecoin transfers of $1
//! USDC from the six dev accounts (KYC L1 set beforehand) to fresh accounts, in
//! `utility.batch_all`s of `batch` transfers, each sender's batches one after another and the
//! senders side by side; returns once every batch is finalized. `scripts/aml-catchup.sh` runs it.
//!
//!   cargo run --release -p genex-client --example movements -- ws://127.0.0.1:9944 100000 250

use anyhow::{bail, Context};
use genex_client::{
	runtime::{
		self,
		runtime_types::{
			genex_runtime::RuntimeCall, pallet_settlement::pallet::Call as SettlementCall,
		},
	},
	to_subxt_account, GenexClient,
};
use genex_primitives::AccountId20;
use subxt_signer::eth::dev as keys;

/// A fresh recipient per transfer: sender index, then the transfer's number.
fn recipient(sender: usize, n: u64) -> AccountId20 {
	let mut address = [0xeeu8; 20];
	address[11] = sender as u8;
	address[12..].copy_from_slice(&n.to_be_bytes());
	AccountId20(address)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
	let mut args = std::env::args().skip(1);
	let url = args.next().context("usage: movements <url> <total> [batch]")?;
	let total: u64 = args.next().context("the total")?.parse().context("total: a number")?;
	let batch: u64 = args.next().map(|b| b.parse()).transpose().context("batch")?.unwrap_or(250);
	if total == 0 || batch == 0 {
		bail!("total and batch must be positive");
	}
	let client = GenexClient::connect(&url).await?;
	let senders = [
		keys::alith(),
		keys::baltathar(),
		keys::charleth(),
		keys::dorothy(),
		keys::ethan(),
		keys::faith(),
	];
	let sender_count = senders.len() as u64;
	let mut tasks = tokio::task::JoinSet::new();
	for (index, key) in senders.into_iter().enumerate() {
		// `total` exactly: the first `total % sender_count` senders send one more.
		let per_sender = total / sender_count + u64::from((index as u64) < total % sender_count);
		let client = client.clone();
		tasks.spawn(async move {
			let mut sent = 0u64;
			while sent < per_sender {
				let count = batch.min(per_sender - sent);
				let calls = (sent..sent + count)
					.map(|n| {
						RuntimeCall::Settlement(SettlementCall::transfer_stablecoin {
							asset: 1,
							to: to_subxt_account(recipient(index, n)),
							amount: 1_000_000,
							travel_rule: None,
						})
					})
					.collect();
				client
					.submit(&runtime::transactions().utility().batch_all(calls), &key)
					.await?
					.ensure_success()?;
				sent += count;
			}
			anyhow::Ok(sent)
		});
	}
	let mut sent = 0u64;
	while let Some(done) = tasks.join_next().await {
		sent += done??;
	}
	println!("{sent} transfers finalized");
	Ok(())
}
