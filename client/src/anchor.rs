//! Mapping anchors from the outside: read a phone->address table, compute its root and every
//! row's proof (the leaf format is `genex_primitives::mapping`), and ask the chain to verify a
//! proof against an anchored root.

use crate::{
	client::{err, ClientError, GenexClient},
	runtime::{self, runtime_types},
	to_subxt_account, AccountId20,
};
use anyhow::{bail, Context};
use genex_primitives::mapping::{MappingLeaf, MappingTree};
use serde_json::{json, Value};
use subxt::utils::H256;

/// One hour: the length of an epoch.
pub const EPOCH_MS: u64 = 3_600_000;

/// Reads a table of `user,address` rows (a `user,address` header line, blank lines and lines
/// starting with `#` are skipped), salts each user with `salt`, and builds the tree.
pub fn read_table(text: &str, salt: &[u8]) -> anyhow::Result<MappingTree> {
	let mut leaves = Vec::new();
	for (number, line) in text.lines().enumerate() {
		let line = line.trim();
		if line.is_empty() || line.starts_with('#') || (number == 0 && line == "user,address") {
			continue;
		}
		let (user, address) = line
			.split_once(',')
			.with_context(|| format!("line {}: expected `user,address`", number + 1))?;
		let address: AccountId20 = address
			.trim()
			.parse()
			.map_err(|error| anyhow::anyhow!("line {}: {error}", number + 1))?;
		let user = user.trim();
		if user.is_empty() {
			bail!("line {}: the user identifier is empty", number + 1);
		}
		leaves.push(MappingLeaf::new(salt, user, address));
	}
	MappingTree::new(leaves).map_err(|error| anyhow::anyhow!("{error}"))
}

/// The salt as given: `0x…` hex bytes, or else the text's UTF-8 bytes.
pub fn parse_salt(text: &str) -> anyhow::Result<Vec<u8>> {
	let salt = match text.strip_prefix("0x") {
		Some(hex_digits) => hex::decode(hex_digits).context("the salt is not valid hex")?,
		None => text.as_bytes().to_vec(),
	};
	if salt.len() < 16 {
		bail!("the salt must be at least 16 bytes (it keeps user ids unguessable)");
	}
	Ok(salt)
}

fn hex0x(bytes: &[u8]) -> String {
	format!("0x{}", hex::encode(bytes))
}

/// The proofs file `genex anchor compute` writes: the root, the row count, and for every row
/// its leaf (52 bytes), index and proof (sibling hashes from the leaf up).
pub fn proofs_json(tree: &MappingTree) -> Value {
	let rows: Vec<Value> = tree
		.leaves()
		.iter()
		.enumerate()
		.map(|(index, leaf)| {
			let proof = tree.proof(index as u32).expect("every index below the count has one");
			json!({
				"leaf": hex0x(&leaf.to_bytes()),
				"address": leaf.address.to_string(),
				"index": index,
				"proof": proof.iter().map(|hash| hex0x(hash.as_bytes())).collect::<Vec<_>>(),
			})
		})
		.collect();
	json!({ "root": hex0x(tree.root().as_bytes()), "leaf_count": tree.leaf_count(), "rows": rows })
}

/// A row's proof as read back from a proofs file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowProof {
	/// The leaf.
	pub leaf: MappingLeaf,
	/// Its index in the sorted table.
	pub index: u32,
	/// Sibling hashes from the leaf up.
	pub proof: Vec<genex_primitives::Hash>,
}

/// Parses `0x` + 104 hex digits into a leaf.
pub fn parse_leaf(text: &str) -> anyhow::Result<MappingLeaf> {
	let bytes = hex::decode(text.trim().trim_start_matches("0x")).context("a leaf is hex")?;
	MappingLeaf::from_bytes(&bytes).with_context(|| {
		format!("a leaf is 52 bytes (salted user id and address), not {}", bytes.len())
	})
}

fn parse_hash(value: &Value) -> anyhow::Result<genex_primitives::Hash> {
	let text = value.as_str().context("a hash is a 0x string")?;
	let bytes = hex::decode(text.trim_start_matches("0x")).context("a hash is hex")?;
	let bytes: [u8; 32] = bytes.try_into().map_err(|_| anyhow::anyhow!("a hash is 32 bytes"))?;
	Ok(genex_primitives::Hash::from(bytes))
}

/// The root and row count a proofs file was computed for.
pub fn proofs_anchor(file: &Value) -> anyhow::Result<(genex_primitives::Hash, u32)> {
	let root = parse_hash(&file["root"]).context("the proofs file has no root")?;
	let count = file["leaf_count"].as_u64().context("the proofs file has no leaf_count")?;
	Ok((root, u32::try_from(count).context("leaf_count is too large")?))
}

/// The proof of `leaf` in a proofs file.
pub fn find_row(file: &Value, leaf: &MappingLeaf) -> anyhow::Result<RowProof> {
	let wanted = hex0x(&leaf.to_bytes());
	let rows = file["rows"].as_array().context("the proofs file has no rows")?;
	let row = rows
		.iter()
		.find(|row| row["leaf"].as_str().is_some_and(|text| text.eq_ignore_ascii_case(&wanted)))
		.context("the leaf is not in the proofs file")?;
	let index = row["index"].as_u64().context("a row has an index")?;
	let proof = row["proof"]
		.as_array()
		.context("a row has a proof")?
		.iter()
		.map(parse_hash)
		.collect::<anyhow::Result<Vec<_>>>()?;
	Ok(RowProof { leaf: *leaf, index: u32::try_from(index).context("index too large")?, proof })
}

/// An anchored, final root as the chain reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AnchoredRoot {
	/// The epoch (hours since the Unix epoch).
	pub epoch: u64,
	/// The table's root.
	pub root: H256,
	/// Its rows.
	pub leaf_count: u32,
}

fn anchored(root: runtime_types::pallet_mapping_anchor::types::FinalRoot) -> AnchoredRoot {
	AnchoredRoot { epoch: root.epoch, root: root.anchor.root, leaf_count: root.anchor.leaf_count }
}

impl GenexClient {
	/// The latest final mapping root (runtime API `MappingAnchorApi_latest_final_root`).
	pub async fn latest_anchor(&self) -> Result<Option<AnchoredRoot>, ClientError> {
		let at = self.api().at_current_block().await.map_err(err)?;
		let root = at
			.runtime_apis()
			.call(runtime::runtime_apis().mapping_anchor_api().latest_final_root())
			.await
			.map_err(err)?;
		Ok(root.map(anchored))
	}

	/// Asks the chain (runtime API `MappingAnchorApi_verify_proof`) whether `row` is in the
	/// table anchored for `epoch` (the latest final one when `None`). `Ok(Err(reason))` when it
	/// is not, e.g. `RootMismatch` for a row changed after anchoring.
	pub async fn verify_mapping_proof(
		&self,
		epoch: Option<u64>,
		row: &RowProof,
	) -> Result<Result<AnchoredRoot, String>, ClientError> {
		let at = self.api().at_current_block().await.map_err(err)?;
		let leaf = runtime_types::genex_primitives::mapping::MappingLeaf {
			salted_user: row.leaf.salted_user,
			address: to_subxt_account(row.leaf.address),
		};
		let proof = row.proof.iter().map(|hash| H256(hash.0)).collect();
		let answer = at
			.runtime_apis()
			.call(
				runtime::runtime_apis()
					.mapping_anchor_api()
					.verify_proof(epoch, leaf, row.index, proof),
			)
			.await
			.map_err(err)?;
		Ok(answer.map(anchored).map_err(|reason| format!("{reason:?}")))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	const SALT: &[u8] = b"sixteen byte salt";

	#[test]
	fn tables_read_with_header_comments_and_clear_errors() {
		let text = "user,address\n# exported 2026-11-24\n+14155550100,0xf24FF3a9CF04c71Dbc94D0b566f7A27B94566cac\n\n+14155550101, 0x3Cd0A705a2DC65e5b1E1205896BaA2be8A07c6e0\n";
		let tree = read_table(text, SALT).unwrap();
		assert_eq!(tree.leaf_count(), 2);
		let error = read_table("+1415,0xnothex", SALT).unwrap_err();
		assert!(error.to_string().starts_with("line 1:"), "{error}");
		let error = read_table("just one field", SALT).unwrap_err();
		assert!(error.to_string().contains("expected `user,address`"), "{error}");
		let twice = "a,0xf24FF3a9CF04c71Dbc94D0b566f7A27B94566cac\na,0xf24FF3a9CF04c71Dbc94D0b566f7A27B94566cac";
		assert!(read_table(twice, SALT).unwrap_err().to_string().contains("two rows map"));
		assert!(read_table("# nothing\n", SALT).unwrap_err().to_string().contains("no rows"));
	}

	#[test]
	fn salts_are_long_enough() {
		assert_eq!(parse_salt("0x00112233445566778899aabbccddeeff").unwrap().len(), 16);
		assert_eq!(parse_salt("a sixteen-byte salt").unwrap(), b"a sixteen-byte salt");
		assert!(parse_salt("short").is_err());
		assert!(parse_salt("0xzz").is_err());
	}

	#[test]
	fn proofs_files_round_trip() {
		let rows: String = (0..37).map(|n| format!("+1555{n:07},0x{:040x}\n", n + 1)).collect();
		let tree = read_table(&rows, SALT).unwrap();
		let file = proofs_json(&tree);
		let text = serde_json::to_string(&file).unwrap();
		let file: Value = serde_json::from_str(&text).unwrap();
		assert_eq!(proofs_anchor(&file).unwrap(), (tree.root(), 37));
		for (index, leaf) in tree.leaves().iter().enumerate() {
			let leaf_text = hex0x(&leaf.to_bytes());
			let row = find_row(&file, &parse_leaf(&leaf_text).unwrap()).unwrap();
			assert_eq!(row.index, index as u32);
			assert_eq!(row.proof, tree.proof(index as u32).unwrap());
			assert!(genex_primitives::mapping::verify_proof(
				&tree.root(),
				37,
				row.index,
				&row.leaf,
				&row.proof
			));
		}
		assert!(parse_leaf("0x1234").is_err());
	}
}
