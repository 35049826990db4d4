//! `genex bridge …`: the fiat bridge's providers, deposits, withdrawals, reserves and rate
//! quotes, and reconciliation of the banks' statements with the chain.

use super::{connect, parse_account, submit, submit_governance, wall_clock_ms, Flagged, Signing};
use crate::{
	amount::{format_amount, parse_amount, Asset},
	bridge::{
		asset_symbol, currency_text, deposit_state_text, format_fiat, format_rate, format_units,
		parse_bank_account, parse_currency, parse_hash, parse_rate, parse_time_bound, pause_text,
		provider_label, reconcile_reserves, reconcile_statement, statement_counts,
		withdrawal_state_text, BankAccount, CurrencyCode, Discrepancy, PayoutOutcome, ProviderView,
		ReserveCheck, Window, WithdrawalRequest, USD,
	},
	coupons::{format_time, DAY_MS},
	from_subxt_account,
	runtime::{
		self,
		fiat_bridge::events::RateQuoted,
		runtime_types::{
			genex_runtime::RuntimeCall, pallet_fiat_bridge::pallet::Call as BridgeCall,
			sp_arithmetic::fixed_point::FixedU128,
		},
	},
	signer::{address_of, parse_signer},
	GenexClient,
};
use anyhow::{bail, Context};
use clap::{Subcommand, ValueEnum};
use genex_offchain::bridge::{
	parse_reserves, parse_statement, reserves_at_request, statement_request, BankReserves,
	StatementEntry, MAX_BODY_BYTES, MAX_STATEMENT_ENTRY_BYTES,
};
use std::collections::BTreeMap;
use subxt::utils::H256;

/// The most entries of one statement `reconcile` reads.
const MAX_STATEMENT_ENTRIES: u32 = 100_000;
/// How far before `--from` the statements are read: a bank dates money when it moved, the chain
/// when it was minted or paid (later), so a record of the window may be on the statement just
/// before it.
const STATEMENT_LOOKBACK_MS: u64 = DAY_MS;

/// A bridged stablecoin.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Stablecoin {
	/// USD Coin (asset 1).
	Usdc,
	/// Tether USD (asset 2).
	Usdt,
}

impl Stablecoin {
	/// Its `pallet-assets` id.
	pub fn asset_id(self) -> u32 {
		match self {
			Self::Usdc => Asset::Usdc.asset_id().expect("a stablecoin"),
			Self::Usdt => Asset::Usdt.asset_id().expect("a stablecoin"),
		}
	}
}

/// `genex bridge …`
#[derive(Debug, Subcommand)]
pub enum BridgeCommand {
	/// The gateway providers: id, name, priority, status, attestors (k of n), what each may
	/// still mint, endpoint.
	Providers,
	/// Deposits the providers' attestors reported: provider, reference hash, account, amount,
	/// fiat, state, attestations.
	Deposits {
		/// Only this provider's.
		#[arg(long)]
		provider: Option<u32>,
		/// Only deposits for this account.
		#[arg(long)]
		account: Option<String>,
	},
	/// Withdraw stablecoin to a bank account: escrowed now, paid out by the first available
	/// provider.
	Withdraw {
		/// The amount of stablecoin, e.g. `100` or `99.5` (exact, at most 6 decimals).
		#[arg(value_parser = parse_stablecoin_amount)]
		amount: u128,
		/// The stablecoin.
		#[arg(long, value_enum, default_value = "usdc")]
		asset: Stablecoin,
		/// The bank account to pay: its details in clear (hashed here with BLAKE2-256, never
		/// sent), or the hash itself as 0x and 64 hex digits.
		#[arg(long, value_name = "DETAILS|0xHASH", value_parser = parse_bank_account)]
		bank_account: BankAccount,
		/// The currency paid out (ISO 4217: three upper-case letters).
		#[arg(long, value_name = "CUR", default_value = "USD", value_parser = parse_currency)]
		currency: CurrencyCode,
		/// The live rate quote of a non-USD payout (`genex bridge quote <CUR>`).
		#[arg(long, value_name = "ID")]
		quote: Option<u64>,
		/// Travel Rule ($3,000 or more): hash of the originator's identity record.
		#[arg(long, value_name = "0xHASH", value_parser = parse_hash, requires = "beneficiary")]
		originator: Option<H256>,
		/// Travel Rule: hash of the beneficiary's identity record.
		#[arg(long, value_name = "0xHASH", value_parser = parse_hash, requires = "originator")]
		beneficiary: Option<H256>,
		#[command(flatten)]
		signing: Signing,
	},
	/// Withdrawals: id, account, amount, fiat, where each stands, providers that failed it; or
	/// one in detail.
	Withdrawals {
		/// Only this account's.
		#[arg(long)]
		account: Option<String>,
		/// One withdrawal, in detail (key, bank account hash, reports about its attempt).
		id: Option<u64>,
	},
	/// Supply, escrow, reported reserves (per provider), minting paused or not, minted today,
	/// totals minted and burned.
	Reserves {
		/// Only this stablecoin (default: both).
		#[arg(long, value_enum)]
		asset: Option<Stablecoin>,
	},
	/// Show a currency's latest rate quote, or submit one (the rate oracle, a
	/// GatewayOperator).
	Quote {
		/// The currency (ISO 4217), e.g. EUR.
		#[arg(value_name = "CUR", value_parser = parse_currency)]
		currency: CurrencyCode,
		/// Quote this many US dollars per unit (an exact decimal, e.g. 1.08).
		#[arg(long, value_name = "USD PER UNIT", value_parser = parse_rate)]
		submit: Option<u128>,
		/// Governance: set the rate without the deviation check (`force_rate`), e.g. a
		/// currency's first rate.
		#[arg(long, requires = "submit")]
		force: bool,
		/// With --force: dispatch through `sudo` (dev and local chains).
		#[arg(long, requires = "force")]
		sudo: bool,
		/// The sender's key (with --submit): a dev account name, a 0x private key or a BIP-39
		/// phrase.
		#[arg(long, env = "GENEX_SIGNER")]
		signer: Option<String>,
	},
	/// Compare each provider's statement (read from its endpoint) with the chain, and the
	/// reserves with supply; every discrepancy on its own line; exit status 3 if any.
	Reconcile {
		/// From this time: ms since the epoch or YYYY-MM-DD (UTC midnight), inclusive
		/// (default: the beginning).
		#[arg(long, value_name = "MS|YYYY-MM-DD", value_parser = parse_time_bound)]
		from: Option<u64>,
		/// Until this time, exclusive (default: now).
		#[arg(long, value_name = "MS|YYYY-MM-DD", value_parser = parse_time_bound)]
		to: Option<u64>,
	},
}

/// A positive stablecoin amount with at most 6 decimals, in base units.
fn parse_stablecoin_amount(text: &str) -> Result<u128, String> {
	let units = parse_amount(text, genex_primitives::STABLECOIN_DECIMALS)
		.map_err(|error| error.to_string())?;
	if units == 0 {
		return Err("the amount must be positive".into());
	}
	Ok(units)
}

fn names_of(providers: &[ProviderView]) -> BTreeMap<u32, String> {
	providers.iter().map(|p| (p.info.id, p.name())).collect()
}

fn provider_lines(view: &ProviderView) -> Vec<String> {
	let info = &view.info;
	let attestors: Vec<String> = info
		.attestors
		.iter()
		.map(|a| from_subxt_account(a.clone()).to_string())
		.collect();
	let units = |amount: u128| format_amount(amount, genex_primitives::STABLECOIN_DECIMALS);
	vec![
		format!("provider {} {}: {:?}, {:?}", info.id, view.name(), info.priority, info.status),
		format!(
			"  attestors: {} of {} ({})",
			info.threshold,
			attestors.len(),
			attestors.join(", ")
		),
		format!(
			"  minting allowance: {} available of {} (refills {} a block)",
			units(info.available),
			units(info.allowance.capacity),
			units(info.allowance.refill_per_block)
		),
		format!("  endpoint: {}", view.endpoint.as_deref().unwrap_or("none (attested by hand)")),
	]
}

fn quote_line(id: u64, quote: &crate::bridge::Quote, live: bool) -> String {
	let currency = currency_text(&quote.currency);
	format!(
		"quote {id} {currency}: {} USD per {currency}, given {}, live until {} ({})",
		format_rate(quote.usd_per_unit.0),
		format_time(quote.created_at),
		format_time(quote.expires_at),
		if live { "live" } else { "expired" }
	)
}

pub async fn run_bridge(url: &str, command: BridgeCommand) -> anyhow::Result<String> {
	match command {
		BridgeCommand::Providers => {
			let client = connect(url).await?;
			let providers = client.bridge_providers().await?;
			if providers.is_empty() {
				return Ok("no providers".into());
			}
			Ok(providers.iter().flat_map(provider_lines).collect::<Vec<_>>().join("\n"))
		},
		BridgeCommand::Deposits { provider, account } => {
			let account = account.as_deref().map(parse_account).transpose()?;
			let client = connect(url).await?;
			let names = names_of(&client.bridge_providers().await?);
			let lines: Vec<String> = client
				.bridge_deposits(provider)
				.await?
				.iter()
				.filter(|(_, _, record)| {
					account.is_none_or(|who| from_subxt_account(record.data.account.clone()) == who)
				})
				.map(|(provider, reference, record)| {
					let data = &record.data;
					let quote = data.quote.map(|q| format!(" at quote {q}")).unwrap_or_default();
					let attestations = record.attestations.0.len();
					format!(
						"provider {} deposit {reference:?} {} {} ({}{quote}) {}, {attestations} \
						 attestation{}",
						provider_label(*provider, &names),
						from_subxt_account(data.account.clone()),
						format_units(data.amount, data.asset),
						format_fiat(data.fiat_amount, &data.fiat_currency),
						deposit_state_text(&record.state),
						if attestations == 1 { "" } else { "s" }
					)
				})
				.collect();
			Ok(if lines.is_empty() { "no deposits".into() } else { lines.join("\n") })
		},
		BridgeCommand::Withdraw {
			amount,
			asset,
			bank_account,
			currency,
			quote,
			originator,
			beneficiary,
			signing,
		} => {
			if currency == USD && quote.is_some() {
				bail!("--quote: US dollars are paid at par, without a quote");
			}
			let signer = parse_signer(&signing.signer).context("--signer")?;
			let client = connect(url).await?;
			if currency != USD && quote.is_none() {
				let code = currency_text(&currency);
				let hint = match client.latest_quote(currency).await? {
					Some((id, quote, true)) => format!(
						"the latest is quote {id}, {} USD per {code}, live until {}",
						format_rate(quote.usd_per_unit.0),
						format_time(quote.expires_at)
					),
					Some((id, _, false)) => format!("the latest, quote {id}, has expired"),
					None => format!("{code} has no quote yet"),
				};
				bail!("--quote: a {code} payout converts at a live quote ({hint})");
			}
			let request = WithdrawalRequest {
				asset: asset.asset_id(),
				amount,
				bank_account: bank_account.hash,
				fiat_currency: currency,
				quote,
				travel_rule: originator.zip(beneficiary),
			};
			let (receipt, event) = client.request_withdrawal(&signer, &request).await?;
			let names = names_of(&client.bridge_providers().await?);
			let origin = if bank_account.hashed_here {
				"hashed here from the details given, which were not sent"
			} else {
				"as given"
			};
			let mut lines = vec![
				format!(
					"withdrawal {} requested by {}: {} as {}",
					event.id,
					address_of(&signer),
					format_units(event.amount, event.asset),
					format_fiat(event.fiat_amount, &event.fiat_currency)
				),
				format!("  idempotency key {:?}", event.key),
				format!("  assigned to provider {}", provider_label(event.provider, &names)),
				format!("  bank account {:?} ({origin})", bank_account.hash),
			];
			if let Some(record) = event.travel_rule_record {
				lines.push(format!("  Travel Rule record {record}"));
			}
			lines.push(format!("  finalized in block {:?}", receipt.block_hash));
			lines.push(format!("  {}", receipt.fee_line()));
			Ok(lines.join("\n"))
		},
		BridgeCommand::Withdrawals { account, id } => {
			let account = account.as_deref().map(parse_account).transpose()?;
			let client = connect(url).await?;
			let names = names_of(&client.bridge_providers().await?);
			let failed_text = |failed: &[u32]| {
				if failed.is_empty() {
					String::new()
				} else {
					let list: Vec<String> =
						failed.iter().map(|p| provider_label(*p, &names)).collect();
					format!("; failed at provider {}", list.join(", "))
				}
			};
			if let Some(id) = id {
				let Some(w) = client.bridge_withdrawal(id).await? else {
					bail!("no withdrawal {id}")
				};
				let who = from_subxt_account(w.account.clone());
				if account.is_some_and(|a| a != who) {
					bail!("withdrawal {id} is not the account's (it is {who}'s)");
				}
				let mut lines = vec![
					format!(
						"withdrawal {id} {who} {} -> {} {}{}",
						format_units(w.amount, w.asset),
						format_fiat(w.fiat_amount, &w.fiat_currency),
						withdrawal_state_text(&w.state, &names),
						failed_text(&w.failed)
					),
					format!("  requested {}", format_time(w.requested_at)),
					format!("  idempotency key {:?}", w.key),
					format!("  bank account {:?}", w.bank_account),
				];
				for (attestor, outcome) in &w.reports {
					let outcome = match outcome {
						PayoutOutcome::Paid { provider_reference } => {
							format!("paid (reference hash {provider_reference:?})")
						},
						PayoutOutcome::Failed { definite: true } => "failed for good".into(),
						PayoutOutcome::Failed { definite: false } => "timed out".into(),
					};
					lines.push(format!(
						"  report by {}: {outcome}",
						from_subxt_account(attestor.clone())
					));
				}
				if w.contested {
					lines.push("  contested: the attestors disagree, governance decides".into());
				}
				return Ok(lines.join("\n"));
			}
			let lines: Vec<String> = client
				.bridge_withdrawals()
				.await?
				.iter()
				.filter(|(_, w)| account.is_none_or(|a| from_subxt_account(w.account.clone()) == a))
				.map(|(id, w)| {
					format!(
						"withdrawal {id} {} {} -> {} {}{}",
						from_subxt_account(w.account.clone()),
						format_units(w.amount, w.asset),
						format_fiat(w.fiat_amount, &w.fiat_currency),
						withdrawal_state_text(&w.state, &names),
						failed_text(&w.failed.0)
					)
				})
				.collect();
			Ok(if lines.is_empty() { "no withdrawals".into() } else { lines.join("\n") })
		},
		BridgeCommand::Reserves { asset } => {
			let client = connect(url).await?;
			let names = names_of(&client.bridge_providers().await?);
			let assets = match asset {
				Some(asset) => vec![asset.asset_id()],
				None => crate::bridge::STABLECOINS.to_vec(),
			};
			let mut lines = Vec::new();
			for asset in assets {
				let r = client.bridge_reserves(asset).await?;
				lines.push(format!(
					"{}: supply {} ({} of it escrowed for pending withdrawals)",
					asset_symbol(asset),
					format_units(r.supply, asset),
					format_units(r.escrowed, asset)
				));
				let cover = if r.reported >= r.supply {
					"covers supply".to_string()
				} else {
					format!("SHORT of supply by {}", format_units(r.supply - r.reported, asset))
				};
				lines.push(format!(
					"  reserves reported: {} ({cover})",
					format_units(r.reported, asset)
				));
				for (provider, report) in &r.reports {
					lines.push(format!(
						"    provider {}: {} as of {}",
						provider_label(*provider, &names),
						format_units(report.amount, asset),
						format_time(report.as_of)
					));
				}
				lines.push(format!(
					"  minting: {}",
					r.paused.as_ref().map(|p| pause_text(p, asset)).unwrap_or("active".into())
				));
				lines.push(format!("  minted today: {}", format_units(r.minted_today, asset)));
				lines.push(format!(
					"  total minted: {}, total burned: {}",
					format_units(r.total_minted, asset),
					format_units(r.total_burned, asset)
				));
			}
			Ok(lines.join("\n"))
		},
		BridgeCommand::Quote { currency, submit: rate, force, sudo, signer } => {
			let code = currency_text(&currency);
			if currency == USD {
				bail!("<CUR>: USD is the unit of account; the stablecoins are at par, no quote");
			}
			let Some(rate) = rate else {
				let client = connect(url).await?;
				return Ok(match client.latest_quote(currency).await? {
					Some((id, quote, live)) => quote_line(id, &quote, live),
					None => format!(
						"no quote of {code} yet (governance sets its first rate: genex bridge \
						 quote {code} --submit <USD PER UNIT> --force --sudo --signer <sudo key>)"
					),
				});
			};
			let Some(signer) = signer else {
				bail!("--signer: submitting a quote is signed (the rate oracle, a GatewayOperator)")
			};
			let client = connect(url).await?;
			let (receipt, event) = if force {
				let payload =
					runtime::transactions().fiat_bridge().force_rate(currency, FixedU128(rate));
				let call = RuntimeCall::FiatBridge(BridgeCall::force_rate {
					currency,
					usd_per_unit: FixedU128(rate),
				});
				let signing = super::GovernanceSigning { signer, sudo };
				let receipt = submit_governance(&client, &payload, call, &signing).await?;
				let event = receipt
					.find_first::<RateQuoted>()
					.context("the forced rate's RateQuoted event is missing")?;
				(receipt, event)
			} else {
				let signing = Signing { signer };
				let payload =
					runtime::transactions().fiat_bridge().submit_rate(currency, FixedU128(rate));
				let (receipt, _) = submit(&client, &payload, &signing).await?;
				let event = receipt
					.find_first::<RateQuoted>()
					.context("the quote's RateQuoted event is missing")?;
				(receipt, event)
			};
			Ok(format!(
				"quote {} {code}: {} USD per {code}{}, live until {}\n  finalized in block \
				 {:?}\n  {}",
				event.quote,
				format_rate(event.usd_per_unit.0),
				if event.forced { " (forced by governance)" } else { "" },
				format_time(event.expires_at),
				receipt.block_hash,
				receipt.fee_line()
			))
		},
		BridgeCommand::Reconcile { from, to } => {
			let window = Window {
				from: from.unwrap_or(0),
				to: match to {
					Some(to) => to,
					None => wall_clock_ms()?,
				},
			};
			if window.to <= window.from {
				bail!("--to: the end must be after --from");
			}
			let client = connect(url).await?;
			reconcile(&client, window).await
		},
	}
}

/// What one provider's bank answered.
struct BankReads {
	statement: Result<Vec<StatementEntry>, String>,
	reserves: Result<BankReserves, String>,
}

/// `GET url` through [`crate::http::get`] off the async runtime; the body of a 200 answer.
async fn fetch(url: String, max_body: usize) -> Result<Vec<u8>, String> {
	let (status, body) = tokio::task::spawn_blocking(move || crate::http::get(&url, max_body))
		.await
		.map_err(|e| format!("the request did not finish: {e}"))??;
	if status != 200 {
		let text = String::from_utf8_lossy(&body[..body.len().min(200)]).trim().to_string();
		return Err(format!("HTTP {status}: {text}"));
	}
	Ok(body)
}

async fn read_bank(base: &str, from: u64, to: u64) -> BankReads {
	let statement = match statement_request(base, from, to) {
		Ok(request) => {
			let limit = 256 + MAX_STATEMENT_ENTRY_BYTES * MAX_STATEMENT_ENTRIES as usize;
			match fetch(request.url, limit).await {
				Ok(body) => parse_statement(&body, from, to, MAX_STATEMENT_ENTRIES)
					.map_err(|e| format!("the statement does not follow the contract: {e}")),
				Err(error) => Err(error),
			}
		},
		Err(error) => Err(error.to_string()),
	};
	// Live: the bank's reserves now, not its latest periodic statement.
	let reserves = match super::wall_clock_ms() {
		Ok(now) => match fetch(reserves_at_request(base, now).url, MAX_BODY_BYTES).await {
			Ok(body) => parse_reserves(&body)
				.map_err(|e| format!("the reserves do not follow the contract: {e}")),
			Err(error) => Err(error),
		},
		Err(error) => Err(error.to_string()),
	};
	BankReads { statement, reserves }
}

/// Reads every provider's statement and reserves, then the chain, and compares them.
async fn reconcile(client: &GenexClient, window: Window) -> anyhow::Result<String> {
	// The banks first: whatever the chain minted or paid before the window's end, the bank
	// had already received or paid when it was asked.
	let providers = client.bridge_providers().await?;
	let statement_from = window.from.saturating_sub(STATEMENT_LOOKBACK_MS);
	let mut reads = BTreeMap::new();
	for provider in &providers {
		if let Some(base) = &provider.endpoint {
			reads.insert(provider.info.id, read_bank(base, statement_from, window.to).await);
		}
	}
	let snapshot = client.bridge_snapshot().await?;
	let names = names_of(&snapshot.providers);
	let mut info = vec![format!(
		"reconciling {} to {} against block {}",
		format_time(window.from),
		format_time(window.to),
		snapshot.block
	)];
	let mut found: Vec<Discrepancy> = Vec::new();
	let (mut deposits, mut payouts, mut reconciled) = (0, 0, 0);
	for provider in &snapshot.providers {
		let id = provider.info.id;
		let label = provider_label(id, &names);
		let Some(read) = reads.get(&id) else {
			let why = if provider.endpoint.is_some() {
				"its endpoint was set while reading"
			} else {
				"no endpoint"
			};
			info.push(format!("provider {label}: not reconciled ({why})"));
			continue;
		};
		match &read.statement {
			Ok(statement) => {
				let (d, p) = statement_counts(statement, window);
				deposits += d;
				payouts += p;
				reconciled += 1;
				info.push(format!(
					"provider {label}: statement of {d} deposit{} and {p} payout{}",
					if d == 1 { "" } else { "s" },
					if p == 1 { "" } else { "s" }
				));
				found.extend(reconcile_statement(
					id,
					window,
					statement,
					&snapshot.deposits,
					&snapshot.withdrawals,
				));
			},
			Err(error) => found.push(Discrepancy::Unreadable {
				provider: id,
				what: "statement",
				error: error.clone(),
			}),
		}
		if let Err(error) = &read.reserves {
			found.push(Discrepancy::Unreadable {
				provider: id,
				what: "reserves",
				error: error.clone(),
			});
		}
	}
	for (asset, reserves) in &snapshot.reserves {
		let asset = *asset;
		// What the banks hold now: read live where possible, else their latest statement on
		// chain; unknown when a bank that has an endpoint did not answer.
		let mut held_now = Some(0u128);
		let mut parts = Vec::new();
		for provider in &snapshot.providers {
			let id = provider.info.id;
			let on_chain =
				reserves.reports.iter().find(|(p, _)| *p == id).map(|(_, report)| report.amount);
			let live = match reads.get(&id).map(|read| &read.reserves) {
				Some(Ok(bank)) => bank.of_asset(asset),
				Some(Err(_)) => None,
				None => on_chain,
			};
			match live {
				Some(amount) => {
					held_now = held_now.map(|sum| sum.saturating_add(amount));
					let source = if reads.contains_key(&id) { "now" } else { "as reported" };
					parts.push(format!(
						"{} {source} {}",
						provider_label(id, &names),
						format_units(amount, asset)
					));
				},
				None if reads.contains_key(&id) => held_now = None,
				None => {},
			}
		}
		info.push(format!(
			"{}: supply {} ({} escrowed), reserves reported on chain {}, held by the banks {}{}",
			asset_symbol(asset),
			format_units(reserves.supply, asset),
			format_units(reserves.escrowed, asset),
			format_units(reserves.reported, asset),
			held_now.map(|h| format_units(h, asset)).unwrap_or("unknown".into()),
			if parts.is_empty() { String::new() } else { format!(" ({})", parts.join(", ")) }
		));
		found.extend(reconcile_reserves(&ReserveCheck {
			asset,
			supply: reserves.supply,
			escrowed: reserves.escrowed,
			reported: reserves.reported,
			held_now,
		}));
	}
	let mut lines = info;
	lines.extend(found.iter().map(|d| format!("discrepancy: {}", d.describe(&names))));
	let verdict = match found.len() {
		0 => "no discrepancies".to_string(),
		1 => "1 discrepancy".to_string(),
		n => format!("{n} discrepancies"),
	};
	lines.push(format!(
		"summary: {reconciled} of {} providers reconciled, {deposits} statement deposits and \
		 {payouts} payouts, {} chain deposits and {} withdrawals: {verdict}",
		snapshot.providers.len(),
		snapshot.deposits.len(),
		snapshot.withdrawals.len()
	));
	let output = lines.join("\n");
	if found.is_empty() {
		Ok(output)
	} else {
		Err(Flagged { output }.into())
	}
}

#[cfg(test)]
mod tests {
	use super::super::{Cli, Command};
	use super::*;
	use clap::Parser;

	fn parse(args: &[&str]) -> Result<BridgeCommand, clap::Error> {
		let cli = Cli::try_parse_from(["genex", "bridge"].iter().chain(args))?;
		let Command::Bridge(command) = cli.command else { panic!("a bridge command") };
		Ok(command)
	}

	#[test]
	fn withdraw_parses_and_names_the_field_it_refuses() {
		let hash = format!("0x{}", "ab".repeat(32));
		let command = parse(&[
			"withdraw",
			"99.5",
			"--bank-account",
			"DE89 3704 0044 0532 0130 00",
			"--signer",
			"alith",
		])
		.unwrap();
		let BridgeCommand::Withdraw {
			amount,
			asset,
			bank_account,
			currency,
			quote,
			originator,
			beneficiary,
			..
		} = command
		else {
			panic!("withdraw")
		};
		assert_eq!(amount, 99_500_000);
		assert_eq!(asset, Stablecoin::Usdc);
		assert_eq!(asset.asset_id(), 1);
		assert!(bank_account.hashed_here);
		assert_eq!(
			bank_account.hash.0,
			sp_crypto_hashing::blake2_256(b"DE89 3704 0044 0532 0130 00")
		);
		assert_eq!((currency, quote, originator, beneficiary), (USD, None, None, None));

		let command = parse(&[
			"withdraw",
			"5000",
			"--asset",
			"usdt",
			"--bank-account",
			&hash,
			"--currency",
			"EUR",
			"--quote",
			"7",
			"--originator",
			&hash,
			"--beneficiary",
			&hash,
			"--signer",
			"alith",
		])
		.unwrap();
		let BridgeCommand::Withdraw { asset, bank_account, currency, quote, originator, .. } =
			command
		else {
			panic!("withdraw")
		};
		assert_eq!(asset.asset_id(), 2);
		assert_eq!(bank_account, BankAccount { hash: H256([0xab; 32]), hashed_here: false });
		assert_eq!((currency, quote, originator), (*b"EUR", Some(7), Some(H256([0xab; 32]))));

		let base = |amount: &str, extra: &[&str]| {
			let mut args = vec!["withdraw", amount, "--bank-account", "NL91ABNA0417164300"];
			args.extend_from_slice(extra);
			args.extend_from_slice(&["--signer", "alith"]);
			parse(&args).map(|_| ()).unwrap_err().to_string()
		};
		let error = base("1.0000001", &[]);
		assert!(error.contains("<AMOUNT>") && error.contains("more than 6 decimal"), "{error}");
		let error = base("0", &[]);
		assert!(error.contains("<AMOUNT>") && error.contains("positive"), "{error}");
		let error = base("1e3", &[]);
		assert!(error.contains("<AMOUNT>") && error.contains("not a decimal"), "{error}");
		let error = base("1", &["--currency", "eur"]);
		assert!(error.contains("--currency") && error.contains("three upper-case"), "{error}");
		let error = base("1", &["--originator", &hash]);
		assert!(error.contains("--beneficiary"), "{error}");
		let error = base("1", &["--originator", "0x12", "--beneficiary", &hash]);
		assert!(error.contains("--originator") && error.contains("64 hex digits"), "{error}");
		let error = base("1", &["--asset", "gnx"]);
		assert!(error.contains("--asset"), "{error}");
		let error = parse(&["withdraw", "1", "--bank-account", "0x1234", "--signer", "alith"])
			.map(|_| ())
			.unwrap_err()
			.to_string();
		assert!(error.contains("--bank-account") && error.contains("not a bank account hash"));
	}

	#[test]
	fn quote_reconcile_and_listing_arguments() {
		let BridgeCommand::Quote { currency, submit, force, sudo, .. } =
			parse(&["quote", "EUR", "--submit", "1.08", "--signer", "ethan"]).unwrap()
		else {
			panic!("quote")
		};
		assert_eq!(
			(currency, submit, force, sudo),
			(*b"EUR", Some(1_080_000_000_000_000_000), false, false)
		);
		let BridgeCommand::Quote { submit, .. } = parse(&["quote", "JPY"]).unwrap() else {
			panic!("quote")
		};
		assert_eq!(submit, None);
		let error = parse(&["quote", "EUR", "--submit", "1.0000000000000000001"])
			.map(|_| ())
			.unwrap_err()
			.to_string();
		assert!(error.contains("--submit") && error.contains("18 decimal"), "{error}");
		assert!(parse(&["quote", "EUR", "--force"]).is_err(), "--force needs --submit");
		assert!(parse(&["quote", "Eur"]).is_err());

		let BridgeCommand::Reconcile { from, to } =
			parse(&["reconcile", "--from", "2025-12-01", "--to", "1764633600000"]).unwrap()
		else {
			panic!("reconcile")
		};
		assert_eq!((from, to), (Some(1_764_547_200_000), Some(1_764_633_600_000)));
		let error = parse(&["reconcile", "--from", "last week"]).map(|_| ()).unwrap_err();
		assert!(error.to_string().contains("--from"), "{error}");

		let BridgeCommand::Withdrawals { account, id } =
			parse(&["withdrawals", "--account", "baltathar", "3"]).unwrap()
		else {
			panic!("withdrawals")
		};
		assert_eq!((account.as_deref(), id), (Some("baltathar"), Some(3)));
		let BridgeCommand::Deposits { provider, .. } =
			parse(&["deposits", "--provider", "1"]).unwrap()
		else {
			panic!("deposits")
		};
		assert_eq!(provider, Some(1));
		let BridgeCommand::Reserves { asset } = parse(&["reserves", "--asset", "usdt"]).unwrap()
		else {
			panic!("reserves")
		};
		assert_eq!(asset, Some(Stablecoin::Usdt));
	}
}
