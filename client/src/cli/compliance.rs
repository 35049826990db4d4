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
			},
			pallet_freeze::{
				pallet::Call as FreezeCall,
				types::{FreezeReason, FreezeTarget},
			},
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
	/// Sanctions oracle (the screening worker's key).
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
	/// Whether an address is on the sanctions set.
	Check {
		/// The address or dev name.
		account: String,
	},
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

fn kyc_level(text: &str) -> anyhow::Result<KycLevel> {
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
			let expires_at = client.chain_time().await? + days * crate::coupons::DAY_MS;
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
			Ok(format!(
				"{who}: {}",
				if client.is_sanctioned(who).await? { "SANCTIONED" } else { "not sanctioned" }
			))
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
	fn address_lists_read_as_text_or_json() {
		let text = "# OFAC\n0x01e2919679362dFBC9ee1644Ba9C6da6D6245BB1\n\n0x03893a7c7463AE47D46bc7f091665f1893656003 # note\n";
		let json = r#"["0x01e2919679362dFBC9ee1644Ba9C6da6D6245BB1","0x03893a7c7463AE47D46bc7f091665f1893656003"]"#;
		assert_eq!(read_address_list(text).unwrap(), read_address_list(json).unwrap());
		assert_eq!(read_address_list(text).unwrap().len(), 2);
		let bad = "0x01e2919679362dFBC9ee1644Ba9C6da6D6245BB2";
		assert!(read_address_list(bad).unwrap_err().to_string().contains("checksum"));
	}
}
