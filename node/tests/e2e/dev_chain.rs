//! End to end on a real `genex-node --dev`: blocks are produced and finalized; GNX and USDC
//! transfers signed with Ethereum dev keys land; a bad signature, a stale nonce and overdrawn
//! transfers are refused with the node's error and change nothing but the fee where one is due
//! (paid by the sender, or by the paymaster once the sender has KYC).

use crate::common::*;
use genex_client::{runtime, to_subxt_account, Asset, GenexClient, GenexConfig};
use genex_primitives::{dev, AccountId20, DOLLARS, GNX};
use genex_runtime::configs::TreasuryAccount;
use std::time::Duration;
use subxt::config::DefaultExtrinsicParamsBuilder;
use subxt_signer::eth::{dev as keys, Keypair};

/// Every balance the test looks at, read at the latest finalized block.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
struct Balances {
	gnx: u128,
	usdc: u128,
}

async fn balances(client: &GenexClient, who: AccountId20) -> Balances {
	Balances {
		gnx: client.balance(Asset::Gnx, who).await.unwrap(),
		usdc: client.balance(Asset::Usdc, who).await.unwrap(),
	}
}

fn address(key: &Keypair) -> AccountId20 {
	genex_client::signer::address_of(key)
}

#[tokio::test(flavor = "multi_thread")]
async fn dev_chain_moves_gnx_and_usdc_and_refuses_bad_transactions() {
	let scratch = ScratchDir::new("dev-chain");
	let mut node = Node::start_dev(scratch.path());

	// Blocks are produced and finalized.
	let (first_finalized, _) = wait_finalized(&mut node, 2, Duration::from_secs(180)).await;
	assert!(first_finalized >= 2);
	let client = GenexClient::connect(&node.ws_url()).await.expect("connect over JSON-RPC");

	let alith = keys::alith();
	assert_eq!(address(&alith), dev::ALITH.address);
	// A brand-new account: it exists only once it receives something.
	let fresh = Keypair::from_secret_key([0x42; 32]).unwrap();
	let fresh_address = address(&fresh);
	assert_eq!(balances(&client, fresh_address).await, Balances { gnx: 0, usdc: 0 });
	let treasury = TreasuryAccount::get();

	// --- a GNX transfer
	let alith_before = balances(&client, dev::ALITH.address).await;
	let treasury_before = client.balance(Asset::Gnx, treasury).await.unwrap();
	let receipt = client
		.transfer(&alith, Asset::Gnx, fresh_address, 10 * GNX)
		.await
		.unwrap()
		.ensure_success()
		.unwrap();
	assert!(receipt.fee > 0, "a transfer pays a fee");
	assert_eq!(balances(&client, fresh_address).await, Balances { gnx: 10 * GNX, usdc: 0 });
	let alith_after = balances(&client, dev::ALITH.address).await;
	assert_eq!(alith_after.gnx, alith_before.gnx - 10 * GNX - receipt.fee);
	assert_eq!(alith_after.usdc, alith_before.usdc);
	assert_eq!(client.balance(Asset::Gnx, treasury).await.unwrap(), treasury_before + receipt.fee);

	// --- a USDC transfer (25.5 USDC = 25_500_000 base units); stablecoin senders need KYC L1,
	// which Alith, the dev KYC provider, attests for herself first.
	let expires_at = client.chain_time().await.unwrap() + 86_400_000;
	let own_kyc = runtime::transactions().compliance().set_kyc(
		to_subxt_account(dev::ALITH.address),
		runtime::runtime_types::pallet_compliance::traits::KycLevel::L1,
		expires_at,
		subxt::utils::H256::repeat_byte(1),
	);
	let kyc_fee = client.submit(&own_kyc, &alith).await.unwrap().ensure_success().unwrap().fee;
	let usdc = 25 * DOLLARS + DOLLARS / 2;
	let receipt = client
		.transfer(&alith, Asset::Usdc, fresh_address, usdc)
		.await
		.unwrap()
		.ensure_success()
		.unwrap();
	assert_eq!(balances(&client, fresh_address).await, Balances { gnx: 10 * GNX, usdc });
	let alith_now = balances(&client, dev::ALITH.address).await;
	assert_eq!(alith_now.usdc, alith_before.usdc - usdc);
	// With KYC L1 her stablecoin transfer is sponsored: the paymaster pays its fee.
	assert!(receipt.sponsored && receipt.fee > 0, "{receipt:?}");
	assert_eq!(alith_now.gnx, alith_after.gnx - kyc_fee);

	// From here on nothing may change the balances of either side, beyond fees.
	let to = to_subxt_account(dev::BALTATHAR.address);
	let baltathar_before = balances(&client, dev::BALTATHAR.address).await;
	let alith_before = balances(&client, dev::ALITH.address).await;
	let alith_nonce = client.next_nonce(dev::ALITH.address).await.unwrap();
	let call = runtime::transactions().balances().transfer_keep_alive(to, GNX);
	let alith_account = to_subxt_account(dev::ALITH.address);

	// --- a tampered signature is refused by the pool
	{
		let tx = client.api().transactions().await.unwrap();
		let params = DefaultExtrinsicParamsBuilder::<GenexConfig>::new().build();
		let mut signable = tx.create_signable(&call, &alith_account, params).await.unwrap();
		let mut signature = alith.sign(&signable.signer_payload().unwrap());
		signature.0[7] ^= 0x01;
		let forged = signable
			.sign_with_account_and_signature(&alith_account, &signature.into())
			.unwrap();
		let error = client.submit_raw(forged.into_encoded()).await.unwrap_err().to_string();
		assert!(error.contains("bad signature"), "unexpected error: {error}");
	}

	// --- Baltathar's valid signature presented as Alith's is refused too
	{
		let tx = client.api().transactions().await.unwrap();
		let params = DefaultExtrinsicParamsBuilder::<GenexConfig>::new().build();
		let mut signable = tx.create_signable(&call, &alith_account, params).await.unwrap();
		let signature = keys::baltathar().sign(&signable.signer_payload().unwrap());
		let forged = signable
			.sign_with_account_and_signature(&alith_account, &signature.into())
			.unwrap();
		let error = client.submit_raw(forged.into_encoded()).await.unwrap_err().to_string();
		assert!(error.contains("bad signature"), "unexpected error: {error}");
	}

	// --- a stale nonce (already used) is refused by the pool
	{
		assert!(alith_nonce >= 2, "two transfers were sent before");
		let mut tx = client.api().transactions().await.unwrap();
		let params = DefaultExtrinsicParamsBuilder::<GenexConfig>::new()
			.nonce(alith_nonce - 1)
			.build();
		let stale = tx.create_signed(&call, &alith, params).await.unwrap();
		let error = client.submit_raw(stale.into_encoded()).await.unwrap_err().to_string();
		assert!(error.contains("outdated"), "unexpected error: {error}");
	}

	// Refused transactions changed nothing at all, not even the nonce.
	assert_eq!(balances(&client, dev::ALITH.address).await, alith_before);
	assert_eq!(balances(&client, dev::BALTATHAR.address).await, baltathar_before);
	assert_eq!(client.next_nonce(dev::ALITH.address).await.unwrap(), alith_nonce);

	// --- overdrawn transfers are included (the fee is due) but move nothing
	let fresh_before = balances(&client, fresh_address).await;
	let receipt = client
		.transfer(&fresh, Asset::Gnx, dev::BALTATHAR.address, 100 * GNX)
		.await
		.unwrap();
	let error = receipt.dispatch_error.clone().expect("overdrawn GNX transfer must fail");
	assert_eq!(error, "Token::FundsUnavailable");
	let fresh_after = balances(&client, fresh_address).await;
	assert_eq!(
		fresh_after,
		Balances { gnx: fresh_before.gnx - receipt.fee, usdc: fresh_before.usdc }
	);

	// Stablecoin goes through the compliance gate: without KYC the fresh account may not send
	// it; with KYC L1 an overdrawn transfer fails in the assets pallet. Either way only the
	// fee moves.
	let receipt = client
		.transfer(&fresh, Asset::Usdc, dev::BALTATHAR.address, DOLLARS)
		.await
		.unwrap();
	let error = receipt.dispatch_error.clone().expect("a sender without KYC must be refused");
	assert!(error.starts_with("Compliance::KycTooLow"), "{error}");
	let fresh_unverified = balances(&client, fresh_address).await;
	assert_eq!(
		fresh_unverified,
		Balances { gnx: fresh_after.gnx - receipt.fee, usdc: fresh_before.usdc }
	);
	let expires_at = client.chain_time().await.unwrap() + 86_400_000;
	let kyc = runtime::transactions().compliance().set_kyc(
		to_subxt_account(fresh_address),
		runtime::runtime_types::pallet_compliance::traits::KycLevel::L1,
		expires_at,
		subxt::utils::H256::repeat_byte(1),
	);
	client.submit(&kyc, &alith).await.unwrap().ensure_success().unwrap();
	let receipt = client
		.transfer(&fresh, Asset::Usdc, dev::BALTATHAR.address, usdc + 1)
		.await
		.unwrap();
	let error = receipt.dispatch_error.clone().expect("overdrawn USDC transfer must fail");
	assert_eq!(error, "Token::FundsUnavailable");
	// Now eligible, its failed transfer is still counted and paid, by the paymaster.
	assert!(receipt.sponsored, "{receipt:?}");
	assert_eq!(
		balances(&client, fresh_address).await,
		Balances { gnx: fresh_unverified.gnx, usdc: fresh_before.usdc }
	);
	assert_eq!(balances(&client, dev::BALTATHAR.address).await, baltathar_before);
	assert!(matches!(receipt.ensure_success(), Err(genex_client::ClientError::Dispatch { .. })));
}
