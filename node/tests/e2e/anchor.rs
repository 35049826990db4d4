//! End to end through a real `genex-node --dev` and the `genex` CLI: the three anchor parties
//! anchor the root of a 10,000-row phone->address table; a row's proof verifies on chain over
//! JSON-RPC (the `MappingAnchorApi` runtime API), and a row changed after anchoring does not.

use crate::common::*;
use genex_primitives::AccountId20;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const ROWS: u32 = 10_000;
const SALT: &str = "genex e2e mapping salt";

/// A synthetic table: made-up phone numbers and addresses (keccak of the row number).
fn table(changed_row: Option<u32>) -> String {
	let mut text = String::from("user,address\n");
	for n in 0..ROWS {
		let seed = if Some(n) == changed_row { n + 1_000_000 } else { n };
		let hash = sp_io::hashing::keccak_256(&seed.to_le_bytes());
		let mut address = [0u8; 20];
		address.copy_from_slice(&hash[12..]);
		text.push_str(&format!("+86138{n:08},{}\n", AccountId20(address)));
	}
	text
}

/// The leaf of the row mapped to `address`, as a proofs file lists it.
fn leaf_of(proofs: &std::path::Path, address: &str) -> String {
	let file: serde_json::Value =
		serde_json::from_str(&std::fs::read_to_string(proofs).unwrap()).unwrap();
	let row = file["rows"]
		.as_array()
		.unwrap()
		.iter()
		.find(|row| row["address"].as_str() == Some(address))
		.expect("the address is in the proofs file");
	row["leaf"].as_str().unwrap().to_string()
}

fn address_of_row(table: &str, n: u32) -> String {
	let line = table.lines().nth(n as usize + 1).unwrap();
	line.split_once(',').unwrap().1.to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn three_parties_anchor_a_table_and_proofs_verify_on_chain() {
	let scratch = ScratchDir::new("anchor");
	let original = table(None);
	let table_path = scratch.path().join("table.csv");
	std::fs::write(&table_path, &original).unwrap();
	let proofs = scratch.path().join("proofs.json");
	let (table_arg, proofs_arg) = (table_path.to_str().unwrap(), proofs.to_str().unwrap());

	// Computing needs no node.
	let out =
		ok("ws://unused", &["anchor", "compute", table_arg, "--salt", SALT, "--out", proofs_arg]);
	assert!(out.contains(&format!("of {ROWS} rows")), "{out}");
	let error = refused("ws://unused", &["anchor", "compute", table_arg, "--salt", "short"]);
	assert!(error.contains("at least 16 bytes"), "{error}");

	let mut node = Node::start_dev(scratch.path());
	wait_finalized(&mut node, 1, Duration::from_secs(180)).await;
	let url = node.ws_url();
	assert_eq!(ok(&url, &["anchor", "latest"]), "no final root yet");

	// This hour's epoch (a minute back, so that the chain's clock has surely reached it).
	let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_millis() as u64;
	let epoch = ((now - 60_000) / 3_600_000).to_string();
	let submit = |signer: &str| {
		genex(&url, &["anchor", "submit", proofs_arg, "--epoch", &epoch, "--signer", signer])
	};

	// Only anchor parties submit.
	let (success, _, error) = submit("alith");
	assert!(!success && error.contains("MappingAnchor::NotAnchorParty"), "{error}");
	// The platform server, then the HSM module: final. The audit node confirms.
	let (success, out, error) = submit("ethan");
	assert!(success && out.ends_with("awaiting a second party"), "{out}{error}");
	let error = refused(
		&url,
		&["anchor", "verify", &leaf_of(&proofs, &address_of_row(&original, 0)), proofs_arg],
	);
	assert!(error.contains("NoFinalRoot"), "{error}");
	let (success, out, error) = submit("faith");
	assert!(success && out.ends_with(": final"), "{out}{error}");
	let (success, out, error) = submit("dorothy");
	assert!(success && out.ends_with("final, confirmed"), "{out}{error}");
	let (success, _, error) = submit("dorothy");
	assert!(!success && error.contains("MappingAnchor::AlreadySubmitted"), "{error}");
	let latest = ok(&url, &["anchor", "latest"]);
	assert!(latest.starts_with(&format!("epoch {epoch}: root 0x")), "{latest}");
	assert!(latest.ends_with(&format!("of {ROWS} rows")), "{latest}");

	// The first, a middle and the last row of the table verify on chain.
	for n in [0, 4_321, ROWS - 1] {
		let address = address_of_row(&original, n);
		let out = ok(&url, &["anchor", "verify", &leaf_of(&proofs, &address), proofs_arg]);
		assert!(out.contains(&format!("({address}) verified against epoch {epoch}")), "{out}");
		let out = ok(
			&url,
			&["anchor", "verify", &leaf_of(&proofs, &address), proofs_arg, "--epoch", &epoch],
		);
		assert!(out.contains("verified"), "{out}");
	}

	// The platform's table changes after anchoring: row 4,321 now maps to another address. Its
	// proof (against the tampered table's tree) fails against the anchored root.
	let tampered = table(Some(4_321));
	let tampered_path = scratch.path().join("tampered.csv");
	std::fs::write(&tampered_path, &tampered).unwrap();
	let tampered_proofs = scratch.path().join("tampered.json");
	let tampered_proofs_arg = tampered_proofs.to_str().unwrap();
	ok(
		"ws://unused",
		&[
			"anchor",
			"compute",
			tampered_path.to_str().unwrap(),
			"--salt",
			SALT,
			"--out",
			tampered_proofs_arg,
		],
	);
	let leaf = leaf_of(&tampered_proofs, &address_of_row(&tampered, 4_321));
	let error = refused(&url, &["anchor", "verify", &leaf, tampered_proofs_arg]);
	assert!(error.contains("does not verify on chain: RootMismatch"), "{error}");
	// An epoch without a final root answers so.
	let earlier = (epoch.parse::<u64>().unwrap() - 5).to_string();
	let leaf = leaf_of(&proofs, &address_of_row(&original, 0));
	let error = refused(&url, &["anchor", "verify", &leaf, proofs_arg, "--epoch", &earlier]);
	assert!(error.contains("EpochNotFinal"), "{error}");
	// Epochs only move forward: nothing more for an earlier epoch.
	let (success, _, error) =
		genex(&url, &["anchor", "submit", proofs_arg, "--epoch", &earlier, "--signer", "ethan"]);
	assert!(!success && error.contains("MappingAnchor::EpochSuperseded"), "{error}");
}
