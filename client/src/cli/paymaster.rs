//! `genex paymaster …`: an account's sponsorship, and the policy, categories and funds of the
//! paymaster that pays users' fees.

use super::{compliance::kyc_level, connect, parse_account, submit, submit_governance};
use super::{GovernanceSigning, Signing};
use crate::{
	amount::{format_amount, parse_amount, Asset},
	paymaster::{category_name, CATEGORIES},
	runtime::{
		self,
		runtime_types::{
			genex_runtime::RuntimeCall,
			pallet_paymaster::{
				pallet::Call as PaymasterCall,
				types::{Category, Eligibility, Policy},
			},
		},
	},
	to_subxt_account,
};
use anyhow::bail;
use clap::{Args, Subcommand};

/// Seconds per block (Aura slot), to say when a window resets.
const BLOCK_SECONDS: u64 = 2;
/// `ref_time` per millisecond of reference compute.
const REF_TIME_PER_MS: u64 = 1_000_000_000;

/// `genex paymaster …`
#[derive(Debug, Subcommand)]
pub enum PaymasterCommand {
	/// Whether an account's fees are paid by the paymaster (or why not), what is left of its
	/// quota and when its window resets.
	Status {
		/// The account: an EIP-55 `0x…` address or a dev account name.
		account: String,
	},
	/// Show the policy; with any option, change it (governance: the council, or `--sudo`).
	Policy(PolicyArgs),
	/// Show the sponsored categories; with `--on`/`--off`, switch them (governance).
	Categories(CategoriesArgs),
	/// Send GNX to the paymaster's account (anyone may).
	Fund {
		/// The amount in whole GNX, e.g. `5000`.
		amount: String,
		#[command(flatten)]
		signing: Signing,
	},
}

/// Options of `genex paymaster policy`; unset ones keep their value.
#[derive(Debug, Args)]
pub struct PolicyArgs {
	/// Switch sponsorship on.
	#[arg(long, conflicts_with = "disable")]
	pub enable: bool,
	/// Switch sponsorship off: everyone pays their own fees.
	#[arg(long)]
	pub disable: bool,
	/// The least KYC level sponsored: L0, L1, L2 or L3.
	#[arg(long)]
	pub min_kyc: Option<String>,
	/// The quota window, in blocks (2 s each; a day is 43200).
	#[arg(long)]
	pub window_blocks: Option<u32>,
	/// Sponsored transactions per account and window.
	#[arg(long)]
	pub max_transactions: Option<u32>,
	/// Sponsored fees per account and window, in GNX.
	#[arg(long)]
	pub max_fees: Option<String>,
	/// The most paid for one transaction, in GNX.
	#[arg(long)]
	pub max_fee_per_transaction: Option<String>,
	/// Sponsored weight per block, in milliseconds of reference compute (a block holds 2000).
	#[arg(long)]
	pub block_budget_ms: Option<u64>,
	/// The balance below which the paymaster reports itself low, in GNX.
	#[arg(long)]
	pub low_balance: Option<String>,
	/// The governance key, needed only to change the policy.
	#[arg(long, env = "GENEX_SIGNER")]
	pub signer: Option<String>,
	/// Dispatch the change through `sudo` (dev and local chains).
	#[arg(long)]
	pub sudo: bool,
}

impl PolicyArgs {
	fn changes(&self) -> bool {
		self.enable
			|| self.disable
			|| self.min_kyc.is_some()
			|| self.window_blocks.is_some()
			|| self.max_transactions.is_some()
			|| self.max_fees.is_some()
			|| self.max_fee_per_transaction.is_some()
			|| self.block_budget_ms.is_some()
			|| self.low_balance.is_some()
	}

	/// `policy` with these options applied.
	fn apply(&self, mut policy: Policy<u128, u32>) -> anyhow::Result<Policy<u128, u32>> {
		let gnx = |text: &str, field: &str| {
			parse_amount(text, Asset::Gnx.decimals())
				.map_err(|error| anyhow::anyhow!("--{field}: {error}"))
		};
		if self.enable {
			policy.enabled = true;
		}
		if self.disable {
			policy.enabled = false;
		}
		if let Some(level) = &self.min_kyc {
			policy.min_kyc =
				kyc_level(level).map_err(|error| anyhow::anyhow!("--min-kyc: {error}"))?;
		}
		if let Some(window) = self.window_blocks {
			if window == 0 {
				bail!("--window-blocks: a window is at least one block");
			}
			policy.window = window;
		}
		if let Some(max) = self.max_transactions {
			policy.max_transactions = max;
		}
		if let Some(text) = &self.max_fees {
			policy.max_fees = gnx(text, "max-fees")?;
		}
		if let Some(text) = &self.max_fee_per_transaction {
			policy.max_fee_per_transaction = gnx(text, "max-fee-per-transaction")?;
		}
		if let Some(ms) = self.block_budget_ms {
			policy.block_weight_budget = ms
				.checked_mul(REF_TIME_PER_MS)
				.ok_or_else(|| anyhow::anyhow!("--block-budget-ms: too large"))?;
		}
		if let Some(text) = &self.low_balance {
			policy.low_balance = gnx(text, "low-balance")?;
		}
		if policy.enabled && policy.max_fee_per_transaction > policy.max_fees {
			bail!("--max-fee-per-transaction: above the fee quota per window (--max-fees)");
		}
		Ok(policy)
	}
}

/// Options of `genex paymaster categories`.
#[derive(Debug, Args)]
pub struct CategoriesArgs {
	/// Sponsor this category (repeatable): coupon-trading, p2p-transfers, redemption,
	/// stablecoin-transfers, bridge-withdrawals, refunds.
	#[arg(long, value_parser = parse_category)]
	pub on: Vec<Category>,
	/// Stop sponsoring this category (repeatable).
	#[arg(long, value_parser = parse_category)]
	pub off: Vec<Category>,
	/// The governance key, needed only to switch categories.
	#[arg(long, env = "GENEX_SIGNER")]
	pub signer: Option<String>,
	/// Dispatch the change through `sudo` (dev and local chains).
	#[arg(long)]
	pub sudo: bool,
}

fn parse_category(text: &str) -> Result<Category, String> {
	CATEGORIES
		.iter()
		.find(|(_, name)| *name == text)
		.map(|(category, _)| category.clone())
		.ok_or_else(|| {
			let names: Vec<&str> = CATEGORIES.iter().map(|(_, name)| *name).collect();
			format!("unknown category '{text}': one of {}", names.join(", "))
		})
}

fn governance(
	signer: &Option<String>,
	sudo: bool,
	option: &str,
) -> anyhow::Result<GovernanceSigning> {
	match signer {
		Some(signer) => Ok(GovernanceSigning { signer: signer.clone(), sudo }),
		None => bail!("--signer: {option} is a governance call and needs the governance key"),
	}
}

fn gnx(units: u128) -> String {
	format!("{} GNX", format_amount(units, Asset::Gnx.decimals()))
}

fn describe_policy(policy: &Policy<u128, u32>) -> Vec<String> {
	vec![
		format!("  sponsorship {}", if policy.enabled { "on" } else { "off" }),
		format!("  min KYC {:?}", policy.min_kyc),
		format!(
			"  window {} blocks (~{} min)",
			policy.window,
			u64::from(policy.window) * BLOCK_SECONDS / 60
		),
		format!("  max transactions {} per window", policy.max_transactions),
		format!("  max fees {} per window", gnx(policy.max_fees)),
		format!("  max fee per transaction {}", gnx(policy.max_fee_per_transaction)),
		format!(
			"  block budget {} ms of reference compute",
			policy.block_weight_budget / REF_TIME_PER_MS
		),
		format!("  low balance below {}", gnx(policy.low_balance)),
	]
}

/// Runs `genex paymaster …`.
pub async fn run_paymaster(url: &str, command: PaymasterCommand) -> anyhow::Result<String> {
	let client = connect(url).await?;
	match command {
		PaymasterCommand::Status { account } => {
			let who = parse_account(&account)?;
			let (block, status) = client.paymaster_status(who).await?;
			let eligibility = match &status.eligibility {
				Eligibility::Eligible => {
					"eligible: its sponsored calls are paid by the paymaster".to_string()
				},
				Eligibility::Disabled => "not sponsored: sponsorship is off".to_string(),
				Eligibility::KycTooLow { required, actual } => format!(
					"not sponsored: KYC {actual:?} is below the {required:?} the policy needs"
				),
				Eligibility::Blocked => "not sponsored: sanctioned or frozen".to_string(),
			};
			let window = match status.window_resets_at {
				Some(at) => format!(
					"window resets at block {at} (in ~{} min)",
					u64::from(at).saturating_sub(block) * BLOCK_SECONDS / 60
				),
				None => "no window open: the next sponsored transaction starts one".to_string(),
			};
			Ok([
				format!("{who}"),
				format!("  {eligibility}"),
				format!(
					"  transactions {} used, {} left",
					status.transactions_used, status.transactions_left
				),
				format!("  fees {} used, {} left", gnx(status.fees_used), gnx(status.fees_left)),
				format!("  {window}"),
				format!("  paymaster balance {}", gnx(status.paymaster_balance)),
			]
			.join("\n"))
		},
		PaymasterCommand::Policy(args) => {
			let current = client.paymaster_policy().await?;
			if !args.changes() {
				let mut lines = vec![format!("paymaster {}", client.paymaster_account().await?)];
				lines.extend(describe_policy(&current));
				return Ok(lines.join("\n"));
			}
			let policy = args.apply(current)?;
			let signing = governance(&args.signer, args.sudo, "changing the policy")?;
			let payload = runtime::transactions().paymaster().set_policy(policy.clone());
			let call = RuntimeCall::Paymaster(PaymasterCall::set_policy { policy: policy.clone() });
			submit_governance(&client, &payload, call, &signing).await?;
			let mut lines = vec!["policy set:".to_string()];
			lines.extend(describe_policy(&policy));
			Ok(lines.join("\n"))
		},
		PaymasterCommand::Categories(args) => {
			if args.on.is_empty() && args.off.is_empty() {
				let on = client.paymaster_categories().await?;
				let lines: Vec<String> = CATEGORIES
					.iter()
					.map(|(category, name)| {
						format!(
							"{name:<22} {}",
							if on.contains(category) { "sponsored" } else { "off" }
						)
					})
					.collect();
				return Ok(lines.join("\n"));
			}
			let signing = governance(&args.signer, args.sudo, "switching categories")?;
			let mut lines = Vec::new();
			for (category, sponsored) in args
				.on
				.iter()
				.map(|category| (category, true))
				.chain(args.off.iter().map(|category| (category, false)))
			{
				let payload =
					runtime::transactions().paymaster().set_category(category.clone(), sponsored);
				let call = RuntimeCall::Paymaster(PaymasterCall::set_category {
					category: category.clone(),
					sponsored,
				});
				submit_governance(&client, &payload, call, &signing).await?;
				lines.push(format!(
					"{} {}",
					category_name(category),
					if sponsored { "sponsored" } else { "off" }
				));
			}
			Ok(lines.join("\n"))
		},
		PaymasterCommand::Fund { amount, signing } => {
			let units = parse_amount(&amount, Asset::Gnx.decimals())
				.map_err(|error| anyhow::anyhow!("amount: {error}"))?;
			let paymaster = client.paymaster_account().await?;
			let payload = runtime::transactions()
				.balances()
				.transfer_keep_alive(to_subxt_account(paymaster), units);
			let (receipt, _) = submit(&client, &payload, &signing).await?;
			let balance = client.paymaster_status(paymaster).await?.1.paymaster_balance;
			Ok(format!(
				"sent {} to the paymaster {paymaster}; it can spend {}\n  {}",
				gnx(units),
				gnx(balance),
				receipt.fee_line()
			))
		},
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::runtime::runtime_types::pallet_compliance::traits::KycLevel;

	fn policy() -> Policy<u128, u32> {
		Policy {
			enabled: true,
			min_kyc: KycLevel::L1,
			window: 43_200,
			max_transactions: 200,
			max_fees: 5 * genex_primitives::GNX,
			max_fee_per_transaction: genex_primitives::GNX / 2,
			block_weight_budget: 1_000 * REF_TIME_PER_MS,
			low_balance: 10_000 * genex_primitives::GNX,
		}
	}

	fn args(extra: &[&str]) -> Result<PolicyArgs, clap::Error> {
		#[derive(clap::Parser, Debug)]
		struct Wrapper {
			#[command(flatten)]
			args: PolicyArgs,
		}
		let all: Vec<&str> = ["policy"].iter().chain(extra).copied().collect();
		<Wrapper as clap::Parser>::try_parse_from(all).map(|wrapper| wrapper.args)
	}

	#[test]
	fn policy_options_change_only_what_they_name() {
		let unchanged = args(&[]).unwrap();
		assert!(!unchanged.changes());
		let changed =
			args(&["--max-transactions", "2", "--max-fees", "1.5", "--min-kyc", "l2"]).unwrap();
		assert!(changed.changes());
		let policy = changed.apply(policy()).unwrap();
		assert_eq!(policy.max_transactions, 2);
		assert_eq!(policy.max_fees, 3 * genex_primitives::GNX / 2);
		assert_eq!(policy.min_kyc, KycLevel::L2);
		assert_eq!(policy.window, 43_200);
		let budget =
			args(&["--block-budget-ms", "500", "--disable"]).unwrap().apply(policy).unwrap();
		assert_eq!(budget.block_weight_budget, 500 * REF_TIME_PER_MS);
		assert!(!budget.enabled);
	}

	#[test]
	fn bad_policy_options_name_the_field() {
		let error = args(&["--max-fees", "1.2.3"]).unwrap().apply(policy()).unwrap_err();
		assert!(error.to_string().starts_with("--max-fees"), "{error}");
		let error = args(&["--window-blocks", "0"]).unwrap().apply(policy()).unwrap_err();
		assert!(error.to_string().starts_with("--window-blocks"), "{error}");
		let error = args(&["--min-kyc", "L9"]).unwrap().apply(policy()).unwrap_err();
		assert!(error.to_string().starts_with("--min-kyc"), "{error}");
		let error = args(&["--max-fee-per-transaction", "6"]).unwrap().apply(policy()).unwrap_err();
		assert!(error.to_string().starts_with("--max-fee-per-transaction"), "{error}");
		assert!(args(&["--enable", "--disable"]).is_err());
		assert_eq!(parse_category("refunds"), Ok(Category::Refunds));
		assert!(parse_category("gas").unwrap_err().contains("coupon-trading"));
	}
}
