//! `genex watch`: block time and finality lag as seen by a client, measured from the node's
//! new-head and finalized-head subscriptions.

use std::{
	collections::HashMap,
	time::{Duration, Instant},
};
use subxt::rpcs::{rpc_params, RpcClient};

/// What `genex watch` measured.
#[derive(Debug, Clone, PartialEq)]
pub struct ChainStats {
	/// Distinct new best blocks seen.
	pub blocks: usize,
	/// Mean time between new best blocks.
	pub mean_block_time: Duration,
	/// Finalized blocks whose import time was seen.
	pub finalized: usize,
	/// Mean time from a block's arrival as best to its finalization.
	pub mean_finality_lag: Duration,
	/// Largest such time.
	pub max_finality_lag: Duration,
	/// Mean distance in blocks between best and finalized head at each finality notification.
	pub mean_lag_blocks: f64,
}

fn number_of(header: &serde_json::Value) -> anyhow::Result<u64> {
	let text = header["number"]
		.as_str()
		.ok_or_else(|| anyhow::anyhow!("header without number"))?;
	Ok(u64::from_str_radix(text.trim_start_matches("0x"), 16)?)
}

/// Watches `url` for `duration` and returns the statistics.
pub async fn watch(url: &str, duration: Duration) -> anyhow::Result<ChainStats> {
	let rpc = RpcClient::from_insecure_url(url).await?;
	let mut best = rpc
		.subscribe::<serde_json::Value>(
			"chain_subscribeNewHeads",
			rpc_params![],
			"chain_unsubscribeNewHeads",
		)
		.await?;
	let mut finalized = rpc
		.subscribe::<serde_json::Value>(
			"chain_subscribeFinalizedHeads",
			rpc_params![],
			"chain_unsubscribeFinalizedHeads",
		)
		.await?;
	let end = Instant::now() + duration;
	let mut seen_at: HashMap<u64, Instant> = HashMap::new();
	let mut best_number = 0u64;
	let mut lags = Vec::new();
	let mut lag_blocks = Vec::new();
	loop {
		let remaining = end.saturating_duration_since(Instant::now());
		if remaining.is_zero() {
			break;
		}
		tokio::select! {
			header = best.next() => {
				let header = header.ok_or_else(|| anyhow::anyhow!("new-heads subscription ended"))??;
				let number = number_of(&header)?;
				best_number = best_number.max(number);
				seen_at.entry(number).or_insert_with(Instant::now);
			},
			header = finalized.next() => {
				let header = header.ok_or_else(|| anyhow::anyhow!("finalized subscription ended"))??;
				let number = number_of(&header)?;
				if let Some(at) = seen_at.get(&number) {
					lags.push(at.elapsed());
					lag_blocks.push(best_number.saturating_sub(number) as f64);
				}
			},
			_ = tokio::time::sleep(remaining) => break,
		}
	}
	let mut arrivals: Vec<(u64, Instant)> = seen_at.into_iter().collect();
	arrivals.sort();
	let mean_block_time = match (arrivals.first(), arrivals.last()) {
		(Some(first), Some(last)) if arrivals.len() > 1 => {
			(last.1 - first.1) / (arrivals.len() as u32 - 1)
		},
		_ => Duration::ZERO,
	};
	let mean = |values: &[Duration]| {
		if values.is_empty() {
			Duration::ZERO
		} else {
			values.iter().sum::<Duration>() / values.len() as u32
		}
	};
	Ok(ChainStats {
		blocks: arrivals.len(),
		mean_block_time,
		finalized: lags.len(),
		mean_finality_lag: mean(&lags),
		max_finality_lag: lags.iter().max().copied().unwrap_or_default(),
		mean_lag_blocks: if lag_blocks.is_empty() {
			0.0
		} else {
			lag_blocks.iter().sum::<f64>() / lag_blocks.len() as f64
		},
	})
}
