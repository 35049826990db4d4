//! The `genex` command line: balances, transfers, issuers, coupon classes and coupons, signed
//! with Ethereum keys.

use crate::{
	amount::{format_amount, parse_amount, Asset},
	client::TxReceipt,
	coupons::{date_of_day, day_of_date},
	runtime::{
		self,
		runtime_types::{genex_runtime::RuntimeCall, pallet_coupons::pallet::Call as CouponsCall},
	},
	signer::{address_of, parse_signer},
	to_subxt_account, AccountId20, GenexClient,
};
use anyhow::{bail, Context};
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
	/// Issuers: apply, review, inspect.
	#[command(subcommand)]
	Issuer(IssuerCommand),
	/// Coupon classes: create, review, inspect.
	#[command(subcommand)]
	Class(ClassCommand),
	/// Coupons: mint and list.
	#[command(subcommand)]
	Coupons(CouponsCommand),
}

/// `genex issuer …`
#[derive(Debug, Subcommand)]
pub enum IssuerCommand {
	/// Apply to become an issuer. Company name and licence number are hashed (BLAKE2-256)
	/// here: only the hashes go on chain.
	Apply {
		/// Registered company name.
		#[arg(long)]
		company: String,
		/// Business licence number.
		#[arg(long)]
		licence: String,
		/// Hash of further off-chain metadata (0x + 64 hex digits).
		#[arg(long, value_parser = parse_h256, default_value = "0x0000000000000000000000000000000000000000000000000000000000000000")]
		metadata_hash: H256,
		#[command(flatten)]
		signing: Signing,
	},
	/// Approve a pending issuer (compliance; `--sudo` on dev chains).
	Approve {
		/// The issuer's address or dev name.
		issuer: String,
		#[command(flatten)]
		signing: GovernanceSigning,
	},
	/// Reject a pending issuer (compliance).
	Reject {
		/// The issuer's address or dev name.
		issuer: String,
		#[command(flatten)]
		signing: GovernanceSigning,
	},
	/// Show an issuer: status, tier, credit, quota, guarantee.
	Show {
		/// The issuer's address or dev name.
		issuer: String,
	},
}

/// `genex class …`
#[derive(Debug, Subcommand)]
pub enum ClassCommand {
	/// Create a coupon class (an active issuer).
	Create {
		/// Face value in whole units of the stablecoin, e.g. `10` or `12.50`.
		#[arg(long)]
		face: String,
		/// The stablecoin.
		#[arg(long, value_enum, default_value = "usdc")]
		asset: Asset,
		/// Last valid day: `YYYY-MM-DD` (UTC) or `+N` days from the chain's today.
		#[arg(long)]
		expiry: String,
		/// Most coupons that may be minted.
		#[arg(long)]
		supply: u32,
		/// `utility` (≤ 365 days, never above face value) or `securities`.
		#[arg(long, default_value = "utility")]
		track: String,
		/// Resales allowed per coupon (default 3).
		#[arg(long)]
		max_resales: Option<u8>,
		/// Primary refund window in days (default 7).
		#[arg(long)]
		refund_days: Option<u16>,
		/// Holders may not give coupons away.
		#[arg(long)]
		non_transferable: bool,
		/// Hash of the class's off-chain metadata.
		#[arg(long, value_parser = parse_h256, default_value = "0x0000000000000000000000000000000000000000000000000000000000000000")]
		metadata_hash: H256,
		#[command(flatten)]
		signing: Signing,
	},
	/// Approve a draft class (compliance; `--sudo` on dev chains).
	Approve {
		/// The class id.
		class: u32,
		#[command(flatten)]
		signing: GovernanceSigning,
	},
	/// Show a class.
	Show {
		/// The class id.
		class: u32,
	},
}

/// `genex coupons …`
#[derive(Debug, Subcommand)]
pub enum CouponsCommand {
	/// Mint coupons of a class to its issuer (pays the issuance fee).
	Mint {
		/// The class id.
		class: u32,
		/// How many.
		quantity: u32,
		#[command(flatten)]
		signing: Signing,
	},
	/// List the coupons an account holds: one line per coupon, `class:serial status resales`.
	List {
		/// The holder's address or dev name.
		#[arg(long)]
		owner: String,
		/// Only coupons of this class.
		#[arg(long)]
		class: Option<u32>,
	},
}

fn parse_h256(text: &str) -> Result<H256, String> {
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

fn blake2(text: &str) -> H256 {
	H256(sp_crypto_hashing::blake2_256(text.as_bytes()))
}

/// Signs and submits `payload`; fails with the runtime's error.
async fn submit<P: subxt::transactions::Payload>(
	client: &GenexClient,
	payload: &P,
	signing: &Signing,
) -> anyhow::Result<(TxReceipt, Keypair)> {
	let signer = parse_signer(&signing.signer)?;
	let receipt = client.submit(payload, &signer).await?.ensure_success()?;
	Ok((receipt, signer))
}

/// Submits a governance call: `payload` as it is, or `call` wrapped in `sudo` when asked.
async fn submit_governance<P: subxt::transactions::Payload>(
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
				stats.mean_block_time.as_millis(),
				stats.finalized,
				stats.mean_finality_lag.as_millis(),
				stats.max_finality_lag.as_millis(),
				stats.mean_lag_blocks,
			))
		},
		Command::Issuer(command) => run_issuer(&cli.url, command).await,
		Command::Class(command) => run_class(&cli.url, command).await,
		Command::Coupons(command) => run_coupons(&cli.url, command).await,
	}
}

async fn run_issuer(url: &str, command: IssuerCommand) -> anyhow::Result<String> {
	let client = connect(url).await?;
	match command {
		IssuerCommand::Apply { company, licence, metadata_hash, signing } => {
			let payload = runtime::transactions().coupons().apply_issuer(
				blake2(&company),
				blake2(&licence),
				metadata_hash,
			);
			let (_, signer) = submit(&client, &payload, &signing).await?;
			Ok(format!("{} applied to be an issuer", address_of(&signer)))
		},
		IssuerCommand::Approve { issuer, signing } => {
			let issuer = parse_account(&issuer)?;
			let who = to_subxt_account(issuer);
			let payload = runtime::transactions().coupons().approve_issuer(who);
			let call = RuntimeCall::Coupons(CouponsCall::approve_issuer { issuer: who });
			submit_governance(&client, &payload, call, &signing).await?;
			let record = client.issuer(issuer).await?.context("the issuer vanished")?;
			Ok(format!(
				"approved issuer {issuer}; guarantee deposit {} USDC",
				format_amount(record.guarantee, 6)
			))
		},
		IssuerCommand::Reject { issuer, signing } => {
			let issuer = parse_account(&issuer)?;
			let who = to_subxt_account(issuer);
			let payload = runtime::transactions().coupons().reject_issuer(who);
			let call = RuntimeCall::Coupons(CouponsCall::reject_issuer { issuer: who });
			submit_governance(&client, &payload, call, &signing).await?;
			Ok(format!("rejected issuer {issuer}"))
		},
		IssuerCommand::Show { issuer } => {
			let who = parse_account(&issuer)?;
			let Some(record) = client.issuer(who).await? else {
				bail!("{who} is not an issuer");
			};
			Ok(format!(
				"issuer {who}\n  status {:?}\n  tier {:?}\n  credit score {}.{:02}, rating {:?}, quota {} USD\n  quota used {} USD\n  guarantee {} USDC\n  classes {}",
				record.status,
				record.tier,
				record.credit.score / 100,
				record.credit.score % 100,
				record.credit.rating,
				format_amount(record.credit.quota, 6),
				format_amount(record.quota_used, 6),
				format_amount(record.guarantee, 6),
				record.classes,
			))
		},
	}
}

async fn run_class(url: &str, command: ClassCommand) -> anyhow::Result<String> {
	use runtime::runtime_types::pallet_coupons::types::{ClassParams, Track};
	let client = connect(url).await?;
	match command {
		ClassCommand::Create {
			face,
			asset,
			expiry,
			supply,
			track,
			max_resales,
			refund_days,
			non_transferable,
			metadata_hash,
			signing,
		} => {
			let Some(asset_id) = asset.asset_id() else {
				bail!("a class is priced in USDC or USDT")
			};
			let face_value = parse_amount(&face, asset.decimals())?;
			let expiry_day = match expiry.strip_prefix('+') {
				Some(days) => {
					client.chain_day().await?
						+ days.parse::<u32>().context("--expiry +N takes a number of days")?
				},
				None => day_of_date(&expiry).context("--expiry takes YYYY-MM-DD or +N")?,
			};
			let track = match track.as_str() {
				"utility" => Track::Utility,
				"securities" => Track::Securities,
				other => bail!("unknown track '{other}': utility or securities"),
			};
			let payload = runtime::transactions().coupons().create_class(ClassParams {
				asset: asset_id,
				face_value,
				track,
				expiry_day,
				max_resales,
				refund_window_days: refund_days,
				transferable: !non_transferable,
				supply_cap: supply,
				metadata_hash,
			});
			let (receipt, _) = submit(&client, &payload, &signing).await?;
			let created = receipt
				.find_first::<runtime::coupons::events::ClassCreated>()
				.context("no ClassCreated event")?;
			Ok(format!(
				"created class {} ({:?}): {} {} face, expires after {}",
				created.class,
				created.status,
				format_amount(face_value, asset.decimals()),
				asset.symbol(),
				date_of_day(expiry_day)
			))
		},
		ClassCommand::Approve { class, signing } => {
			let payload = runtime::transactions().coupons().approve_class(class);
			let call = RuntimeCall::Coupons(CouponsCall::approve_class { class });
			submit_governance(&client, &payload, call, &signing).await?;
			Ok(format!("approved class {class}"))
		},
		ClassCommand::Show { class } => {
			let Some(record) = client.class(class).await? else { bail!("no class {class}") };
			let counts = record.supply.0;
			Ok(format!(
				"class {class}\n  issuer {}\n  status {:?}{}\n  face value {} (asset {})\n  track {:?}, expires after {}\n  max resales {}, refund window {} days, transferable {}\n  supply cap {}; minted {}: minted {} listed {} sold {} in circulation {} redeemed {} expired {} recalled {}",
				crate::from_subxt_account(record.issuer),
				record.status,
				if record.at_risk { " (AT RISK)" } else { "" },
				format_amount(record.face_value, 6),
				record.asset,
				record.track,
				date_of_day(record.expiry_day),
				record.max_resales,
				record.refund_window_days,
				record.transferable,
				record.supply_cap,
				counts.iter().sum::<u32>(),
				counts[0],
				counts[1],
				counts[2],
				counts[3],
				counts[4],
				counts[5],
				counts[6],
			))
		},
	}
}

async fn run_coupons(url: &str, command: CouponsCommand) -> anyhow::Result<String> {
	let client = connect(url).await?;
	match command {
		CouponsCommand::Mint { class, quantity, signing } => {
			let payload = runtime::transactions().coupons().mint(class, quantity);
			let (receipt, _) = submit(&client, &payload, &signing).await?;
			let minted = receipt
				.find_first::<runtime::coupons::events::Minted>()
				.context("no Minted event")?;
			Ok(format!(
				"minted {} coupons of class {class}: serials {}..={}; issuance fee {}",
				minted.quantity,
				minted.first_serial,
				minted.first_serial + minted.quantity - 1,
				format_amount(minted.fee, 6),
			))
		},
		CouponsCommand::List { owner, class } => {
			let owner = parse_account(&owner)?;
			let coupons = client.owned_coupons(owner).await?;
			let lines: Vec<String> = coupons
				.into_iter()
				.filter(|((c, _), _)| class.is_none_or(|wanted| wanted == *c))
				.map(|((c, serial), coupon)| {
					format!("{c}:{serial} {:?} {}", coupon.status, coupon.resale_count)
				})
				.collect();
			Ok(lines.join("\n"))
		},
	}
}

async fn connect(url: &str) -> anyhow::Result<GenexClient> {
	GenexClient::connect(url)
		.await
		.with_context(|| format!("cannot connect to {url}"))
}
