//! The `genex` command line: balances and transfers, signed with Ethereum keys.

use crate::{
	amount::{format_amount, parse_amount, Asset},
	signer::{address_of, parse_signer},
	AccountId20, GenexClient,
};
use anyhow::Context;
use clap::{Parser, Subcommand};

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

/// The subcommands of `genex`.
#[derive(Debug, Subcommand)]
pub enum Command {
	/// Show an account's balances (GNX, USDC, USDT), or one asset's with --asset.
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
	},
	/// Watch the chain for a while and report block time and finality lag.
	Watch {
		/// How long to watch, in seconds.
		#[arg(long, default_value_t = 60)]
		seconds: u64,
	},
}

/// Reads an account given as an address or a dev account name.
pub fn parse_account(text: &str) -> anyhow::Result<AccountId20> {
	if let Some(dev) = genex_primitives::dev::by_name(text) {
		return Ok(dev.address);
	}
	text.parse::<AccountId20>()
		.map_err(|error| anyhow::anyhow!("invalid address '{text}': {error}"))
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
						lines.push(format!(
							"  {:<5} {}",
							asset.symbol(),
							format_amount(units, asset.decimals())
						));
					}
					Ok(lines.join("\n"))
				},
			}
		},
		Command::Transfer { to, amount, asset, signer } => {
			let to = parse_account(&to)?;
			let units = parse_amount(&amount, asset.decimals())?;
			let signer = parse_signer(&signer)?;
			let client = connect(&cli.url).await?;
			let receipt = client.transfer(&signer, asset, to, units).await?.ensure_success()?;
			Ok(format!(
				"sent {} {} from {} to {to}\n  extrinsic {:?}\n  finalized in block {:?}\n  fee {} GNX",
				format_amount(units, asset.decimals()),
				asset.symbol(),
				address_of(&signer),
				receipt.extrinsic_hash,
				receipt.block_hash,
				format_amount(receipt.fee, Asset::Gnx.decimals()),
			))
		},
		Command::Watch { seconds } => {
			let stats =
				crate::watch::watch(&cli.url, std::time::Duration::from_secs(seconds)).await?;
			Ok(format!(
				"watched {seconds} s: {} blocks, mean block time {} ms; {} finalized, finality lag \
				 mean {} ms, max {} ms, mean {:.1} blocks behind best",
				stats.blocks,
				millis(stats.mean_block_time),
				stats.finalized,
				millis(stats.mean_finality_lag),
				millis(stats.max_finality_lag),
				stats.mean_lag_blocks,
			))
		},
	}
}

fn millis(duration: std::time::Duration) -> u128 {
	duration.as_millis()
}

async fn connect(url: &str) -> anyhow::Result<GenexClient> {
	GenexClient::connect(url)
		.await
		.with_context(|| format!("cannot connect to {url}"))
}
