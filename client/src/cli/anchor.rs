//! `genex anchor …`: compute, submit and verify mapping-table anchors.

use super::{connect, submit, Signing};
use crate::{
	anchor::{find_row, parse_leaf, parse_salt, proofs_anchor, proofs_json, read_table, EPOCH_MS},
	runtime,
};
use anyhow::{bail, Context};
use clap::Subcommand;
use std::path::PathBuf;
use subxt::utils::H256;

/// `genex anchor …`
#[derive(Debug, Subcommand)]
pub enum AnchorCommand {
	/// Compute the root of a `user,address` table and write every row's proof.
	Compute {
		/// The table: one `user,address` row a line (a header line and `#` comments allowed).
		table: PathBuf,
		/// The platform's salt: `0x` hex or text, at least 16 bytes.
		#[arg(long, env = "GENEX_MAPPING_SALT")]
		salt: String,
		/// Where to write the proofs (JSON: root, leaf_count, rows with leaf, index, proof).
		#[arg(long, default_value = "proofs.json")]
		out: PathBuf,
	},
	/// Submit a computed root for an epoch (an anchor party).
	Submit {
		/// The proofs file `genex anchor compute` wrote (its root and row count are
		/// submitted).
		proofs: PathBuf,
		/// The epoch (hours since the Unix epoch); by default the chain's current hour.
		#[arg(long)]
		epoch: Option<u64>,
		#[command(flatten)]
		signing: Signing,
	},
	/// Verify a row's proof on chain against an anchored root.
	Verify {
		/// The leaf: `0x` + 104 hex digits (salted user id ‖ address), as in the proofs file.
		leaf: String,
		/// The proofs file holding the leaf's proof.
		proof: PathBuf,
		/// The epoch to check against; by default the latest final one.
		#[arg(long)]
		epoch: Option<u64>,
	},
	/// The latest final root.
	Latest,
}

fn read_proofs(path: &PathBuf) -> anyhow::Result<serde_json::Value> {
	let text =
		std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
	serde_json::from_str(&text).with_context(|| format!("{} is not a proofs file", path.display()))
}

pub async fn run_anchor(url: &str, command: AnchorCommand) -> anyhow::Result<String> {
	match command {
		AnchorCommand::Compute { table, salt, out } => {
			let salt = parse_salt(&salt)?;
			let text = std::fs::read_to_string(&table)
				.with_context(|| format!("cannot read {}", table.display()))?;
			let tree = read_table(&text, &salt)?;
			let file = proofs_json(&tree);
			std::fs::write(&out, serde_json::to_vec(&file)?)
				.with_context(|| format!("cannot write {}", out.display()))?;
			Ok(format!(
				"root {:?} of {} rows; proofs in {}",
				tree.root(),
				tree.leaf_count(),
				out.display()
			))
		},
		AnchorCommand::Submit { proofs, epoch, signing } => {
			let (root, leaf_count) = proofs_anchor(&read_proofs(&proofs)?)?;
			let client = connect(url).await?;
			let epoch = match epoch {
				Some(epoch) => epoch,
				None => client.chain_time().await? / EPOCH_MS,
			};
			let payload = runtime::transactions().mapping_anchor().submit_root(
				epoch,
				H256(root.0),
				leaf_count,
			);
			let (receipt, _) = submit(&client, &payload, &signing).await?;
			use runtime::mapping_anchor::events::{RootConflict, RootFinalized};
			let outcome = if let Some(conflict) = receipt.find_first::<RootConflict>() {
				format!("CONFLICT: another party anchored {:?}", conflict.other.root)
			} else if receipt.find_first::<RootFinalized>().is_some() {
				"final".to_string()
			} else {
				match client.latest_anchor().await? {
					Some(latest) if latest.epoch == epoch => "final, confirmed".to_string(),
					_ => "awaiting a second party".to_string(),
				}
			};
			Ok(format!("epoch {epoch}: submitted root {root:?} of {leaf_count} rows: {outcome}"))
		},
		AnchorCommand::Verify { leaf, proof, epoch } => {
			let leaf = parse_leaf(&leaf)?;
			let row = find_row(&read_proofs(&proof)?, &leaf)?;
			let client = connect(url).await?;
			match client.verify_mapping_proof(epoch, &row).await? {
				Ok(root) => Ok(format!(
					"row {} ({}) verified against epoch {} root {:?} of {} rows",
					row.index, leaf.address, root.epoch, root.root, root.leaf_count
				)),
				Err(reason) => bail!("the proof does not verify on chain: {reason}"),
			}
		},
		AnchorCommand::Latest => {
			let client = connect(url).await?;
			Ok(match client.latest_anchor().await? {
				Some(root) => format!(
					"epoch {}: root {:?} of {} rows",
					root.epoch, root.root, root.leaf_count
				),
				None => "no final root yet".to_string(),
			})
		},
	}
}
