//! `genex mm …`: market makers register, commit to classes and are watched; compliance sets
//! their status, governance how they are watched.

use super::{
	compliance::parse_percent, connect, parse_account, submit, submit_governance,
	GovernanceSigning, Signing,
};
use crate::{
	amount::{format_amount, parse_amount},
	runtime::{
		self,
		runtime_types::{
			bounded_collections::bounded_vec::BoundedVec,
			genex_runtime::RuntimeCall,
			pallet_settlement::{
				pallet::Call as SettlementCall,
				runtime_api::MarketMakerReport,
				types::{MarketMakerStatus, MonitoringParams, Obligations},
			},
			sp_arithmetic::per_things::Permill,
		},
	},
	to_subxt_account,
};
use clap::{Subcommand, ValueEnum};

/// `genex mm …`
#[derive(Debug, Subcommand)]
pub enum MmCommand {
	/// Register as a market maker (KYC L3): the deposit (USDC, at least $10,000) is held
	/// until termination; the obligations are what every sample checks.
	Register {
		/// Deposit in dollars, e.g. `10000`.
		#[arg(long)]
		deposit: String,
		/// Widest spread you may quote, basis points of the midpoint.
		#[arg(long)]
		max_spread_bps: u32,
		/// Least coupons you keep on each side of each class you quote.
		#[arg(long)]
		min_depth: u32,
		/// Least uptime, in percent (the chain's floor applies if it is higher).
		#[arg(long, default_value = "95", value_parser = parse_percent)]
		min_uptime: u32,
		#[command(flatten)]
		signing: Signing,
	},
	/// Commit to quote these classes (replaces the list; none: commit to nothing).
	Classes {
		/// Class ids.
		classes: Vec<u32>,
		#[command(flatten)]
		signing: Signing,
	},
	/// A market maker's standing, obligations, uptime and latest spread and depth per class.
	Status {
		/// The account.
		account: String,
	},
	/// How market makers are watched: sample interval, uptime window, floor, grace.
	Monitoring,
	/// Set how market makers are watched (governance; `--sudo` on dev chains).
	SetMonitoring {
		/// Blocks between samples.
		#[arg(long)]
		interval: u32,
		/// Samples the uptime is computed over (1 to 128).
		#[arg(long)]
		window: u32,
		/// Least uptime of every market maker, in percent.
		#[arg(long, default_value = "95", value_parser = parse_percent)]
		floor: u32,
		/// Blocks a market maker below its floor has to recover before it is suspended.
		#[arg(long)]
		grace: u32,
		#[command(flatten)]
		signing: GovernanceSigning,
	},
	/// Suspend, reinstate or terminate a market maker (compliance; `--sudo` on dev chains).
	/// Terminating returns the deposit; reinstating starts its uptime afresh.
	SetStatus {
		/// The account.
		account: String,
		/// The new status.
		#[arg(value_enum)]
		status: StatusArg,
		#[command(flatten)]
		signing: GovernanceSigning,
	},
}

/// A market maker's status, as typed on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StatusArg {
	/// May trade with `batch`.
	Active,
	/// Barred for now.
	Suspended,
	/// Ended for good; the deposit goes back.
	Terminated,
}

impl From<StatusArg> for MarketMakerStatus {
	fn from(status: StatusArg) -> Self {
		match status {
			StatusArg::Active => Self::Active,
			StatusArg::Suspended => Self::Suspended,
			StatusArg::Terminated => Self::Terminated,
		}
	}
}

fn status_name(status: &MarketMakerStatus) -> &'static str {
	match status {
		MarketMakerStatus::Active => "active",
		MarketMakerStatus::Suspended => "suspended",
		MarketMakerStatus::Terminated => "terminated",
	}
}

/// A share in parts per million as a percentage, exactly (`95%`, `87.5%`).
pub fn format_share(ppm: u32) -> String {
	format!("{}%", format_amount(ppm as u128, 4))
}

fn describe_monitoring(params: &MonitoringParams) -> String {
	format!(
		"sample every {} block(s); uptime over the last {} samples; floor {}; {} block(s) of \
		 grace before suspension",
		params.sample_interval,
		params.window,
		format_share(params.floor.0),
		params.grace
	)
}

/// What `genex mm status` prints.
pub fn describe_market_maker(who: &str, report: &MarketMakerReport) -> String {
	let mut lines = vec![
		format!("market maker {who}: {}", status_name(&report.status)),
		format!("  deposit: {} USDC", format_amount(report.deposit, 6)),
		format!(
			"  obligations: spread at most {} bps, at least {} coupon(s) a side, uptime at least {}",
			report.obligations.max_spread_bps,
			report.obligations.min_depth_per_side,
			format_share(report.obligations.min_uptime.0)
		),
		format!(
			"  uptime: {} over {} of {} samples (floor {}){}",
			format_share(report.uptime.0),
			report.samples,
			report.window,
			format_share(report.floor.0),
			report
				.last_sampled
				.map(|block| format!(", last at block {block}"))
				.unwrap_or_default()
		),
	];
	if let (Some(since), Some(at)) = (report.below_floor_since, report.suspend_at) {
		lines.push(format!(
			"  BELOW FLOOR since block {since}: suspended at block {at} unless it recovers"
		));
	}
	if report.classes.is_empty() {
		lines.push(
			"  classes: none committed yet (not watched until it commits to one)".to_string(),
		);
	}
	for class in &report.classes {
		let line = match report.latest.iter().find(|sample| sample.class == *class) {
			None => format!("  class {class}: not sampled yet"),
			Some(sample) => {
				let price = |price: Option<u128>| {
					price.map(|p| format!("${}", format_amount(p, 6))).unwrap_or("-".to_string())
				};
				format!(
					"  class {class}: bid {} × {}, ask {} × {}, spread {}: {}",
					price(sample.best_bid),
					sample.bid_depth,
					price(sample.best_ask),
					sample.ask_depth,
					sample
						.spread_bps
						.map(|bps| format!("{bps} bps"))
						.unwrap_or("- (one side missing)".to_string()),
					if sample.met { "met" } else { "MISSED" }
				)
			},
		};
		lines.push(line);
	}
	lines.join("\n")
}

pub async fn run_mm(url: &str, command: MmCommand) -> anyhow::Result<String> {
	let client = connect(url).await?;
	match command {
		MmCommand::Register { deposit, max_spread_bps, min_depth, min_uptime, signing } => {
			let amount = parse_amount(&deposit, 6)
				.map_err(|error| anyhow::anyhow!("--deposit '{deposit}': {error}"))?;
			let obligations = Obligations {
				max_spread_bps,
				min_depth_per_side: min_depth,
				min_uptime: Permill(min_uptime),
			};
			let payload =
				runtime::transactions().settlement().register_market_maker(amount, obligations);
			let (_, signer) = submit(&client, &payload, &signing).await?;
			Ok(format!(
				"{} registered as a market maker, {} USDC held",
				crate::signer::address_of(&signer),
				format_amount(amount, 6)
			))
		},
		MmCommand::Classes { classes, signing } => {
			let payload = runtime::transactions()
				.settlement()
				.set_quoted_classes(BoundedVec(classes.clone()));
			submit(&client, &payload, &signing).await?;
			Ok(if classes.is_empty() {
				"committed to quote no class".to_string()
			} else {
				format!(
					"committed to quote class(es) {}",
					classes.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
				)
			})
		},
		MmCommand::Status { account } => {
			let who = parse_account(&account)?;
			match client.market_maker(who).await? {
				Some(report) => Ok(describe_market_maker(&who.to_string(), &report)),
				None => anyhow::bail!("{who} is not a market maker"),
			}
		},
		MmCommand::Monitoring => Ok(describe_monitoring(&client.mm_monitoring().await?)),
		MmCommand::SetMonitoring { interval, window, floor, grace, signing } => {
			let params = MonitoringParams {
				sample_interval: interval,
				window,
				floor: Permill(floor),
				grace,
			};
			let text = describe_monitoring(&params);
			let payload = runtime::transactions().settlement().set_monitoring(params.clone());
			let call = RuntimeCall::Settlement(SettlementCall::set_monitoring { params });
			submit_governance(&client, &payload, call, &signing).await?;
			Ok(text)
		},
		MmCommand::SetStatus { account, status, signing } => {
			let who = parse_account(&account)?;
			let status: MarketMakerStatus = status.into();
			let name = status_name(&status);
			let payload = runtime::transactions()
				.settlement()
				.set_market_maker_status(to_subxt_account(who), status.clone());
			let call = RuntimeCall::Settlement(SettlementCall::set_market_maker_status {
				who: to_subxt_account(who),
				status,
			});
			submit_governance(&client, &payload, call, &signing).await?;
			Ok(format!("market maker {who}: {name}"))
		},
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::runtime::runtime_types::pallet_settlement::types::QuoteSample;

	#[test]
	fn status_shows_uptime_floor_and_each_class() {
		let report = MarketMakerReport {
			deposit: 10_000_000_000,
			status: MarketMakerStatus::Active,
			obligations: Obligations {
				max_spread_bps: 200,
				min_depth_per_side: 10,
				min_uptime: Permill(950_000),
			},
			classes: vec![3, 4],
			uptime: Permill(875_000),
			floor: Permill(950_000),
			samples: 8,
			window: 120,
			last_sampled: Some(41),
			below_floor_since: Some(40),
			suspend_at: Some(640),
			latest: vec![QuoteSample {
				class: 3,
				best_bid: Some(9_900_000),
				best_ask: None,
				spread_bps: None,
				bid_depth: 10,
				ask_depth: 0,
				met: false,
			}],
		};
		let text = describe_market_maker("0xabc", &report);
		assert!(text.contains("uptime: 87.5% over 8 of 120 samples (floor 95%), last at block 41"));
		assert!(text.contains("BELOW FLOOR since block 40: suspended at block 640"));
		assert!(
			text.contains("class 3: bid $9.9 × 10, ask - × 0, spread - (one side missing): MISSED")
		);
		assert!(text.contains("class 4: not sampled yet"));
	}
}
