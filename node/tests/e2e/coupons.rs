//! End to end through a real `genex-node --dev` and the `genex` CLI: an account applies as
//! issuer, compliance (Root through sudo) approves it, the issuer creates a class that a
//! compliance officer (Alith on the dev chain) approves, mints 100 coupons and lists them. Bad input is refused with the
//! runtime's typed error and changes nothing.

use crate::common::*;
use genex_primitives::{dev, DOLLARS};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread")]
async fn issuer_class_and_mint_through_the_cli() {
	let scratch = ScratchDir::new("coupons");
	let mut node = Node::start_dev(scratch.path());
	wait_finalized(&mut node, 1, Duration::from_secs(180)).await;
	let url = node.ws_url();
	let issuer = dev::BALTATHAR.address.to_string();
	let usdc_before: u128 = ok(&url, &["balance", &issuer, "--asset", "usdc"]).parse().unwrap();

	// Apply: only hashes of the company name and licence go on chain.
	let out = ok(
		&url,
		&[
			"issuer",
			"apply",
			"--company",
			"Baltathar Coffee Ltd",
			"--licence",
			"BL-2026-001",
			"--signer",
			"baltathar",
		],
	);
	assert!(out.contains("applied"), "{out}");
	assert!(ok(&url, &["issuer", "show", "baltathar"]).contains("status Pending"));
	// Applying twice is refused.
	let error = refused(
		&url,
		&["issuer", "apply", "--company", "x", "--licence", "y", "--signer", "baltathar"],
	);
	assert!(error.contains("Coupons::AlreadyApplied"), "{error}");

	// Approval is a compliance call: the issuer cannot approve itself, with or without sudo.
	let error = refused(&url, &["issuer", "approve", "baltathar", "--signer", "baltathar"]);
	assert!(error.contains("BadOrigin"), "{error}");
	let error =
		refused(&url, &["issuer", "approve", "baltathar", "--sudo", "--signer", "baltathar"]);
	assert!(error.contains("Sudo::RequireSudo"), "{error}");
	assert!(ok(&url, &["issuer", "show", "baltathar"]).contains("status Pending"));
	let out = ok(&url, &["issuer", "approve", "baltathar", "--sudo", "--signer", "alith"]);
	assert!(out.contains("guarantee deposit 10000 USDC"), "{out}");
	let shown = ok(&url, &["issuer", "show", "baltathar"]);
	assert!(shown.contains("status Active"), "{shown}");
	assert!(shown.contains("credit score 60.00, rating BBB, quota 100000 USD"), "{shown}");

	// Bad classes are refused with the runtime's error and create nothing.
	for (args, error) in [
		(vec!["--face", "0", "--expiry", "+30", "--supply", "100"], "Coupons::FaceValueTooLow"),
		(
			vec!["--face", "10", "--expiry", "2020-01-01", "--supply", "100"],
			"Coupons::ExpiryInPast",
		),
		(vec!["--face", "10", "--expiry", "+400", "--supply", "100"], "Coupons::ExpiryTooFar"),
		(vec!["--face", "100000", "--expiry", "+30", "--supply", "2"], "Coupons::QuotaExceeded"),
	] {
		let mut command = vec!["class", "create"];
		command.extend(args);
		command.extend(["--signer", "baltathar"]);
		let stderr = refused(&url, &command);
		assert!(stderr.contains(error), "{command:?}: {stderr}");
	}
	assert!(refused(&url, &["class", "show", "0"]).contains("no class 0"));
	// Only an approved issuer creates classes.
	let stderr = refused(
		&url,
		&[
			"class", "create", "--face", "10", "--expiry", "+30", "--supply", "1", "--signer",
			"charleth",
		],
	);
	assert!(stderr.contains("Coupons::UnknownIssuer"), "{stderr}");

	// A $10 class of up to 1,000 coupons, reviewed by compliance.
	let out = ok(
		&url,
		&[
			"class",
			"create",
			"--face",
			"10",
			"--asset",
			"usdc",
			"--expiry",
			"+90",
			"--supply",
			"1000",
			"--signer",
			"baltathar",
		],
	);
	assert!(out.starts_with("created class 0 (Draft)"), "{out}");
	let stderr = refused(&url, &["coupons", "mint", "0", "100", "--signer", "baltathar"]);
	assert!(stderr.contains("Coupons::ClassNotActive"), "{stderr}");
	// Alith holds the compliance officer role: no sudo needed; Dorothy holds no such role.
	let error = refused(&url, &["class", "approve", "0", "--signer", "dorothy"]);
	assert!(error.contains("BadOrigin"), "{error}");
	ok(&url, &["class", "approve", "0", "--signer", "alith"]);
	assert!(ok(&url, &["class", "show", "0"]).contains("status Active"));

	// Mint 100: $1,000 of quota, 1.2 % (gold, first month) = $12 to the treasury.
	let treasury = genex_runtime::configs::TreasuryAccount::get().to_string();
	let treasury_before: u128 =
		ok(&url, &["balance", &treasury, "--asset", "usdc"]).parse().unwrap();
	let out = ok(&url, &["coupons", "mint", "0", "100", "--signer", "baltathar"]);
	assert!(
		out.contains("minted 100 coupons of class 0: serials 0..=99; issuance fee 12"),
		"{out}"
	);
	let treasury_after: u128 =
		ok(&url, &["balance", &treasury, "--asset", "usdc"]).parse().unwrap();
	assert_eq!(treasury_after - treasury_before, 12 * DOLLARS);
	let usdc_after: u128 = ok(&url, &["balance", &issuer, "--asset", "usdc"]).parse().unwrap();
	assert_eq!(usdc_before - usdc_after, 10_000 * DOLLARS + 12 * DOLLARS);

	// List them: 100 coupons, serials 0..99, all minted, held by the issuer.
	let listed = ok(&url, &["coupons", "list", "--owner", "baltathar"]);
	let lines: Vec<&str> = listed.lines().collect();
	assert_eq!(lines.len(), 100);
	for (serial, line) in lines.iter().enumerate() {
		assert_eq!(*line, format!("0:{serial} Minted 0"));
	}
	assert!(ok(&url, &["class", "show", "0"]).contains("minted 100: minted 100 listed 0"));
	assert!(ok(&url, &["issuer", "show", "baltathar"]).contains("quota used 1000 USD"));

	// Over the batch limit, over the supply cap, by someone else: refused, nothing minted.
	for (args, error) in [
		(vec!["0", "1001", "--signer", "baltathar"], "Coupons::InvalidQuantity"),
		(vec!["0", "901", "--signer", "baltathar"], "Coupons::SupplyCapExceeded"),
		(vec!["0", "1", "--signer", "charleth"], "Coupons::NotClassIssuer"),
	] {
		let mut command = vec!["coupons", "mint"];
		command.extend(args);
		let stderr = refused(&url, &command);
		assert!(stderr.contains(error), "{command:?}: {stderr}");
	}
	assert_eq!(ok(&url, &["coupons", "list", "--owner", "baltathar"]).lines().count(), 100);
	assert!(ok(&url, &["coupons", "list", "--owner", "charleth"]).is_empty());
}
