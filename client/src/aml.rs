//! Reading AML screening from the chain: alerts with their evidence, cases, the rules'
//! parameters, and a suspicious activity report (SAR) draft built from chain data alone.

use crate::{
	client::{err, ClientError, GenexClient},
	coupons::format_time as format_time_ms,
	from_subxt_account,
	runtime::{
		self,
		runtime_types::{
			genex_primitives::aml::{AmlParams, AmlRule, EvidenceRef, Severity},
			pallet_compliance::types::{Alert, Case, CaseStatus, ScreeningEvidence},
		},
	},
	AccountId20,
};
use serde_json::{json, Value};
use subxt::utils::eth::AccountId20 as ChainAccount;

/// An alert with what it cites (none for alerts filed by hand).
#[derive(Clone, Debug)]
pub struct AlertView {
	/// The alert's id.
	pub id: u64,
	/// The alert as stored.
	pub alert: Alert<ChainAccount>,
	/// The accounts and movement records it cites (screening alerts).
	pub evidence: Option<ScreeningEvidence<ChainAccount>>,
}

impl GenexClient {
	/// Every AML alert, oldest first, with its evidence.
	pub async fn aml_alerts(&self) -> Result<Vec<AlertView>, ClientError> {
		let at = self.api().at_current_block().await.map_err(err)?;
		let mut entries = at
			.storage()
			.iter(runtime::storage().compliance().alerts(), ())
			.await
			.map_err(err)?;
		let mut alerts = Vec::new();
		while let Some(entry) = entries.next().await {
			let entry = entry.map_err(err)?;
			let (id,) = entry.key().map_err(err)?.decode().map_err(err)?;
			alerts.push((id, entry.value().decode().map_err(err)?));
		}
		alerts.sort_by_key(|(id, _)| *id);
		let mut views = Vec::with_capacity(alerts.len());
		for (id, alert) in alerts {
			let evidence = at
				.storage()
				.try_fetch(runtime::storage().compliance().alert_evidence(), (id,))
				.await
				.map_err(err)?
				.map(|value| value.decode())
				.transpose()
				.map_err(err)?;
			views.push(AlertView { id, alert, evidence });
		}
		Ok(views)
	}

	/// AML case `id`, if there is one.
	pub async fn aml_case(&self, id: u64) -> Result<Option<Case<ChainAccount>>, ClientError> {
		let at = self.api().at_current_block().await.map_err(err)?;
		at.storage()
			.try_fetch(runtime::storage().compliance().cases(), (id,))
			.await
			.map_err(err)?
			.map(|value| value.decode())
			.transpose()
			.map_err(err)
	}

	/// The AML rules' parameters in force.
	pub async fn aml_params(&self) -> Result<AmlParams, ClientError> {
		let at = self.api().at_current_block().await.map_err(err)?;
		at.storage()
			.fetch(runtime::storage().compliance().aml_parameters(), ())
			.await
			.map_err(err)?
			.decode()
			.map_err(err)
	}

	/// How many movement records the chain's log holds.
	pub async fn movements_logged(&self) -> Result<u64, ClientError> {
		let at = self.api().at_current_block().await.map_err(err)?;
		let head = at
			.storage()
			.fetch(runtime::storage().compliance().movement_log_head(), ())
			.await
			.map_err(err)?
			.decode()
			.map_err(err)?;
		Ok(head.next)
	}

	/// A FinCEN-style SAR draft of case `id`, from chain data alone: the subject's address,
	/// the activity's dates and amounts, the rules that fired, each record's block and
	/// extrinsic. No personal data: identities stay with the compliance team.
	pub async fn sar_draft(&self, id: u64) -> Result<Option<Value>, ClientError> {
		let Some(case) = self.aml_case(id).await? else { return Ok(None) };
		let subject = from_subxt_account(case.subject.clone());
		let alerts: Vec<AlertView> = self
			.aml_alerts()
			.await?
			.into_iter()
			.filter(|view| case.alerts.0.contains(&view.id))
			.collect();
		let records: Vec<&EvidenceRef> = {
			let mut all: Vec<&EvidenceRef> = alerts
				.iter()
				.flat_map(|view| view.evidence.iter().flat_map(|e| e.records.0.iter()))
				.collect();
			all.sort_by_key(|r| r.movement);
			all.dedup_by_key(|r| r.movement);
			all
		};
		let mut related: Vec<AccountId20> = alerts
			.iter()
			.flat_map(|view| view.evidence.iter().flat_map(|e| e.related.0.iter()))
			.map(|a| from_subxt_account(a.clone()))
			.filter(|a| *a != subject)
			.collect();
		related.sort();
		related.dedup();
		let total: u128 = records.iter().map(|r| r.amount).sum();
		let first = records.iter().map(|r| r.at).min();
		let last = records.iter().map(|r| r.at).max();
		let rules: Vec<String> = alerts.iter().map(|v| rule_name(&v.alert.rule)).collect();
		let narrative = narrative(&subject, &alerts, records.len(), total, first, last);
		let kyc = self.kyc_level(subject).await?;
		Ok(Some(json!({
			"form": "FinCEN SAR (draft)",
			"filing_type": "initial",
			"case": {
				"id": id,
				"status": case_status_name(&case.status),
				"opened_at": format_time_ms(case.opened_at),
				"opened_by": from_subxt_account(case.opened_by.clone()).to_string(),
			},
			"subject": {
				"address": subject.to_string(),
				"address_type": "Genex Chain account (EIP-55)",
				"kyc_level": kyc,
			},
			"suspicious_activity": {
				"from": first.map(format_time_ms),
				"to": last.map(format_time_ms),
				"total_amount": crate::amount::format_amount(total, 6),
				"currency": "USD (stablecoin base units / 10^6)",
				"instrument_type": "Digital Coupon Assets",
				"categories": rules,
			},
			"alerts": alerts.iter().map(|v| json!({
				"id": v.id,
				"rule": rule_name(&v.alert.rule),
				"severity": severity_name(&v.alert.severity),
				"filed_at": format_time_ms(v.alert.at),
				"filed_by": from_subxt_account(v.alert.filed_by.clone()).to_string(),
			})).collect::<Vec<_>>(),
			"related_accounts": related.iter().map(|a| a.to_string()).collect::<Vec<_>>(),
			"evidence": records.iter().map(|r| json!({
				"movement": r.movement,
				"block": r.block,
				"extrinsic": format!("{}-{}", r.block, r.extrinsic),
				"at": format_time_ms(r.at),
				"amount": crate::amount::format_amount(r.amount, 6),
			})).collect::<Vec<_>>(),
			"narrative": narrative,
		})))
	}
}

/// The rule's name as the CLI prints and parses it.
pub fn rule_name(rule: &AmlRule) -> String {
	format!("{rule:?}")
}

/// The severity's name.
pub fn severity_name(severity: &Severity) -> String {
	format!("{severity:?}")
}

fn case_status_name(status: &CaseStatus) -> String {
	format!("{status:?}")
}

/// What the rules that fired mean, in words, for the SAR's narrative.
fn describe(rule: &AmlRule) -> &'static str {
	match rule {
		AmlRule::FanOut => "sent coupons or stablecoin to an unusually large number of distinct accounts within 24 hours",
		AmlRule::Structuring => "made several transactions just below the $3,000 Travel Rule threshold within 24 hours",
		AmlRule::Spoofing => "placed many orders and cancelled most of them within an hour",
		AmlRule::LargeAmount => "made a single transaction above $10,000",
		AmlRule::Velocity => "made more than 20 transfers within an hour",
		AmlRule::BuyTransferWithdraw => "bought coupons and passed them to another account that sold them or withdrew within 72 hours",
		AmlRule::SelfDealing => "bought its own coupons, or had an account it funded buy them",
		AmlRule::SanctionsHit => "moved value with an account on the sanctions list",
		AmlRule::Manual => "was reported by a compliance officer",
		AmlRule::Cycle => "took part in value moving round a cycle of accounts back to where it started within 7 days",
		AmlRule::Layering => "layered orders at successive prices on one side and cancelled them while trading on the other",
	}
}

fn narrative(
	subject: &AccountId20,
	alerts: &[AlertView],
	records: usize,
	total: u128,
	first: Option<u64>,
	last: Option<u64>,
) -> String {
	let mut text = format!("Genex Chain's automated screening flagged account {subject}. ");
	for view in alerts {
		text.push_str(&format!(
			"Alert {} ({}, {}): the account {}. ",
			view.id,
			rule_name(&view.alert.rule),
			severity_name(&view.alert.severity),
			describe(&view.alert.rule)
		));
	}
	if let (Some(first), Some(last)) = (first, last) {
		text.push_str(&format!(
			"The {records} cited movement(s) of Digital Coupon Assets and stablecoin, {} USD in \
			 all, took place between {} and {}; each is identified by its block and extrinsic.",
			crate::amount::format_amount(total, 6),
			format_time_ms(first),
			format_time_ms(last)
		));
	}
	text
}
