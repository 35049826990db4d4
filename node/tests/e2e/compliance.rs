//! End to end through a real `genex-node --dev` and the `genex` CLI: a guardian freezes an
//! account, whose transactions the node then refuses at validation and to which no value may
//! be sent; one guardian cannot lift the freeze, two can. The real OFAC list is loaded into the
//! sanctions set and a listed address cannot receive USDC. Governance assigns roles; a KYC
//! provider attests a level.

use crate::common::*;
use genex_primitives::dev;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread")]
async fn freezes_and_sanctions_through_the_node() {
	let scratch = ScratchDir::new("compliance");
	let mut node = Node::start_dev(scratch.path());
	wait_finalized(&mut node, 1, Duration::from_secs(180)).await;
	let url = node.ws_url();
	let charleth = dev::CHARLETH.address.to_string();

	// Only guardians freeze.
	let error = refused(&url, &["freeze", "apply", "account", "alith", "--signer", "dorothy"]);
	assert!(error.contains("Freeze::NotGuardian"), "{error}");

	// Baltathar, a guardian, freezes Charleth at once.
	let out = ok(
		&url,
		&[
			"freeze",
			"apply",
			"account",
			"charleth",
			"--reason",
			"fraud",
			"--incident",
			"INC-2026-0042",
			"--signer",
			"baltathar",
		],
	);
	assert_eq!(out, format!("froze account {charleth}"));
	assert_eq!(ok(&url, &["freeze", "list"]), format!("account {charleth} Fraud INC-2026-0042"));

	// The node refuses Charleth's transactions at validation: nothing changes, not even the nonce.
	let before = ok(&url, &["balance", "charleth"]);
	let error = refused(&url, &["transfer", "alith", "1", "--signer", "charleth"]);
	assert!(error.contains("frozen") && error.contains("custom error 201"), "{error}");
	// Nor may value reach Charleth: the gate refuses, the sender pays only the fee.
	let error =
		refused(&url, &["transfer", "charleth", "5", "--asset", "usdc", "--signer", "alith"]);
	assert!(error.contains("Compliance::AccountFrozen"), "{error}");
	assert_eq!(ok(&url, &["balance", "charleth"]), before);

	// One guardian cannot lift it; a second one can.
	let out = ok(&url, &["freeze", "approve-unfreeze", "account", "charleth", "--signer", "alith"]);
	assert!(out.contains("stays frozen"), "{out}");
	let error =
		refused(&url, &["freeze", "approve-unfreeze", "account", "charleth", "--signer", "alith"]);
	assert!(error.contains("Freeze::AlreadyApproved"), "{error}");
	refused(&url, &["transfer", "alith", "1", "--signer", "charleth"]);
	let out =
		ok(&url, &["freeze", "approve-unfreeze", "account", "charleth", "--signer", "baltathar"]);
	assert!(out.contains("is unfrozen"), "{out}");
	assert!(ok(&url, &["freeze", "list"]).is_empty());
	ok(&url, &["transfer", "alith", "1", "--signer", "charleth"]);

	// Roles come from governance (Root on dev): Dorothy, an arbitrator, cannot attest KYC until
	// she is made a KYC provider; then Ethan is L2.
	let error = refused(&url, &["kyc", "set", "ethan", "L2", "--signer", "dorothy"]);
	assert!(error.contains("Compliance::MissingRole"), "{error}");
	let error =
		refused(&url, &["role", "assign", "kyc-provider", "dorothy", "--signer", "dorothy"]);
	assert!(error.contains("BadOrigin"), "{error}");
	ok(&url, &["role", "assign", "kyc-provider", "dorothy", "--sudo", "--signer", "alith"]);
	assert!(
		ok(&url, &["role", "show", "dorothy"]).ends_with(": KycProvider, Arbitrator, AnchorParty")
	);
	assert!(ok(&url, &["kyc", "show", "ethan"]).ends_with("KYC L0"));
	ok(&url, &["kyc", "set", "ethan", "L2", "--days", "30", "--signer", "dorothy"]);
	assert!(ok(&url, &["kyc", "show", "ethan"]).ends_with("KYC L2"));
	ok(&url, &["role", "remove", "kyc-provider", "dorothy", "--sudo", "--signer", "alith"]);
	assert!(ok(&url, &["role", "show", "dorothy"]).ends_with(": Arbitrator, AnchorParty"));

	// The real OFAC list: 152 Ethereum addresses, loaded in parts by the sanctions oracle.
	let list = ofac_file("sanctioned_addresses_ETH.txt");
	let out =
		ok(&url, &["sanctions", "load", &list, "--source", "OFAC SDN ETH", "--signer", "alith"]);
	assert!(out.contains("152 addresses in 2 part(s), 152 newly sanctioned"), "{out}");
	let listed = "0x01e2919679362dFBC9ee1644Ba9C6da6D6245BB1";
	let check = ok(&url, &["sanctions", "check", listed]);
	assert!(check.contains(": SANCTIONED since") && check.contains("by hand"), "{check}");
	assert!(ok(&url, &["sanctions", "check", "dorothy"]).ends_with(": not sanctioned"));
	// Stablecoin senders need KYC L1.
	ok(&url, &["kyc", "set", "baltathar", "L1", "--signer", "alith"]);
	// A listed address cannot receive USDC (nor GNX).
	let error =
		refused(&url, &["transfer", listed, "10", "--asset", "usdc", "--signer", "baltathar"]);
	assert!(error.contains("Compliance::Sanctioned"), "{error}");
	let error = refused(&url, &["transfer", listed, "1", "--signer", "baltathar"]);
	assert!(error.contains("CallFiltered"), "{error}");
	assert_eq!(ok(&url, &["balance", listed, "--asset", "usdc"]), "0");
	// Loading the same list again changes nothing; other receivers still get USDC.
	let out =
		ok(&url, &["sanctions", "load", &list, "--source", "OFAC SDN ETH", "--signer", "alith"]);
	assert!(out.contains("0 newly sanctioned"), "{out}");
	ok(&url, &["transfer", "dorothy", "10", "--asset", "usdc", "--signer", "baltathar"]);
	// Only the oracle or compliance officers load lists.
	let error = refused(&url, &["sanctions", "load", &list, "--signer", "dorothy"]);
	assert!(error.contains("Compliance::MissingRole"), "{error}");
}
