//! `genex order …`, `genex book`, `genex give`, `genex refund`, `genex dispute …`: trading,
//! transfers, refunds and disputes through the settlement pallet.

use super::{connect, parse_account, parse_h256, submit, Signing};
use crate::{
	amount::{format_amount, parse_amount},
	runtime::{
		self,
		runtime_types::{
			bounded_collections::bounded_vec::BoundedVec,
			pallet_coupons::types::CouponId,
			pallet_settlement::types::{Offer, OrderRequest, Side, TimeInForce, TravelRuleData},
		},
	},
	to_subxt_account,
};
use anyhow::{bail, Context};
use clap::Subcommand;
use subxt::utils::H256;

/// `genex order …`
#[derive(Debug, Subcommand)]
pub enum OrderCommand {
	/// Bid for `quantity` coupons of `class` at most at `price` (dollars) each.
	Bid {
		class: u32,
		price: String,
		quantity: u32,
		/// Immediate-or-cancel: fill what can be filled now, cancel the rest.
		#[arg(long, conflicts_with = "fok")]
		ioc: bool,
		/// Fill-or-kill: fill completely now or not at all.
		#[arg(long)]
		fok: bool,
		/// Refuse the order if it would trade at once.
		#[arg(long)]
		post_only: bool,
		#[command(flatten)]
		signing: Signing,
	},
	/// Offer coupons of `class` (their serials) at least at `price` (dollars) each.
	Ask {
		class: u32,
		price: String,
		/// Serials of the coupons offered, e.g. `0 1 2` or `0..10`.
		#[arg(required = true)]
		serials: Vec<String>,
		#[arg(long, conflicts_with = "fok")]
		ioc: bool,
		#[arg(long)]
		fok: bool,
		#[arg(long)]
		post_only: bool,
		#[command(flatten)]
		signing: Signing,
	},
	/// Cancel one of your orders.
	Cancel {
		order: u64,
		#[command(flatten)]
		signing: Signing,
	},
	/// An account's open orders.
	List { account: String },
}

/// `genex dispute …`
#[derive(Debug, Subcommand)]
pub enum DisputeCommand {
	/// Dispute a secondary trade you bought in.
	Open {
		trade: u64,
		/// Hash of the evidence (kept off chain).
		#[arg(long, value_parser = parse_h256)]
		evidence: H256,
		#[command(flatten)]
		signing: Signing,
	},
	/// Take a dispute (an arbitrator).
	Take {
		dispute: u64,
		#[command(flatten)]
		signing: Signing,
	},
	/// Decide a dispute you took: `--refund` reverses the trade.
	Resolve {
		dispute: u64,
		#[arg(long)]
		refund: bool,
		#[command(flatten)]
		signing: Signing,
	},
}

/// `a..b` or single serials.
fn parse_serials(items: &[String]) -> anyhow::Result<Vec<u32>> {
	let mut serials = Vec::new();
	for item in items {
		match item.split_once("..") {
			Some((from, to)) => {
				let from: u32 = from.parse().context("a serial range is `from..to`")?;
				let to: u32 = to.parse().context("a serial range is `from..to`")?;
				serials.extend(from..to);
			},
			None => serials.push(item.parse().with_context(|| format!("bad serial '{item}'"))?),
		}
	}
	Ok(serials)
}

fn time_in_force(ioc: bool, fok: bool) -> TimeInForce {
	match (ioc, fok) {
		(true, _) => TimeInForce::ImmediateOrCancel,
		(_, true) => TimeInForce::FillOrKill,
		_ => TimeInForce::GoodTillCancelled,
	}
}

fn dollars(text: &str) -> anyhow::Result<u128> {
	parse_amount(text, 6).map_err(|error| anyhow::anyhow!("price '{text}': {error}"))
}

fn coupons(class: u32, serials: &[u32]) -> BoundedVec<CouponId> {
	BoundedVec(serials.iter().map(|serial| CouponId { class, serial: *serial }).collect())
}

async fn place(
	url: &str,
	request: OrderRequest<u128>,
	signing: &Signing,
) -> anyhow::Result<String> {
	let client = connect(url).await?;
	let payload = runtime::transactions().settlement().place_order(request);
	let (receipt, _) = submit(&client, &payload, signing).await?;
	let trades = receipt.find::<runtime::settlement::events::Traded>();
	let mut lines: Vec<String> = trades
		.iter()
		.map(|trade| {
			format!(
				"trade {}: {} at {} ({}), fees buyer {} seller {}",
				trade.trade,
				if trade.primary { "primary sale" } else { "resale" },
				format_amount(trade.price, 6),
				crate::from_subxt_account(trade.buyer),
				format_amount(trade.buyer_fee, 6),
				format_amount(trade.seller_fee, 6),
			)
		})
		.collect();
	match receipt.find_first::<runtime::settlement::events::OrderPlaced>() {
		Some(placed) => {
			lines.push(format!("order {} rests: {} left", placed.order, placed.quantity))
		},
		None => lines.push(format!("{} traded, nothing rests", trades.len())),
	}
	lines.push(format!("  {}", receipt.fee_line()));
	Ok(lines.join("\n"))
}

pub async fn run_order(url: &str, command: OrderCommand) -> anyhow::Result<String> {
	match command {
		OrderCommand::Bid { class, price, quantity, ioc, fok, post_only, signing } => {
			let request = OrderRequest {
				class,
				price: dollars(&price)?,
				offer: Offer::Bid { quantity },
				time_in_force: time_in_force(ioc, fok),
				post_only,
				expires_at: None,
			};
			place(url, request, &signing).await
		},
		OrderCommand::Ask { class, price, serials, ioc, fok, post_only, signing } => {
			let request = OrderRequest {
				class,
				price: dollars(&price)?,
				offer: Offer::Ask { coupons: coupons(class, &parse_serials(&serials)?) },
				time_in_force: time_in_force(ioc, fok),
				post_only,
				expires_at: None,
			};
			place(url, request, &signing).await
		},
		OrderCommand::Cancel { order, signing } => {
			let client = connect(url).await?;
			let payload = runtime::transactions().settlement().cancel_order(order);
			submit(&client, &payload, &signing).await?;
			Ok(format!("order {order} cancelled"))
		},
		OrderCommand::List { account } => {
			let who = parse_account(&account)?;
			let client = connect(url).await?;
			let orders = client.open_orders(who).await?;
			Ok(orders
				.into_iter()
				.map(|order| {
					format!(
						"order {} class {} {} {} at {}",
						order.id,
						order.class,
						if matches!(order.side, Side::Bid) { "bid" } else { "ask" },
						order.remaining,
						format_amount(order.price, 6)
					)
				})
				.collect::<Vec<_>>()
				.join("\n"))
		},
	}
}

/// `genex book <class>`: the best prices of both sides and the latest trades.
pub async fn run_book(url: &str, class: u32) -> anyhow::Result<String> {
	let client = connect(url).await?;
	let (bids, asks) = client.depth(class, 10).await?;
	let mut lines = Vec::new();
	for (price, quantity) in asks.iter().rev() {
		lines.push(format!("ask {} x {quantity}", format_amount(*price, 6)));
	}
	for (price, quantity) in &bids {
		lines.push(format!("bid {} x {quantity}", format_amount(*price, 6)));
	}
	for trade in client.recent_trades(class, 5).await? {
		lines.push(format!(
			"trade {} serial {} at {}",
			trade.id,
			trade.serial,
			format_amount(trade.price, 6)
		));
	}
	Ok(lines.join("\n"))
}

/// `genex give <to> <class> <serials…>`.
pub async fn run_give(
	url: &str,
	to: String,
	class: u32,
	serials: Vec<String>,
	travel_rule: Option<TravelRuleData>,
	signing: Signing,
) -> anyhow::Result<String> {
	let to = parse_account(&to)?;
	let serials = parse_serials(&serials)?;
	if serials.is_empty() {
		bail!("name at least one serial");
	}
	let client = connect(url).await?;
	let payload = runtime::transactions().settlement().transfer_coupons(
		to_subxt_account(to),
		coupons(class, &serials),
		travel_rule,
	);
	let (receipt, _) = submit(&client, &payload, &signing).await?;
	Ok(format!("gave {} coupons of class {class} to {to}\n  {}", serials.len(), receipt.fee_line()))
}

/// `genex refund <trade>`.
pub async fn run_refund(url: &str, trade: u64, signing: Signing) -> anyhow::Result<String> {
	let client = connect(url).await?;
	let payload = runtime::transactions().settlement().refund_primary(trade);
	let (receipt, _) = submit(&client, &payload, &signing).await?;
	let refunded = receipt
		.find_first::<runtime::settlement::events::Refunded>()
		.context("no Refunded event")?;
	Ok(format!(
		"trade {trade} refunded: {} back\n  {}",
		format_amount(refunded.amount, 6),
		receipt.fee_line()
	))
}

pub async fn run_dispute(url: &str, command: DisputeCommand) -> anyhow::Result<String> {
	let client = connect(url).await?;
	match command {
		DisputeCommand::Open { trade, evidence, signing } => {
			let payload = runtime::transactions().settlement().open_dispute(trade, evidence);
			let (receipt, _) = submit(&client, &payload, &signing).await?;
			let opened = receipt
				.find_first::<runtime::settlement::events::DisputeOpened>()
				.context("no DisputeOpened event")?;
			Ok(format!("dispute {} opened on trade {trade}", opened.dispute))
		},
		DisputeCommand::Take { dispute, signing } => {
			let payload = runtime::transactions().settlement().take_dispute(dispute);
			submit(&client, &payload, &signing).await?;
			Ok(format!("dispute {dispute} taken"))
		},
		DisputeCommand::Resolve { dispute, refund, signing } => {
			let payload = runtime::transactions().settlement().resolve_dispute(dispute, refund);
			submit(&client, &payload, &signing).await?;
			Ok(format!(
				"dispute {dispute} resolved: {}",
				if refund { "trade reversed" } else { "refund refused" }
			))
		},
	}
}
