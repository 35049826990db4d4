//! `genex role|kyc|sanctions|freeze …`: roles, KYC, the sanctions set and emergency freezes
//! from the command line.

use super::{
	connect, parse_account, parse_h256, submit, submit_governance, GovernanceSigning, Signing,
};
use crate::{
	runtime::{
		self,
		runtime_types::{
			bounded_collections::bounded_vec::BoundedVec,
			genex_runtime::RuntimeCall,
			pallet_compliance::{
				pallet::Call as ComplianceCall,
				traits::{KycLevel, MarketScope, Role},
				types::{FeedFailure, FeedSource, ListFormat, ListSource, SanctionsFeed},
			},
			pallet_freeze::{
				pallet::Call as FreezeCall,
				types::{FreezeReason, FreezeTarget},
			},
			sp_arithmetic::per_things::Permill,
		},
	},
	to_subxt_account, AccountId20,
};
use anyhow::{bail, Context};
use clap::{Subcommand, ValueEnum};
use subxt::utils::H256;

/// A role, as typed on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
	/// Compliance officer.
	ComplianceOfficer,
	/// KYC provider.
	KycProvider,
	/// Sanctions oracle (the sanctions sync worker's key).
	SanctionsOracle,
	/// Guardian.
	Guardian,
	/// Arbitrator.
	Arbitrator,
	/// Mapping-anchor party.
	AnchorParty,
	/// Fiat gateway operator.
	GatewayOperator,
	/// Fee paymaster.
	Paymaster,
	/// AML monitor (the screening worker's key).
	AmlMonitor,
}

impl From<RoleArg> for Role {
	fn from(role: RoleArg) -> Role {
		match role {
			RoleArg::ComplianceOfficer => Role::ComplianceOfficer,
			RoleArg::KycProvider => Role::KycProvider,
			RoleArg::SanctionsOracle => Role::SanctionsOracle,
			RoleArg::Guardian => Role::Guardian,
			RoleArg::Arbitrator => Role::Arbitrator,
			RoleArg::AnchorParty => Role::AnchorParty,
			RoleArg::GatewayOperator => Role::GatewayOperator,
			RoleArg::Paymaster => Role::Paymaster,
			RoleArg::AmlMonitor => Role::AmlMonitor,
		}
	}
}

/// `genex role …`
#[derive(Debug, Subcommand)]
pub enum RoleCommand {
	/// Give an account a role (governance; `--sudo` on dev chains).
	Assign {
		/// The role.
		#[arg(value_enum)]
		role: RoleArg,
		/// The account's address or dev name.
		account: String,
		#[command(flatten)]
		signing: GovernanceSigning,
	},
	/// Take a role from an account (governance).
	Remove {
		/// The role.
		#[arg(value_enum)]
		role: RoleArg,
		/// The account's address or dev name.
		account: String,
		#[command(flatten)]
		signing: GovernanceSigning,
	},
	/// Which roles an account holds.
	Show {
		/// The account's address or dev name.
		account: String,
	},
}

/// `genex kyc …`
#[derive(Debug, Subcommand)]
pub enum KycCommand {
	/// Set an account's KYC level (a KYC provider).
	Set {
		/// The account's address or dev name.
		account: String,
		/// `L0` … `L3`.
		level: String,
		/// Days the level stays valid.
		#[arg(long, default_value_t = 365)]
		days: u64,
		/// Hash of the provider's attestation (documents stay off chain).
		#[arg(long, value_parser = parse_h256, default_value = "0x0000000000000000000000000000000000000000000000000000000000000000")]
		attestation: H256,
		#[command(flatten)]
		signing: Signing,
	},
	/// An account's current KYC level.
	Show {
		/// The account's address or dev name.
		account: String,
	},
}

/// `genex sanctions …`
#[derive(Debug, Subcommand)]
pub enum SanctionsCommand {
	/// Add every address of a list file to the sanctions set (a sanctions oracle or
	/// compliance officer). The file is one `0x…` address per line or a JSON array; its
	/// BLAKE2-256 hash tags the list, so loading the same file again changes nothing.
	Load {
		/// The list file.
		file: std::path::PathBuf,
		/// Where the list comes from.
		#[arg(long, default_value = "OFAC SDN")]
		source: String,
		#[command(flatten)]
		signing: Signing,
	},
	/// Whether an address is on the sanctions set: `sanctioned` (since when, by the feed or
	/// by hand) or `not sanctioned`.
	Check {
		/// The address or dev name.
		account: String,
	},
	/// The sanctions feed's sources (governance).
	#[command(subcommand)]
	Sources(SourcesCommand),
	/// The sanctions feed: sources, the applied list, the last sync and failure, staleness.
	Status,
}

/// A list format, as typed on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
	/// OFAC SDN Advanced XML (`SDN_ADVANCED.XML`).
	AdvancedXml,
	/// OFAC legacy SDN XML (`SDN.XML`).
	SdnXml,
	/// One address a line.
	Text,
	/// A JSON array of addresses.
	Json,
}

impl From<FormatArg> for ListFormat {
	fn from(format: FormatArg) -> ListFormat {
		match format {
			FormatArg::AdvancedXml => ListFormat::AdvancedXml,
			FormatArg::SdnXml => ListFormat::SdnXml,
			FormatArg::Text => ListFormat::Text,
			FormatArg::Json => ListFormat::Json,
		}
	}
}

/// `genex sanctions sources …`
#[derive(Debug, Subcommand)]
pub enum SourcesCommand {
	/// Set where the sanctions oracle fetches the list, how often it syncs, when the list
	/// counts as stale, and how much one sync may remove (governance; `--sudo` on dev chains).
	Set {
		/// The primary source's URL (`http://` or `https://`).
		primary: String,
		/// The backup source's URL, tried when the primary fails.
		#[arg(long)]
		backup: Option<String>,
		/// The primary's format.
		#[arg(long, value_enum, default_value = "advanced-xml")]
		format: FormatArg,
		/// The backup's format (default: the primary's).
		#[arg(long, value_enum)]
		backup_format: Option<FormatArg>,
		/// Time between syncs, e.g. `6h`, `1m`, `30s`.
		#[arg(long, default_value = "6h", value_parser = parse_duration_ms)]
		interval: u64,
		/// Age after which an unconfirmed list raises the staleness alarm, e.g. `24h`.
		#[arg(long, default_value = "24h", value_parser = parse_duration_ms)]
		max_age: u64,
		/// Most of the feed's entries one sync may remove, in percent, e.g. `10` or `2.5%`.
		#[arg(long, default_value = "10", value_parser = parse_percent)]
		max_shrink: u32,
		#[command(flatten)]
		signing: GovernanceSigning,
	},
	/// Stop syncing (governance): the feed's entries stay until a later feed removes them.
	Clear {
		#[command(flatten)]
		signing: GovernanceSigning,
	},
}

/// Reads a duration such as `500ms`, `30s`, `1m`, `6h` or `2d` as milliseconds.
pub fn parse_duration_ms(text: &str) -> Result<u64, String> {
	let text = text.trim();
	let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
	let (number, unit) = text.split_at(split);
	let number: u64 = number
		.parse()
		.map_err(|_| format!("'{text}': a duration is a number and a unit (30s, 1m, 6h)"))?;
	let factor = match unit {
		"ms" => 1,
		"s" => 1_000,
		"m" => 60_000,
		"h" => 3_600_000,
		"d" => 86_400_000,
		_ => return Err(format!("'{text}': the unit is ms, s, m, h or d")),
	};
	number.checked_mul(factor).ok_or_else(|| format!("'{text}' is too long"))
}

/// Reads a percentage (`10`, `10%`, `2.5`) as parts per million.
pub fn parse_percent(text: &str) -> Result<u32, String> {
	let digits = text.trim().trim_end_matches('%');
	let ppm = crate::parse_amount(digits, 4).map_err(|e| format!("'{text}': {e}"))?;
	u32::try_from(ppm)
		.ok()
		.filter(|ppm| *ppm <= 1_000_000)
		.ok_or_else(|| format!("'{text}': a share is at most 100%"))
}

pub use crate::coupons::format_time;

/// A duration in ms, readable (`6h`, `1m`, `90s`, `1500ms`).
fn format_duration(ms: u64) -> String {
	for (unit, factor) in [("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1_000)] {
		if ms >= factor && ms % factor == 0 {
			return format!("{}{unit}", ms / factor);
		}
	}
	format!("{ms}ms")
}

fn format_name(format: &ListFormat) -> &'static str {
	match format {
		ListFormat::AdvancedXml => "advanced-xml",
		ListFormat::SdnXml => "sdn-xml",
		ListFormat::Text => "text",
		ListFormat::Json => "json",
	}
}

fn source_name(source: &FeedSource) -> &'static str {
	match source {
		FeedSource::Primary => "primary",
		FeedSource::Backup => "backup",
	}
}

/// A reported failure in words.
pub fn describe_failure(failure: &FeedFailure) -> String {
	match failure {
		FeedFailure::Unreachable => "source unreachable".into(),
		FeedFailure::Timeout => "timed out".into(),
		FeedFailure::HttpStatus(code) => format!("HTTP {code}"),
		FeedFailure::Incomplete { expected, received } => match expected {
			Some(expected) => format!("incomplete body: {received} of {expected} bytes"),
			None => format!("incomplete body: the connection broke after {received} bytes"),
		},
		FeedFailure::Malformed { error, offset } => {
			format!("malformed list: {error:?} at byte {offset}")
		},
		FeedFailure::TooManyEntries => "the list names too many addresses".into(),
		FeedFailure::EmptyList => "the list is empty".into(),
		FeedFailure::OlderThanApplied { published_at, applied } => format!(
			"older than the applied list (published {}, applied list {})",
			format_time(*published_at),
			format_time(*applied)
		),
		FeedFailure::ShrankTooMuch { from, to } => {
			format!("would shrink the feed from {from} to {to} entries")
		},
	}
}

fn describe_source(source: &ListSource) -> String {
	format!("{} ({})", String::from_utf8_lossy(&source.url.0), format_name(&source.format))
}

/// A feed's configuration in words, a line each.
fn describe_feed(feed: &SanctionsFeed) -> Vec<String> {
	let mut lines = vec![format!("sanctions feed: primary {}", describe_source(&feed.primary))];
	if let Some(backup) = &feed.backup {
		lines.push(format!("  backup {}", describe_source(backup)));
	}
	lines.push(format!(
		"  sync every {}, stale after {}, at most {}% removed per sync",
		format_duration(feed.interval),
		format_duration(feed.max_age),
		crate::format_amount(u128::from(feed.max_shrink.0), 4)
	));
	lines
}

/// `genex sanctions status`, from the chain's state.
pub fn describe_status(state: &crate::compliance::SanctionsFeedState) -> String {
	let mut lines = match &state.feed {
		None => vec!["sanctions feed: none configured".to_string()],
		Some(feed) => describe_feed(feed),
	};
	let status = &state.status;
	lines.push(match &status.applied {
		None => "applied list: none yet".to_string(),
		Some(list) => format!(
			"applied list: {:?} with {} entries (published {}, from the {} source{})",
			list.list_hash,
			list.entries,
			format_time(list.published_at),
			source_name(&list.source),
			if list.bad_checksums > 0 {
				format!("; {} values with a bad EIP-55 checksum, blocked", list.bad_checksums)
			} else {
				String::new()
			}
		),
	});
	lines.push(match status.last_sync {
		None => "last sync: never".to_string(),
		Some(at) => format!(
			"last sync: {} ({} ago)",
			format_time(at),
			format_duration(state.now.saturating_sub(at) / 1_000 * 1_000)
		),
	});
	lines.push(match &status.last_failure {
		None => "last failure: none".to_string(),
		Some(report) => format!(
			"last failure: {} from the {} source: {}",
			format_time(report.at),
			source_name(&report.source),
			describe_failure(&report.failure)
		),
	});
	lines.push(if status.stale {
		"freshness: STALE (no sync completed within the staleness limit)".to_string()
	} else {
		"freshness: ok".to_string()
	});
	if let Some(pending) = &state.pending {
		lines.push(format!(
			"in progress: list {:?}, {} of {} parts applied",
			pending.header.list_hash, pending.parts_done, pending.header.parts
		));
	}
	lines.push(format!(
		"sanctioned: {} addresses ({} listed by the feed)",
		state.sanctioned, state.feed_entries
	));
	lines.join("\n")
}

/// What a freeze command applies to.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum TargetKind {
	/// An account (`value`: address or dev name).
	Account,
	/// A coupon class (`value`: class id).
	Class,
	/// An issuer (`value`: address or dev name).
	Issuer,
	/// A part of the market (`value`: trading, transfers or redemption).
	Market,
}

/// Why, as typed on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ReasonArg {
	/// Suspected fraud.
	Fraud,
	/// A security incident.
	SecurityIncident,
	/// A regulator's or court's order.
	RegulatoryOrder,
	/// The issuer defaulted.
	IssuerDefault,
	/// Suspicious activity.
	SuspiciousActivity,
	/// Anything else.
	Other,
}

/// `genex freeze …`
#[derive(Debug, Subcommand)]
pub enum FreezeCommand {
	/// Freeze something at once (a guardian).
	Apply {
		/// What kind of target.
		#[arg(value_enum)]
		kind: TargetKind,
		/// The target.
		value: String,
		/// Why.
		#[arg(long, value_enum, default_value = "other")]
		reason: ReasonArg,
		/// The incident id, e.g. `INC-2026-0042`.
		#[arg(long, default_value = "")]
		incident: String,
		#[command(flatten)]
		signing: Signing,
	},
	/// Approve lifting a freeze (a guardian; two approvals lift it).
	ApproveUnfreeze {
		/// What kind of target.
		#[arg(value_enum)]
		kind: TargetKind,
		/// The target.
		value: String,
		#[command(flatten)]
		signing: Signing,
	},
	/// Lift a freeze at once (governance; `--sudo` on dev chains).
	Lift {
		/// What kind of target.
		#[arg(value_enum)]
		kind: TargetKind,
		/// The target.
		value: String,
		#[command(flatten)]
		signing: GovernanceSigning,
	},
	/// Every freeze in force.
	List,
}

fn target(
	kind: TargetKind,
	value: &str,
) -> anyhow::Result<FreezeTarget<subxt::utils::eth::AccountId20>> {
	Ok(match kind {
		TargetKind::Account => FreezeTarget::Account(to_subxt_account(parse_account(value)?)),
		TargetKind::Issuer => FreezeTarget::Issuer(to_subxt_account(parse_account(value)?)),
		TargetKind::Class => FreezeTarget::Class(value.parse().context("a class id is a number")?),
		TargetKind::Market => FreezeTarget::Market(match value {
			"trading" => MarketScope::Trading,
			"transfers" => MarketScope::Transfers,
			"redemption" => MarketScope::Redemption,
			other => bail!("unknown market scope '{other}': trading, transfers or redemption"),
		}),
	})
}

fn describe_target(target: &FreezeTarget<subxt::utils::eth::AccountId20>) -> String {
	match target {
		FreezeTarget::Account(who) => format!("account {}", crate::from_subxt_account(*who)),
		FreezeTarget::Issuer(who) => format!("issuer {}", crate::from_subxt_account(*who)),
		FreezeTarget::Class(class) => format!("class {class}"),
		FreezeTarget::Market(scope) => format!("market {scope:?}"),
	}
}

pub(crate) fn kyc_level(text: &str) -> anyhow::Result<KycLevel> {
	Ok(match text.to_ascii_uppercase().as_str() {
		"L0" => KycLevel::L0,
		"L1" => KycLevel::L1,
		"L2" => KycLevel::L2,
		"L3" => KycLevel::L3,
		other => bail!("unknown KYC level '{other}': L0, L1, L2 or L3"),
	})
}

/// Reads a sanctions list: one address per line (`#` comments allowed) or a JSON array.
pub fn read_address_list(text: &str) -> anyhow::Result<Vec<AccountId20>> {
	let entries: Vec<String> = if text.trim_start().starts_with('[') {
		serde_json::from_str(text).context("a JSON list is an array of address strings")?
	} else {
		text.lines()
			.map(|line| line.split('#').next().unwrap_or("").trim().to_string())
			.filter(|line| !line.is_empty())
			.collect()
	};
	entries
		.iter()
		.map(|entry| entry.parse().map_err(|e| anyhow::anyhow!("'{entry}': {e}")))
		.collect()
}

pub async fn run_role(url: &str, command: RoleCommand) -> anyhow::Result<String> {
	let client = connect(url).await?;
	match command {
		RoleCommand::Assign { role, account, signing } => {
			let who = parse_account(&account)?;
			let role: Role = role.into();
			let payload = runtime::transactions()
				.compliance()
				.assign_role(role.clone(), to_subxt_account(who));
			let call = RuntimeCall::Compliance(ComplianceCall::assign_role {
				role,
				who: to_subxt_account(who),
			});
			submit_governance(&client, &payload, call, &signing).await?;
			Ok(format!("{who} now holds the role"))
		},
		RoleCommand::Remove { role, account, signing } => {
			let who = parse_account(&account)?;
			let role: Role = role.into();
			let payload = runtime::transactions()
				.compliance()
				.remove_role(role.clone(), to_subxt_account(who));
			let call = RuntimeCall::Compliance(ComplianceCall::remove_role {
				role,
				who: to_subxt_account(who),
			});
			submit_governance(&client, &payload, call, &signing).await?;
			Ok(format!("{who} no longer holds the role"))
		},
		RoleCommand::Show { account } => {
			let who = parse_account(&account)?;
			let held = client.roles_of(who).await?;
			Ok(format!(
				"{who}: {}",
				if held.is_empty() { "no roles".to_string() } else { held.join(", ") }
			))
		},
	}
}

pub async fn run_kyc(url: &str, command: KycCommand) -> anyhow::Result<String> {
	let client = connect(url).await?;
	match command {
		KycCommand::Set { account, level, days, attestation, signing } => {
			let who = parse_account(&account)?;
			let level = kyc_level(&level)?;
			// From the later of the finalized block's time and this machine's clock: on a
			// fresh chain the finalized block is genesis (time 0), and an expiry counted from it
			// would already be past when the transaction lands.
			let expires_at = client
				.chain_time()
				.await?
				.max(super::wall_clock_ms()?)
				.saturating_add(days.saturating_mul(crate::coupons::DAY_MS));
			let payload = runtime::transactions().compliance().set_kyc(
				to_subxt_account(who),
				level.clone(),
				expires_at,
				attestation,
			);
			submit(&client, &payload, &signing).await?;
			Ok(format!("{who} is KYC {level:?} for {days} days"))
		},
		KycCommand::Show { account } => {
			let who = parse_account(&account)?;
			Ok(format!("{who}: KYC {}", client.kyc_level(who).await?))
		},
	}
}

pub async fn run_sanctions(url: &str, command: SanctionsCommand) -> anyhow::Result<String> {
	let client = connect(url).await?;
	match command {
		SanctionsCommand::Load { file, source, signing } => {
			let bytes =
				std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
			let addresses = read_address_list(&String::from_utf8_lossy(&bytes))?;
			if addresses.is_empty() {
				bail!("{} lists no address", file.display());
			}
			let list_hash = H256(sp_crypto_hashing::blake2_256(&bytes));
			let batch = client.max_sanctions_batch().await? as usize;
			let parts = addresses.len().div_ceil(batch);
			let mut added = 0;
			for (part, chunk) in addresses.chunks(batch).enumerate() {
				let payload = runtime::transactions().compliance().update_sanctions(
					list_hash,
					BoundedVec(source.as_bytes().to_vec()),
					part as u16,
					parts as u16,
					BoundedVec(chunk.iter().map(|a| to_subxt_account(*a)).collect()),
					BoundedVec(Vec::new()),
				);
				let (receipt, _) = submit(&client, &payload, &signing).await?;
				added += receipt
					.find_first::<runtime::compliance::events::SanctionsUpdated>()
					.map(|event| event.added)
					.unwrap_or(0);
			}
			Ok(format!(
				"list {list_hash:?}: {} addresses in {parts} part(s), {added} newly sanctioned",
				addresses.len()
			))
		},
		SanctionsCommand::Check { account } => {
			let who = parse_account(&account)?;
			Ok(match client.sanction_of(who).await? {
				None => format!("{who}: not sanctioned"),
				Some(entry) => format!(
					"{who}: SANCTIONED since {} by {} (list {:?})",
					format_time(entry.since),
					match (entry.by_feed, entry.by_hand) {
						(true, true) => "the sanctions feed and by hand",
						(true, false) => "the sanctions feed",
						_ => "hand (a compliance officer or the oracle)",
					},
					entry.list_hash
				),
			})
		},
		SanctionsCommand::Status => Ok(describe_status(&client.sanctions_status().await?)),
		SanctionsCommand::Sources(SourcesCommand::Set {
			primary,
			backup,
			format,
			backup_format,
			interval,
			max_age,
			max_shrink,
			signing,
		}) => {
			let source = |url: String, format: FormatArg| ListSource {
				url: BoundedVec(url.into_bytes()),
				format: format.into(),
			};
			let feed = SanctionsFeed {
				primary: source(primary, format),
				backup: backup.map(|url| source(url, backup_format.unwrap_or(format))),
				interval,
				max_age,
				max_shrink: Permill(max_shrink),
			};
			let text = describe_feed(&feed).join("\n");
			let payload =
				runtime::transactions().compliance().set_sanctions_feed(Some(feed.clone()));
			let call =
				RuntimeCall::Compliance(ComplianceCall::set_sanctions_feed { feed: Some(feed) });
			submit_governance(&client, &payload, call, &signing).await?;
			Ok(text)
		},
		SanctionsCommand::Sources(SourcesCommand::Clear { signing }) => {
			let payload = runtime::transactions().compliance().set_sanctions_feed(None);
			let call = RuntimeCall::Compliance(ComplianceCall::set_sanctions_feed { feed: None });
			submit_governance(&client, &payload, call, &signing).await?;
			Ok("sanctions feed cleared: no more syncs".to_string())
		},
	}
}

pub async fn run_freeze(url: &str, command: FreezeCommand) -> anyhow::Result<String> {
	let client = connect(url).await?;
	match command {
		FreezeCommand::Apply { kind, value, reason, incident, signing } => {
			let target = target(kind, &value)?;
			let reason = match reason {
				ReasonArg::Fraud => FreezeReason::Fraud,
				ReasonArg::SecurityIncident => FreezeReason::SecurityIncident,
				ReasonArg::RegulatoryOrder => FreezeReason::RegulatoryOrder,
				ReasonArg::IssuerDefault => FreezeReason::IssuerDefault,
				ReasonArg::SuspiciousActivity => FreezeReason::SuspiciousActivity,
				ReasonArg::Other => FreezeReason::Other,
			};
			let text = describe_target(&target);
			let payload = runtime::transactions().freeze().freeze(
				target,
				reason,
				BoundedVec(incident.into_bytes()),
			);
			submit(&client, &payload, &signing).await?;
			Ok(format!("froze {text}"))
		},
		FreezeCommand::ApproveUnfreeze { kind, value, signing } => {
			let target = target(kind, &value)?;
			let text = describe_target(&target);
			let payload = runtime::transactions().freeze().approve_unfreeze(target);
			let (receipt, _) = submit(&client, &payload, &signing).await?;
			Ok(if receipt.find_first::<runtime::freeze::events::Unfrozen>().is_some() {
				format!("approved; {text} is unfrozen")
			} else {
				format!("approved; {text} stays frozen until another guardian approves")
			})
		},
		FreezeCommand::Lift { kind, value, signing } => {
			let target = target(kind, &value)?;
			let text = describe_target(&target);
			let payload = runtime::transactions().freeze().force_unfreeze(target.clone());
			let call = RuntimeCall::Freeze(FreezeCall::force_unfreeze { target });
			submit_governance(&client, &payload, call, &signing).await?;
			Ok(format!("lifted the freeze of {text}"))
		},
		FreezeCommand::List => {
			let freezes = client.freezes().await?;
			Ok(freezes
				.iter()
				.map(|(target, record)| {
					format!(
						"{} {:?} {}",
						describe_target(target),
						record.reason,
						String::from_utf8_lossy(&record.incident.0)
					)
				})
				.collect::<Vec<_>>()
				.join("\n"))
		},
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn durations_percentages_and_times_read_and_print_exactly() {
		assert_eq!(parse_duration_ms("6h"), Ok(21_600_000));
		assert_eq!(parse_duration_ms("30s"), Ok(30_000));
		assert_eq!(parse_duration_ms("1m"), Ok(60_000));
		assert_eq!(parse_duration_ms("250ms"), Ok(250));
		assert!(parse_duration_ms("6").unwrap_err().contains("unit"));
		assert!(parse_duration_ms("h").unwrap_err().contains("number"));
		assert_eq!(parse_percent("10"), Ok(100_000));
		assert_eq!(parse_percent("2.5%"), Ok(25_000));
		assert!(parse_percent("101").is_err());
		assert_eq!(format_time(1_714_694_400_000 + 3_723_000), "2024-05-03 01:02:03 UTC");
		assert_eq!(format_duration(21_600_000), "6h");
		assert_eq!(format_duration(90_000), "90s");
		assert_eq!(describe_failure(&FeedFailure::HttpStatus(503)), "HTTP 503");
	}

	#[test]
	fn address_lists_read_as_text_or_json() {
		let text = "# OFAC\n0x01e2919679362dFBC9ee1644Ba9C6da6D6245BB1\n\n0x03893a7c7463AE47D46bc7f091665f1893656003 # note\n";
		let json = r#"["0x01e2919679362dFBC9ee1644Ba9C6da6D6245BB1","0x03893a7c7463AE47D46bc7f091665f1893656003"]"#;
		assert_eq!(read_address_list(text).unwrap(), read_address_list(json).unwrap());
		assert_eq!(read_address_list(text).unwrap().len(), 2);
		let bad = "0x01e2919679362dFBC9ee1644Ba9C6da6D6245BB2";
		assert!(read_address_list(bad).unwrap_err().to_string().contains("checksum"));
	}
}
