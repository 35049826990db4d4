//! End to end: a real `genex-node --dev` (which holds the dev oracle key by itself) and a real
//! `genex-gateway-sim` serving the real OFAC list on free ports, with no manual step but
//! pointing the feed at the simulator. Within two sync intervals the 152 addresses are
//! sanctioned and a USDC transfer to one is refused; the list then drops one and adds one (a
//! dev account holding value), and the next sync delists and lists them (freezing the holder);
//! the simulator failing (5xx, garbage) leaves the last good list and the status shows why; a
//! failing primary falls back to the backup; with a short staleness limit the alarm fires and
//! clears again.

use crate::common::*;
use genex_client::{runtime, GenexClient};
use genex_primitives::dev;
use std::{
	path::{Path, PathBuf},
	time::Duration,
};

/// Sync interval the test sets (the dev preset's is a minute).
const INTERVAL: Duration = Duration::from_secs(20);
/// Time for a part to land and be finalized after the worker sends it (a block or two to be
/// included, about 5 s of finality lag on a dev chain).
const SETTLE: Duration = Duration::from_secs(12);

/// Polls `genex sanctions status` until `done` holds for its text; returns it and the time it
/// took.
fn wait_status(url: &str, deadline: Duration, done: impl Fn(&str) -> bool) -> (String, Duration) {
	poll_cli(url, &["sanctions", "status"], deadline, done)
}

fn write_list(dir: &Path, name: &str, lines: &[String]) -> PathBuf {
	let path = dir.join(name);
	let mut text = String::from("# OFAC SDN, Digital Currency Address - ETH\n");
	for line in lines {
		text.push_str(line);
		text.push('\n');
	}
	std::fs::write(&path, text).unwrap();
	path
}

#[tokio::test(flavor = "multi_thread")]
async fn the_node_syncs_the_ofac_list_from_the_gateway_simulator() {
	let scratch = ScratchDir::new("sanctions-sync");
	let lists = scratch.path().join("lists");
	std::fs::create_dir_all(&lists).unwrap();
	let real = std::fs::read_to_string(ofac_file("sanctioned_addresses_ETH.txt")).unwrap();
	let mut list: Vec<String> = real
		.lines()
		.map(str::trim)
		.filter(|l| !l.is_empty())
		.map(String::from)
		.collect();
	assert_eq!(list.len(), 152);
	let original = list.clone();
	write_list(&lists, "sdn.txt", &list);
	std::fs::copy(ofac_file("sanctioned_addresses_ETH.json"), lists.join("sdn.json")).unwrap();
	let sim = GatewaySim::start(&lists);

	let mut node = Node::start_dev_with_workers(scratch.path());
	wait_finalized(&mut node, 1, Duration::from_secs(180)).await;
	let url = node.ws_url();

	// The dev preset's feed points at the simulator `scripts/dev.sh` runs on port 9960.
	let status = ok(&url, &["sanctions", "status"]);
	assert!(
		status.contains("primary http://127.0.0.1:9960/lists/sanctioned_addresses_ETH.txt (text)"),
		"{status}"
	);
	assert!(
		status.contains("sync every 1m, stale after 1h, at most 10% removed per sync"),
		"{status}"
	);
	// Only governance sets the sources.
	let error = refused(
		&url,
		&[
			"sanctions",
			"sources",
			"set",
			&sim.url("sdn.txt"),
			"--format",
			"text",
			"--signer",
			"alith",
		],
	);
	assert!(error.contains("BadOrigin"), "{error}");
	let error =
		refused(&url, &["sanctions", "sources", "set", "ftp://x/y", "--sudo", "--signer", "alith"]);
	assert!(error.contains("Compliance::InvalidSourceUrl"), "{error}");

	// Point the feed at this test's simulator: text primary, JSON backup, every 20 s.
	let out = set_sources(&url, &sim, "10m");
	assert!(out.contains("sync every 20s, stale after 10m"), "{out}");

	// Within two sync intervals (plus inclusion and finality) the 152 addresses are sanctioned
	// by the node's own oracle key, with nobody submitting anything.
	let (status, took) =
		wait_status(&url, 2 * INTERVAL + SETTLE, |s| s.contains("with 152 entries"));
	assert!(took <= 2 * INTERVAL + SETTLE, "synced after {took:?}");
	assert!(status.contains("from the primary source"), "{status}");
	assert!(status.contains("sanctioned: 152 addresses (152 listed by the feed)"), "{status}");
	let listed = list[0].clone();
	let check = ok(&url, &["sanctions", "check", &listed]);
	assert!(
		check.contains("SANCTIONED since") && check.contains("by the sanctions feed"),
		"{check}"
	);
	assert!(ok(&url, &["sanctions", "check", "dorothy"]).ends_with(": not sanctioned"));
	// The oracle paid for its transactions; Alith signed none of them.
	let gareth_nonce = GenexClient::connect(&url)
		.await
		.unwrap()
		.next_nonce(dev::ORACLE.address)
		.await
		.unwrap();
	assert!(gareth_nonce >= 1, "the oracle sent the sync");
	// A listed address cannot receive USDC.
	let error =
		refused(&url, &["transfer", &listed, "10", "--asset", "usdc", "--signer", "baltathar"]);
	assert!(error.contains("Compliance::Sanctioned"), "{error}");
	assert_eq!(ok(&url, &["balance", &listed, "--asset", "usdc"]), "0");

	// The list drops one address and adds Faith, who holds value: the next sync delists the one
	// and sanctions (and freezes) Faith.
	let dropped = list.remove(7);
	let faith = dev::FAITH.address.to_string();
	list.push(faith.clone());
	write_list(&lists, "sdn.txt", &list);
	let before = applied_hash(&status);
	let (_, took) = wait_status(&url, 2 * INTERVAL + SETTLE, |s| {
		s.contains("with 152 entries") && applied_hash(s) != before
	});
	assert!(took <= 2 * INTERVAL + SETTLE, "resynced after {took:?}");
	assert!(ok(&url, &["sanctions", "check", &dropped]).ends_with(": not sanctioned"));
	assert!(ok(&url, &["sanctions", "check", "faith"]).contains("SANCTIONED"));
	let freezes = ok(&url, &["freeze", "list"]);
	assert!(freezes.contains(&format!("account {faith} Sanctions")), "{freezes}");
	let error = refused(&url, &["transfer", "alith", "1", "--signer", "faith"]);
	assert!(error.contains("custom error 200"), "{error}");

	// The simulator fails every list with 503: primary and backup fail, the last good list
	// stays, the status says why.
	sim.fault(r#"{"path": "*", "fault": "status", "status": 503}"#);
	let (status, _) = wait_status(&url, 2 * INTERVAL + SETTLE, |s| {
		s.contains("from the backup source: HTTP 503")
	});
	assert!(status.contains("with 152 entries"), "{status}");
	assert!(status.contains("sanctioned: 152 addresses"), "{status}");
	// Garbage instead of a list: malformed, the list stays.
	sim.fault(r#"{"path": "*", "fault": "garbage", "bytes": 5000}"#);
	let (status, _) = wait_status(&url, 2 * INTERVAL + SETTLE, |s| {
		s.contains("from the backup source: malformed list")
	});
	assert!(status.contains("sanctioned: 152 addresses"), "{status}");
	assert!(ok(&url, &["sanctions", "check", &listed]).contains("SANCTIONED"));

	// Only the primary fails: the backup's list (the original 152, republished now) is
	// applied, which puts the dropped address back and lifts Faith's listing and her sanctions
	// freeze.
	std::fs::write(lists.join("sdn.json"), serde_json::to_vec(&original).unwrap()).unwrap();
	sim.clear_faults();
	sim.fault(&format!(r#"{{"path": "/lists/sdn.txt", "fault": "status", "status": 500}}"#));
	let (status, _) =
		wait_status(&url, 2 * INTERVAL + SETTLE, |s| s.contains("from the backup source)"));
	assert!(status.contains("from the primary source: HTTP 500"), "{status}");
	assert!(ok(&url, &["sanctions", "check", &dropped]).contains("SANCTIONED"));
	assert!(ok(&url, &["sanctions", "check", "faith"]).ends_with(": not sanctioned"));
	assert!(!ok(&url, &["freeze", "list"]).contains(&faith));
	ok(&url, &["transfer", "alith", "1", "--signer", "faith"]);

	// A short staleness limit while every source fails: the alarm fires once...
	sim.fault(r#"{"path": "*", "fault": "status", "status": 503}"#);
	let client = GenexClient::connect(&url).await.unwrap();
	let (from, _) = finalized(&node.rpc().await).await;
	set_sources(&url, &sim, "30s");
	let (status, _) =
		wait_status(&url, Duration::from_secs(30) + INTERVAL + SETTLE, |s| s.contains("STALE"));
	assert!(status.contains("with 152 entries"), "{status}");
	let (to, _) = finalized(&node.rpc().await).await;
	let alarms = events::<runtime::compliance::events::SanctionsListStale>(&client, from, to).await;
	assert_eq!(alarms.len(), 1, "the alarm fires once");
	// ...and clears with the next good sync.
	sim.clear_faults();
	let (status, _) = wait_status(&url, 2 * INTERVAL + SETTLE, |s| s.contains("freshness: ok"));
	assert!(status.contains("last failure"), "{status}");
	let (after, _) = finalized(&node.rpc().await).await;
	let recovered =
		events::<runtime::compliance::events::SanctionsListRecovered>(&client, to, after).await;
	assert_eq!(recovered.len(), 1, "recovered once");
	assert!(events::<runtime::compliance::events::SanctionsListStale>(&client, to + 1, after)
		.await
		.is_empty());
}

/// Points the feed at `sim` (governance, sudo on dev): text primary, JSON backup, a sync every
/// 20 s, stale after `max_age`; returns what the CLI printed.
fn set_sources(url: &str, sim: &GatewaySim, max_age: &str) -> String {
	let (primary, backup) = (sim.url("sdn.txt"), sim.url("sdn.json"));
	ok(
		url,
		&[
			"sanctions",
			"sources",
			"set",
			&primary,
			"--format",
			"text",
			"--backup",
			&backup,
			"--backup-format",
			"json",
			"--interval",
			"20s",
			"--max-age",
			max_age,
			"--sudo",
			"--signer",
			"alith",
		],
	)
}

/// The applied list's hash in a status (`applied list: 0x… with`).
fn applied_hash(status: &str) -> String {
	status
		.lines()
		.find_map(|line| line.strip_prefix("applied list: "))
		.and_then(|rest| rest.split(' ').next())
		.unwrap_or_default()
		.to_string()
}
