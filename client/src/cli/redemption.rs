//! `genex store …`, `genex redeem`, `genex voucher …`: stores, redemption at the counter and
//! holder-signed vouchers.

use super::{blake2, connect, parse_account, submit, Signing};
use crate::{
	amount::format_amount,
	redemption::{RedemptionStats, SignedVoucher, Voucher},
	runtime::{self, runtime_types::pallet_coupons::types::CouponId},
	signer::{address_of, parse_signer},
	to_subxt_account,
};
use anyhow::Context;
use clap::Subcommand;

/// `genex store …`
#[derive(Debug, Subcommand)]
pub enum StoreCommand {
	/// Authorise a store to redeem your coupons (an issuer); again to change its location.
	Authorise {
		/// The store's account.
		store: String,
		/// The store's location (address or coordinates); only its hash goes on chain.
		#[arg(long)]
		location: String,
		#[command(flatten)]
		signing: Signing,
	},
	/// Revoke one of your stores.
	Revoke {
		store: String,
		#[command(flatten)]
		signing: Signing,
	},
	/// An issuer's stores, with what each redeemed of its coupons.
	List { issuer: String },
	/// What a store redeemed, over all issuers.
	Stats { store: String },
}

/// `genex voucher …`
#[derive(Debug, Subcommand)]
pub enum VoucherCommand {
	/// Sign a voucher for your coupon (the holder): prints the payload the app shows as a QR
	/// code.
	Sign {
		/// The coupon, `class:serial`.
		coupon: String,
		/// The store that will redeem it.
		#[arg(long)]
		store: String,
		/// A number you have not used in a voucher (default: the time in milliseconds).
		#[arg(long)]
		nonce: Option<u64>,
		/// How many blocks (2 s each) the voucher stays valid.
		#[arg(long, default_value_t = 150)]
		valid_for: u32,
		#[command(flatten)]
		signing: Signing,
	},
	/// Redeem a scanned voucher (the store it names).
	Redeem {
		/// The payload `voucher sign` printed.
		payload: String,
		#[command(flatten)]
		signing: Signing,
	},
	/// Read a voucher payload and check its signature against this chain.
	Show { payload: String },
}

/// `class:serial`.
pub(crate) fn parse_coupon(text: &str) -> anyhow::Result<(u32, u32)> {
	let (class, serial) = text.split_once(':').context("a coupon is `class:serial`")?;
	Ok((
		class.parse().context("a coupon's class is a number")?,
		serial.parse().context("a coupon's serial is a number")?,
	))
}

fn stats_line(stats: &RedemptionStats) -> String {
	format!("{} redeemed, face value {} USD", stats.count, format_amount(stats.face_value, 6))
}

fn redeemed_line(receipt: &crate::client::TxReceipt) -> anyhow::Result<String> {
	let event = receipt
		.find_first::<runtime::redemption::events::CouponRedeemed>()
		.context("no CouponRedeemed event")?;
	Ok(format!(
		"coupon {}:{} redeemed at {} for {} (face value {}){}\n  {}",
		event.coupon.class,
		event.coupon.serial,
		crate::from_subxt_account(event.store),
		crate::from_subxt_account(event.holder),
		format_amount(event.face_value, 6),
		event
			.voucher_nonce
			.map(|nonce| format!(", voucher nonce {nonce}"))
			.unwrap_or_default(),
		receipt.fee_line(),
	))
}

pub async fn run_store(url: &str, command: StoreCommand) -> anyhow::Result<String> {
	let client = connect(url).await?;
	match command {
		StoreCommand::Authorise { store, location, signing } => {
			let store = parse_account(&store)?;
			let payload = runtime::transactions()
				.redemption()
				.authorise_store(to_subxt_account(store), blake2(&location));
			submit(&client, &payload, &signing).await?;
			Ok(format!("store {store} authorised"))
		},
		StoreCommand::Revoke { store, signing } => {
			let store = parse_account(&store)?;
			let payload =
				runtime::transactions().redemption().revoke_store(to_subxt_account(store));
			submit(&client, &payload, &signing).await?;
			Ok(format!("store {store} revoked"))
		},
		StoreCommand::List { issuer } => {
			let issuer = parse_account(&issuer)?;
			let stores = client.stores(issuer).await?;
			Ok(stores
				.iter()
				.map(|(store, record)| format!("store {store}: {}", stats_line(&record.redeemed)))
				.collect::<Vec<_>>()
				.join("\n"))
		},
		StoreCommand::Stats { store } => {
			let store = parse_account(&store)?;
			Ok(stats_line(&client.store_statistics(store).await?))
		},
	}
}

/// `genex redeem <class:serial> --store <store>`: the holder redeems at the counter.
pub async fn run_redeem(
	url: &str,
	coupon: String,
	store: String,
	signing: Signing,
) -> anyhow::Result<String> {
	let (class, serial) = parse_coupon(&coupon)?;
	let store = parse_account(&store)?;
	let client = connect(url).await?;
	let payload = runtime::transactions()
		.redemption()
		.redeem(CouponId { class, serial }, to_subxt_account(store));
	let (receipt, _) = submit(&client, &payload, &signing).await?;
	redeemed_line(&receipt)
}

pub async fn run_voucher(url: &str, command: VoucherCommand) -> anyhow::Result<String> {
	let client = connect(url).await?;
	match command {
		VoucherCommand::Sign { coupon, store, nonce, valid_for, signing } => {
			let (class, serial) = parse_coupon(&coupon)?;
			let holder = parse_signer(&signing.signer)?;
			let (genesis, now) = client.voucher_context().await?;
			let nonce = match nonce {
				Some(nonce) => nonce,
				None => super::wall_clock_ms()?,
			};
			let voucher = Voucher {
				class,
				serial,
				holder: address_of(&holder),
				store: parse_account(&store)?,
				nonce,
				valid_until: now.saturating_add(valid_for),
			};
			Ok(SignedVoucher::sign(voucher, &genesis, &holder).to_payload())
		},
		VoucherCommand::Redeem { payload, signing } => {
			let signed = SignedVoucher::from_payload(&payload)?;
			let (voucher, signature) = signed.call_args();
			let call = runtime::transactions().redemption().redeem_voucher(voucher, signature);
			let (receipt, _) = submit(&client, &call, &signing).await?;
			redeemed_line(&receipt)
		},
		VoucherCommand::Show { payload } => {
			let signed = SignedVoucher::from_payload(&payload)?;
			let (genesis, now) = client.voucher_context().await?;
			let v = &signed.voucher;
			let signature = match signed.signer(&genesis) {
				Some(signer) if signer == v.holder => "signed by the holder".to_string(),
				Some(signer) => format!("NOT signed by the holder (signer {signer})"),
				None => "signature invalid".to_string(),
			};
			Ok(format!(
				"coupon {}:{} holder {} store {} nonce {} valid until block {} ({}); {signature}",
				v.class,
				v.serial,
				v.holder,
				v.store,
				v.nonce,
				v.valid_until,
				if v.valid_until >= now { "valid now" } else { "expired" },
			))
		},
	}
}
