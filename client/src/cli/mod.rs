//! The `genex` command line: balances, transfers, issuers, coupon classes and coupons, signed
//! with Ethereum keys.

mod aml;
mod anchor;
mod bridge;
mod compliance;
mod coupons;
mod market_makers;
mod paymaster;
mod redemption;
mod trading;

pub use aml::AmlCommand;
pub use anchor::AnchorCommand;
pub use bridge::{BridgeCommand, Stablecoin};
pub use compliance::{FreezeCommand, KycCommand, RoleCommand, SanctionsCommand, SourcesCommand};
pub use coupons::{ClassCommand, CouponsCommand, IssuerCommand};
pub use market_makers::MmCommand;
pub use paymaster::PaymasterCommand;
pub use redemption::{StoreCommand, VoucherCommand};
pub use trading::{DisputeCommand, OrderCommand};

use crate::{
	amount::{format_amount, parse_amount, Asset},
	client::TxReceipt,
	runtime::{
		self,
		runtime_types::{genex_runtime::RuntimeCall, pallet_settlement::types::TravelRuleData},
	},
	signer::{address_of, parse_signer},
	AccountId20, GenexClient,
};
use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use subxt::utils::H256;
use subxt_signer::eth::Keypair;

/// `genex`: talk to a Genex Chain node.
#[derive(Debug, Parser)]
#[command(name = "genex", version, about)]
pub struct Cli {
	/// The node's JSON-RPC endpoint.
	#[arg(long, global = true, env = "GENEX_URL", default_value = "ws://127.0.0.1:9944")]
	pub url: String,

	/// What to do.
	#[command(subcommand)]
	pub command: Command,
}

/// The signing key.
#[derive(Debug, Args)]
pub struct Signing {
	/// The sender's key: a dev account name, a 0x private key or a BIP-39 phrase.
	#[arg(long, env = "GENEX_SIGNER")]
	pub signer: String,
}

/// The signing key of a governance call, and how it is dispatched.
#[derive(Debug, Args)]
pub struct GovernanceSigning {
	/// The sender's key: a dev account name, a 0x private key or a BIP-39 phrase.
	#[arg(long, env = "GENEX_SIGNER")]
	pub signer: String,
	/// Dispatch the call through `sudo` (dev and local chains; the signer must be the sudo key).
	#[arg(long)]
	pub sudo: bool,
}

/// The Travel Rule's identity hashes, which P2P transfers of $3,000 or more must carry.
#[derive(Debug, Args)]
pub struct TravelRuleArgs {
	/// Travel Rule: hash of the originator's identity record (transfers of $3,000 or more).
	#[arg(long, value_parser = parse_h256, requires = "beneficiary_hash")]
	pub originator_hash: Option<H256>,
	/// Travel Rule: hash of the beneficiary's identity record.
	#[arg(long, value_parser = parse_h256, requires = "originator_hash")]
	pub beneficiary_hash: Option<H256>,
	/// Travel Rule: the beneficiary is on another platform.
	#[arg(long, requires = "originator_hash")]
	pub external: bool,
}

impl TravelRuleArgs {
	/// The hashes as the settlement pallet takes them, when given.
	pub fn data(&self) -> Option<TravelRuleData> {
		Some(TravelRuleData {
			originator: self.originator_hash?,
			beneficiary: self.beneficiary_hash?,
			beneficiary_external: self.external,
		})
	}
}

/// The subcommands of `genex`.
#[derive(Debug, Subcommand)]
pub enum Command {
	/// Show an account's balances (GNX, USDC, USDT, with what open bids hold of each), or one
	/// asset's with --asset.
	Balance {
		/// The account, as an EIP-55 `0x…` address or a dev account name (alith, …).
		account: String,
		/// Only this asset, printed as a bare number in base units (for scripts).
		#[arg(long, value_enum)]
		asset: Option<Asset>,
	},
	/// Send GNX, or a stablecoin with --asset, and wait until the transfer is finalized.
	Transfer {
		/// The receiver: an EIP-55 `0x…` address or a dev account name.
		to: String,
		/// The amount in whole units, e.g. `12.5` (exact decimals, no rounding).
		amount: String,
		/// The asset to send.
		#[arg(long, value_enum, default_value = "gnx")]
		asset: Asset,
		/// The sender's key: a dev account name, a 0x private key or a BIP-39 phrase.
		#[arg(long, env = "GENEX_SIGNER")]
		signer: String,
		#[command(flatten)]
		travel_rule: TravelRuleArgs,
	},
	/// The address of a key: a dev account name, a 0x private key or a BIP-39 phrase (e.g. an
	/// oracle key an operator inserts with `genex-node key insert --key-type gxor`).
	Address {
		/// The key.
		key: String,
	},
	/// Watch the chain for a while and report block time and finality lag.
	Watch {
		/// How long to watch, in seconds.
		#[arg(long, default_value_t = 60)]
		seconds: u64,
	},
	/// Issuers: apply, review, inspect.
	#[command(subcommand)]
	Issuer(IssuerCommand),
	/// Coupon classes: create, review, inspect.
	#[command(subcommand)]
	Class(ClassCommand),
	/// Coupons: mint and list.
	#[command(subcommand)]
	Coupons(CouponsCommand),
	/// Roles (governance): compliance officers, KYC providers, guardians, …
	#[command(subcommand)]
	Role(RoleCommand),
	/// KYC levels (KYC providers).
	#[command(subcommand)]
	Kyc(KycCommand),
	/// The sanctions set (sanctions oracle, compliance officers).
	#[command(subcommand)]
	Sanctions(SanctionsCommand),
	/// Emergency freezes (guardians; lifting by two guardians or governance).
	#[command(subcommand)]
	Freeze(FreezeCommand),
	/// AML screening: alerts and their evidence, the rules in force, cases, SAR drafts.
	#[command(subcommand)]
	Aml(AmlCommand),
	/// Mapping-table anchors: compute a root and proofs, submit, verify on chain.
	#[command(subcommand)]
	Anchor(AnchorCommand),
	/// Place, cancel and list orders.
	#[command(subcommand)]
	Order(OrderCommand),
	/// A class's order book (best 10 prices a side) and latest trades.
	Book {
		/// The class id.
		class: u32,
	},
	/// Give coupons of a transferable class to someone.
	Give {
		/// The receiver.
		to: String,
		/// The class id.
		class: u32,
		/// Serials, e.g. `3 4` or `0..10`.
		#[arg(required = true)]
		serials: Vec<String>,
		#[command(flatten)]
		travel_rule: TravelRuleArgs,
		#[command(flatten)]
		signing: Signing,
	},
	/// Refund a primary purchase within the class's refund window.
	Refund {
		/// The trade id.
		trade: u64,
		#[command(flatten)]
		signing: Signing,
	},
	/// Disputes of secondary trades.
	#[command(subcommand)]
	Dispute(DisputeCommand),
	/// Market makers: register, commit to classes, status and uptime, how they are watched.
	#[command(subcommand)]
	Mm(MmCommand),
	/// Stores that redeem an issuer's coupons: authorise, revoke, list, statistics.
	#[command(subcommand)]
	Store(StoreCommand),
	/// Redeem your coupon at a store's counter (the holder).
	Redeem {
		/// The coupon, `class:serial`.
		coupon: String,
		/// The store.
		#[arg(long)]
		store: String,
		#[command(flatten)]
		signing: Signing,
	},
	/// Vouchers: a holder signs one (the QR code), the store redeems it.
	#[command(subcommand)]
	Voucher(VoucherCommand),
	/// The fiat bridge: providers, deposits, withdrawals, reserves, rate quotes, and
	/// reconciliation of the banks' statements with the chain.
	#[command(subcommand)]
	Bridge(BridgeCommand),
	/// The paymaster, which pays users' fees: an account's sponsorship, the policy, the
	/// sponsored categories, funding.
	#[command(subcommand)]
	Paymaster(PaymasterCommand),
}

/// A command's output that reports a problem it found (e.g. `bridge reconcile`'s
/// discrepancies): printed like any output, but the command exits with status 3
/// (errors exit with 1, usage errors with 2).
#[derive(Debug, thiserror::Error)]
#[error("{output}")]
pub struct Flagged {
	/// What the command prints.
	pub output: String,
}

pub(crate) fn parse_h256(text: &str) -> Result<H256, String> {
	let bytes = hex::decode(text.trim_start_matches("0x")).map_err(|e| e.to_string())?;
	let bytes: [u8; 32] = bytes.try_into().map_err(|_| "a hash is 32 bytes".to_string())?;
	Ok(H256(bytes))
}

/// Reads an account given as an address or a dev account name.
pub fn parse_account(text: &str) -> anyhow::Result<AccountId20> {
	if let Some(dev) = genex_primitives::dev::by_name(text) {
		return Ok(dev.address);
	}
	text.parse::<AccountId20>()
		.map_err(|error| anyhow::anyhow!("invalid address '{text}': {error}"))
}

/// This machine's clock in milliseconds since the epoch.
pub(crate) fn wall_clock_ms() -> anyhow::Result<u64> {
	Ok(std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.map_err(|_| anyhow::anyhow!("the clock is before 1970"))?
		.as_millis() as u64)
}

pub(crate) fn blake2(text: &str) -> H256 {
	H256(sp_crypto_hashing::blake2_256(text.as_bytes()))
}

/// Signs and submits `payload`; fails with the runtime's error.
pub(crate) async fn submit<P: subxt::transactions::Payload>(
	client: &GenexClient,
	payload: &P,
	signing: &Signing,
) -> anyhow::Result<(TxReceipt, Keypair)> {
	let signer = parse_signer(&signing.signer)?;
	let receipt = client.submit(payload, &signer).await?.ensure_success()?;
	Ok((receipt, signer))
}

/// Submits a governance call: `payload` as it is, or `call` wrapped in `sudo` when asked.
pub(crate) async fn submit_governance<P: subxt::transactions::Payload>(
	client: &GenexClient,
	payload: &P,
	call: RuntimeCall,
	signing: &GovernanceSigning,
) -> anyhow::Result<TxReceipt> {
	let signer = parse_signer(&signing.signer)?;
	let receipt = if signing.sudo {
		client.submit(&runtime::transactions().sudo().sudo(call), &signer).await?
	} else {
		client.submit(payload, &signer).await?
	};
	Ok(receipt.ensure_success()?)
}

/// Runs one command and returns what it prints.
pub async fn run(cli: Cli) -> anyhow::Result<String> {
	match cli.command {
		Command::Balance { account, asset } => {
			let account = parse_account(&account)?;
			let client = connect(&cli.url).await?;
			match asset {
				Some(asset) => Ok(client.balance(asset, account).await?.to_string()),
				None => {
					let mut lines = vec![format!("{account}")];
					for asset in Asset::ALL {
						let units = client.balance(asset, account).await?;
						let held = client.bid_holds(asset, account).await?;
						let held = if held == 0 {
							String::new()
						} else {
							format!(
								" ({} held by open bids)",
								format_amount(held, asset.decimals())
							)
						};
						lines.push(format!(
							"  {:<5} {}{held}",
							asset.symbol(),
							format_amount(units, asset.decimals())
						));
					}
					Ok(lines.join("\n"))
				},
			}
		},
		Command::Transfer { to, amount, asset, signer, travel_rule } => {
			let to = parse_account(&to)?;
			let units = parse_amount(&amount, asset.decimals())?;
			let signer = parse_signer(&signer)?;
			let data = travel_rule.data();
			if data.is_some() && asset == Asset::Gnx {
				anyhow::bail!("--originator-hash: the Travel Rule applies to stablecoin transfers");
			}
			let client = connect(&cli.url).await?;
			let receipt = client
				.transfer_with_travel_rule(&signer, asset, to, units, data)
				.await?
				.ensure_success()?;
			Ok(format!(
				"sent {} {} from {} to {to}\n  extrinsic {:?}\n  finalized in block {:?}\n  {}",
				format_amount(units, asset.decimals()),
				asset.symbol(),
				address_of(&signer),
				receipt.extrinsic_hash,
				receipt.block_hash,
				receipt.fee_line(),
			))
		},
		Command::Address { key } => Ok(address_of(&parse_signer(&key)?).to_string()),
		Command::Watch { seconds } => {
			let stats =
				crate::watch::watch(&cli.url, std::time::Duration::from_secs(seconds)).await?;
			Ok(format!(
				"watched {seconds} s: {} blocks, mean block time {} ms; {} finalized, finality lag \
				 mean {} ms, max {} ms, mean {:.1} blocks behind best",
				stats.blocks,
				stats.mean_block_time.as_millis(),
				stats.finalized,
				stats.mean_finality_lag.as_millis(),
				stats.max_finality_lag.as_millis(),
				stats.mean_lag_blocks,
			))
		},
		Command::Issuer(command) => coupons::run_issuer(&cli.url, command).await,
		Command::Class(command) => coupons::run_class(&cli.url, command).await,
		Command::Coupons(command) => coupons::run_coupons(&cli.url, command).await,
		Command::Role(command) => compliance::run_role(&cli.url, command).await,
		Command::Kyc(command) => compliance::run_kyc(&cli.url, command).await,
		Command::Sanctions(command) => compliance::run_sanctions(&cli.url, command).await,
		Command::Freeze(command) => compliance::run_freeze(&cli.url, command).await,
		Command::Aml(command) => aml::run_aml(&cli.url, command).await,
		Command::Anchor(command) => anchor::run_anchor(&cli.url, command).await,
		Command::Order(command) => trading::run_order(&cli.url, command).await,
		Command::Book { class } => trading::run_book(&cli.url, class).await,
		Command::Give { to, class, serials, travel_rule, signing } => {
			trading::run_give(&cli.url, to, class, serials, travel_rule.data(), signing).await
		},
		Command::Refund { trade, signing } => trading::run_refund(&cli.url, trade, signing).await,
		Command::Dispute(command) => trading::run_dispute(&cli.url, command).await,
		Command::Mm(command) => market_makers::run_mm(&cli.url, command).await,
		Command::Store(command) => redemption::run_store(&cli.url, command).await,
		Command::Redeem { coupon, store, signing } => {
			redemption::run_redeem(&cli.url, coupon, store, signing).await
		},
		Command::Voucher(command) => redemption::run_voucher(&cli.url, command).await,
		Command::Bridge(command) => bridge::run_bridge(&cli.url, command).await,
		Command::Paymaster(command) => paymaster::run_paymaster(&cli.url, command).await,
	}
}

pub(crate) async fn connect(url: &str) -> anyhow::Result<GenexClient> {
	GenexClient::connect(url)
		.await
		.with_context(|| format!("cannot connect to {url}"))
}

#[cfg(test)]
mod tests {
	use super::*;

	fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
		Cli::try_parse_from(["genex"].iter().chain(args))
	}

	#[test]
	fn transfers_carry_the_travel_rule_hashes_only_in_pairs() {
		let hash = format!("0x{}", "ab".repeat(32));
		let other = format!("0x{}", "cd".repeat(32));
		let base = ["transfer", "baltathar", "3000", "--asset", "usdc", "--signer", "alith"];
		let with = |extra: &[&str]| {
			let mut args = base.to_vec();
			args.extend_from_slice(extra);
			parse(&args)
		};
		let cli = with(&["--originator-hash", &hash, "--beneficiary-hash", &other, "--external"])
			.expect("both hashes");
		let Command::Transfer { travel_rule, .. } = cli.command else { panic!("a transfer") };
		let data = travel_rule.data().expect("travel rule data");
		assert_eq!((data.originator.0, data.beneficiary.0), ([0xab; 32], [0xcd; 32]));
		assert!(data.beneficiary_external);
		let cli = with(&[]).expect("no hashes");
		let Command::Transfer { travel_rule, .. } = cli.command else { panic!("a transfer") };
		assert!(travel_rule.data().is_none());
		let error = with(&["--originator-hash", &hash]).unwrap_err().to_string();
		assert!(error.contains("--beneficiary-hash"), "{error}");
		assert!(with(&["--external"]).is_err());
		let error = with(&["--originator-hash", "0x12", "--beneficiary-hash", &other])
			.unwrap_err()
			.to_string();
		assert!(error.contains("a hash is 32 bytes"), "{error}");
	}
}
