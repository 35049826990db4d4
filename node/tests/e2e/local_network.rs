//! End to end: the three-validator local network, started the way `scripts/local-net.sh`
//! starts it (a raw chain spec from `build-spec`, node keys from `key generate-node-key`,
//! Aura/GRANDPA keys from `key insert`), produces and finalizes blocks with all three
//! validators, and a non-validating full node follows the same chain. Each validator's node
//! also holds one fiat-bridge attestor's key, as `local-net.sh` inserts them: a simulated bank
//! deposit is minted once two of the three attestors agree on it.

use crate::{bridge, common::*};
use genex_client::{
	runtime::runtime_types::pallet_fiat_bridge::types::DepositState, Asset, GenexClient,
};
use genex_primitives::dev;
use std::{collections::BTreeSet, time::Duration};

const VALIDATORS: [(&str, &str); 3] =
	[("alice", "//Alice"), ("bob", "//Bob"), ("charlie", "//Charlie")];

/// `build-spec` writes a chain spec for the local network with Genex's id and wallet
/// properties; `--raw` turns it into genesis storage that nodes can start from.
fn build_raw_local_spec(dir: &std::path::Path) -> String {
	let (plain, _) =
		run_node_command(&["build-spec", "--chain", "local", "--disable-default-bootnode"]);
	let spec: serde_json::Value = serde_json::from_str(&plain).expect("build-spec writes JSON");
	assert_eq!(spec["id"], "genex_local");
	assert_eq!(spec["properties"]["tokenSymbol"], "GNX");
	assert_eq!(spec["properties"]["tokenDecimals"], 18);
	assert_eq!(spec["properties"]["isEthereum"], true);
	assert_eq!(
		spec["genesis"]["runtimeGenesis"]["patch"]["aura"]["authorities"]
			.as_array()
			.unwrap()
			.len(),
		3
	);

	let (raw, _) = run_node_command(&[
		"build-spec",
		"--chain",
		"local",
		"--raw",
		"--disable-default-bootnode",
	]);
	let raw_spec: serde_json::Value = serde_json::from_str(&raw).unwrap();
	// `:code` (0x3a636f6465) holds the runtime in the raw genesis storage.
	assert!(raw_spec["genesis"]["raw"]["top"]["0x3a636f6465"].as_str().unwrap().len() > 100_000);
	let path = dir.join("genex-local-raw.json");
	std::fs::write(&path, raw).unwrap();
	path.display().to_string()
}

/// `key generate-node-key` into the node's base path; returns the peer id it prints.
fn generate_node_key(base: &str, spec: &str) -> String {
	let (_, stderr) =
		run_node_command(&["key", "generate-node-key", "--base-path", base, "--chain", spec]);
	stderr.lines().last().expect("peer id printed").trim().to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn three_validators_finalize_and_a_full_node_follows() {
	let scratch = ScratchDir::new("local-net");
	let spec = build_raw_local_spec(scratch.path());

	// Keys first, as an operator would: node identity, then Aura (sr25519) and GRANDPA
	// (ed25519) session keys into each validator's keystore.
	let mut bases = Vec::new();
	let mut peer_ids = Vec::new();
	for (name, _) in VALIDATORS.iter().chain([("full", "")].iter()) {
		let base = scratch.path().join(name).display().to_string();
		peer_ids.push(generate_node_key(&base, &spec));
		bases.push(base);
	}
	// And one attestor's key (`gxor`, ECDSA) on each validator: Gareth, Heath, Ida.
	for (((_, suri), base), attestor) in VALIDATORS.iter().zip(&bases).zip(dev::ATTESTORS) {
		for (scheme, key_type, suri) in [
			("sr25519", "aura", *suri),
			("ed25519", "gran", *suri),
			("ecdsa", "gxor", attestor.private_key),
		] {
			run_node_command(&[
				"key",
				"insert",
				"--base-path",
				base,
				"--chain",
				&spec,
				"--scheme",
				scheme,
				"--suri",
				suri,
				"--key-type",
				key_type,
			]);
		}
	}

	// The first validator is everyone's bootnode.
	let mut nodes: Vec<Node> = Vec::new();
	for (index, (name, _)) in VALIDATORS.iter().enumerate() {
		let mut args =
			vec!["--chain", &spec, "--base-path", &bases[index], "--validator", "--name", name];
		let bootnode;
		if let Some(first) = nodes.first() {
			bootnode = format!("/ip4/127.0.0.1/tcp/{}/p2p/{}", first.p2p_port, peer_ids[0]);
			args.extend(["--bootnodes", &bootnode]);
		}
		nodes.push(Node::start(name, scratch.path(), &args));
	}
	let bootnode = format!("/ip4/127.0.0.1/tcp/{}/p2p/{}", nodes[0].p2p_port, peer_ids[0]);
	let mut full = Node::start(
		"full",
		scratch.path(),
		&["--chain", &spec, "--base-path", &bases[3], "--name", "full", "--bootnodes", &bootnode],
	);

	// GRANDPA with three voters needs all three: finality proves they all take part.
	let target = 3;
	for node in nodes.iter_mut() {
		wait_finalized(node, target, Duration::from_secs(300)).await;
	}
	wait_finalized(&mut full, target, Duration::from_secs(300)).await;

	// From now on all three are connected: the next blocks come from all of them in turn
	// (Aura's author of a slot is authority `slot % 3`).
	let validator_rpc = nodes[0].rpc().await;
	let from = best_number(&validator_rpc).await + 1;
	let to = from + 5;
	wait_finalized(&mut nodes[0], to, Duration::from_secs(300)).await;
	let (full_finalized, _) = wait_finalized(&mut full, to, Duration::from_secs(300)).await;
	assert!(full_finalized >= to);

	// The full node follows the same chain: same hashes as a validator at every height.
	let full_rpc = full.rpc().await;
	for number in 1..=to {
		let hash = block_hash(&full_rpc, number).await.expect("full node has the block");
		assert_eq!(block_hash(&validator_rpc, number).await, Some(hash), "block #{number}");
	}
	let mut authors = BTreeSet::new();
	for number in from..=to {
		let hash = block_hash(&full_rpc, number).await.unwrap();
		authors.insert(aura_slot(&header(&full_rpc, &hash).await) % VALIDATORS.len() as u64);
	}
	assert_eq!(authors.len(), VALIDATORS.len(), "blocks #{from}..=#{to} came from {authors:?}");
	// --- The fiat bridge, 2 of 3: the banks' endpoints point at this test's simulator.
	let lists = scratch.path().join("lists");
	std::fs::create_dir_all(&lists).unwrap();
	let mut sim_args =
		vec!["--data-dir".to_string(), scratch.path().join("banks").display().to_string()];
	for bank in ["primary_bank", "backup_processor"] {
		for asset in ["USDC", "USDT"] {
			sim_args.extend(["--reserve".to_string(), format!("{bank}:{asset}=100000000000000")]);
		}
	}
	let sim =
		GatewaySim::start_with(&lists, &sim_args.iter().map(String::as_str).collect::<Vec<_>>());
	let url = nodes[0].ws_url();
	let client = GenexClient::connect(&url).await.expect("connect");
	bridge::set_endpoint(&client, bridge::PRIMARY, &sim.bank("primary_bank")).await;
	bridge::set_endpoint(&client, bridge::BACKUP, &sim.bank("backup_processor")).await;
	ok(&url, &["kyc", "set", "dorothy", "L1", "--signer", "alith"]);
	let settle = Duration::from_secs(180);
	bridge::until(settle, "the attested reserves to cover the supply", || async {
		let info = bridge::reserves(&client).await;
		(info.reported > 0 && info.paused.is_none()).then_some(())
	})
	.await;
	let dorothy = dev::DOROTHY.address;
	let before = client.balance(Asset::Usdc, dorothy).await.unwrap();
	let reference = bridge::bank_deposit(&sim, "primary_bank", dorothy, "100");
	let (info, took) = bridge::until(settle, "the deposit to be minted", || async {
		bridge::deposit_info(&client, bridge::PRIMARY, &reference)
			.await
			.filter(|info| matches!(info.state, DepositState::Minted { .. }))
	})
	.await;
	println!("local network: bank deposit -> minted by 2 of 3 attestors: {took:?}");
	let attestors: BTreeSet<[u8; 20]> = info.attestations.iter().map(|(who, _)| who.0).collect();
	assert!(attestors.len() >= 2, "minted after {} attestation(s)", attestors.len());
	assert_eq!(attestors.len(), info.attestations.len(), "an attestor counted twice");
	let known: BTreeSet<[u8; 20]> = dev::ATTESTORS.iter().map(|a| a.address.0).collect();
	assert!(attestors.is_subset(&known), "{attestors:?}");
	assert!(info.attestations.windows(2).all(|pair| pair[0].1 == pair[1].1), "identical data");
	// Whatever the third attestor does afterwards, the deposit is minted once.
	tokio::time::sleep(Duration::from_secs(15)).await;
	assert_eq!(client.balance(Asset::Usdc, dorothy).await.unwrap(), before + 100 * bridge::DOLLAR);
}
