//! `genex issuer|class|coupons …`: the coupons pallet from the command line.

use super::{
	blake2, connect, parse_account, parse_h256, submit, submit_governance, GovernanceSigning,
	Signing,
};
use crate::{
	amount::{format_amount, parse_amount, Asset},
	coupons::{date_of_day, day_of_date},
	runtime::{
		self,
		runtime_types::{genex_runtime::RuntimeCall, pallet_coupons::pallet::Call as CouponsCall},
	},
	signer::address_of,
	to_subxt_account,
};
use anyhow::{bail, Context};
use clap::Subcommand;
use subxt::utils::H256;

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
	/// An issuer's redemptions and the credit score they feed.
	Redemptions {
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

pub async fn run_issuer(url: &str, command: IssuerCommand) -> anyhow::Result<String> {
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
		IssuerCommand::Redemptions { issuer } => {
			let who = parse_account(&issuer)?;
			let Some(stats) = client.issuer_redemptions(who).await? else {
				bail!("{who} is not an issuer");
			};
			Ok(format!(
				"redeemed {} coupons, face value {} of {} sold; breakage {}; credit score {}.{:02}; {} stores",
				stats.redeemed_count,
				format_amount(stats.redeemed_value, 6),
				format_amount(stats.sold_value, 6),
				format_amount(stats.breakage_value, 6),
				stats.credit_score / 100,
				stats.credit_score % 100,
				stats.stores,
			))
		},
	}
}

pub async fn run_class(url: &str, command: ClassCommand) -> anyhow::Result<String> {
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

pub async fn run_coupons(url: &str, command: CouponsCommand) -> anyhow::Result<String> {
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
