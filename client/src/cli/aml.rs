//! `genex aml …`: AML alerts and their evidence, the rules in force, cases and SAR drafts.

use super::{connect, parse_account, submit, Signing};
use crate::{
	aml::{rule_name, severity_name, AlertView},
	amount::format_amount,
	coupons::format_time,
	from_subxt_account,
	runtime::{self, runtime_types::pallet_compliance::types::CaseStatus},
};
use anyhow::{bail, Context};
use clap::{Subcommand, ValueEnum};
use subxt::utils::H256;

/// `genex aml …`
#[derive(Debug, Subcommand)]
pub enum AmlCommand {
	/// List AML alerts, oldest first: id, rule, severity, subject, case, time, evidence.
	Alerts {
		/// Only alerts about this account.
		#[arg(long)]
		account: Option<String>,
		/// Only alerts of this rule.
		#[arg(long, value_enum)]
		rule: Option<RuleArg>,
	},
	/// The AML rules' parameters in force.
	Rules,
	/// Show a case: subject, status, alerts.
	Case {
		/// The case id.
		case: u64,
	},
	/// Take an open case under review (a compliance officer).
	Review {
		/// The case id.
		case: u64,
		#[command(flatten)]
		signing: Signing,
	},
	/// Close a case under review without a report (a compliance officer); the note's hash is
	/// recorded.
	Close {
		/// The case id.
		case: u64,
		/// Why the case is closed (kept off chain; its BLAKE2-256 hash goes on chain).
		#[arg(long)]
		note: String,
		#[command(flatten)]
		signing: Signing,
	},
	/// Mark a case under review as reported (a compliance officer): the SAR file's hash is
	/// recorded.
	Report {
		/// The case id.
		case: u64,
		/// The SAR as filed (e.g. the edited output of `genex aml sar`).
		#[arg(long)]
		sar: std::path::PathBuf,
		#[command(flatten)]
		signing: Signing,
	},
	/// Print a FinCEN-style SAR draft of a case as JSON, from chain data alone.
	Sar {
		/// The case id.
		case: u64,
	},
}

/// An AML rule, as typed on the command line.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum RuleArg {
	/// More than 10 P2P recipients in 24 h.
	FanOut,
	/// 3 or more transactions of $2,500-$2,999.99 in 24 h.
	Structuring,
	/// More than 80 % of 20 or more orders cancelled in an hour.
	Spoofing,
	/// One transaction above $10,000.
	LargeAmount,
	/// More than 20 transfers in an hour.
	Velocity,
	/// Bought, given away, sold or withdrawn within 72 h.
	BuyTransferWithdraw,
	/// An issuer (or an account it funded) buying its own coupons.
	SelfDealing,
	/// A movement with a sanctioned account.
	SanctionsHit,
	/// Filed by hand.
	Manual,
	/// Value round a cycle of accounts.
	Cycle,
	/// Layered orders on one side, trading on the other.
	Layering,
}

impl RuleArg {
	fn name(self) -> String {
		format!("{self:?}")
	}
}

fn alert_line(view: &AlertView) -> String {
	let alert = &view.alert;
	let case = alert.case.map(|c| format!(" case {c}")).unwrap_or_default();
	let evidence = view
		.evidence
		.as_ref()
		.map(|e| {
			let ids: Vec<String> = e.records.0.iter().map(|r| r.movement.to_string()).collect();
			let related = if e.related.0.is_empty() {
				String::new()
			} else {
				format!(", {} related", e.related.0.len())
			};
			format!(" evidence [{}]{related}", ids.join(" "))
		})
		.unwrap_or_default();
	format!(
		"alert {} {} {} {}{case} at {}{evidence}",
		view.id,
		rule_name(&alert.rule),
		severity_name(&alert.severity),
		from_subxt_account(alert.subject.clone()),
		format_time(alert.at),
	)
}

fn hash_of(bytes: &[u8]) -> H256 {
	H256(sp_crypto_hashing::blake2_256(bytes))
}

pub async fn run_aml(url: &str, command: AmlCommand) -> anyhow::Result<String> {
	let client = connect(url).await?;
	match command {
		AmlCommand::Alerts { account, rule } => {
			let account = account.as_deref().map(parse_account).transpose()?;
			let lines: Vec<String> = client
				.aml_alerts()
				.await?
				.iter()
				.filter(|view| {
					account.is_none_or(|who| from_subxt_account(view.alert.subject.clone()) == who)
				})
				.filter(|view| rule.is_none_or(|rule| rule.name() == rule_name(&view.alert.rule)))
				.map(alert_line)
				.collect();
			Ok(if lines.is_empty() { "no alerts".into() } else { lines.join("\n") })
		},
		AmlCommand::Rules => {
			let p = client.aml_params().await?;
			let hours = |ms: u64| {
				if ms % 3_600_000 == 0 {
					format!("{} h", ms / 3_600_000)
				} else {
					format!("{} min", ms / 60_000)
				}
			};
			let usd = |units: u128| format!("${}", format_amount(units, 6));
			let ppm = p.spoofing_cancel_rate.0;
			let rate = if ppm % 10_000 == 0 {
				format!("{}", ppm / 10_000)
			} else {
				format!("{}.{:04}", ppm / 10_000, ppm % 10_000)
			};
			Ok([
				format!(
					"fan-out: more than {} distinct P2P recipients in {} (high)",
					p.fan_out_recipients,
					hours(p.fan_out_window)
				),
				format!(
					"structuring: {} or more transactions in [{}, {}) in {} (critical: case and freeze)",
					p.structuring_count,
					usd(p.structuring_min),
					usd(p.structuring_max),
					hours(p.structuring_window)
				),
				format!("large amount: one transaction above {} (medium)", usd(p.large_amount)),
				format!(
					"velocity: more than {} transfers in {} (medium)",
					p.velocity_transfers,
					hours(p.velocity_window)
				),
				format!(
					"buy -> transfer -> sell/withdraw: within {} (high)",
					hours(p.relay_window)
				),
				format!(
					"self-dealing: an issuer, or an account it funded within {}, buying its coupons (high)",
					hours(p.funding_window)
				),
				format!(
					"cycles: at most {} accounts within {} (high)",
					p.cycle_max_accounts,
					hours(p.cycle_window)
				),
				format!(
					"spoofing: more than {rate}% of at least {} orders cancelled in {} (high)",
					p.spoofing_min_orders,
					hours(p.spoofing_window)
				),
				format!(
					"layering: {} or more price levels placed and cancelled in {} while trading the other side (high)",
					p.layering_levels,
					hours(p.layering_window)
				),
				"sanctions hit: any movement with a sanctioned account (critical: case and freeze)"
					.to_string(),
			]
			.join("\n"))
		},
		AmlCommand::Case { case } => {
			let Some(found) = client.aml_case(case).await? else { bail!("no case {case}") };
			let alerts: Vec<String> = found.alerts.0.iter().map(u64::to_string).collect();
			Ok(format!(
				"case {case} {:?} subject {} alerts [{}] opened {} by {}{}",
				found.status,
				from_subxt_account(found.subject.clone()),
				alerts.join(" "),
				format_time(found.opened_at),
				from_subxt_account(found.opened_by.clone()),
				found.resolution.map(|h| format!(" resolution {h:?}")).unwrap_or_default()
			))
		},
		AmlCommand::Review { case, signing } => {
			let payload = runtime::transactions().compliance().set_case_status(
				case,
				CaseStatus::UnderReview,
				None,
			);
			submit(&client, &payload, &signing).await?;
			Ok(format!("case {case} under review"))
		},
		AmlCommand::Close { case, note, signing } => {
			let hash = hash_of(note.as_bytes());
			let payload = runtime::transactions().compliance().set_case_status(
				case,
				CaseStatus::Closed,
				Some(hash),
			);
			submit(&client, &payload, &signing).await?;
			Ok(format!("case {case} closed, note {hash:?}"))
		},
		AmlCommand::Report { case, sar, signing } => {
			let bytes =
				std::fs::read(&sar).with_context(|| format!("cannot read {}", sar.display()))?;
			let hash = hash_of(&bytes);
			let payload = runtime::transactions().compliance().set_case_status(
				case,
				CaseStatus::Reported,
				Some(hash),
			);
			submit(&client, &payload, &signing).await?;
			Ok(format!("case {case} reported, SAR {hash:?}"))
		},
		AmlCommand::Sar { case } => {
			let Some(draft) = client.sar_draft(case).await? else { bail!("no case {case}") };
			Ok(serde_json::to_string_pretty(&draft)?)
		},
	}
}
