//! Genesis presets: `development` (one validator) and `local_testnet` (three validators).
//!
//! Both fund the Ethereum dev accounts (Alith … Faith) with GNX, USDC and USDT, create the two
//! stablecoins owned by the fiat bridge's account, make Alith the sudo key, give the dev
//! sanctions oracle Gareth (the key `genex-node --dev` puts in its keystore) its role and GNX
//! for fees, and point the sanctions feed and the fiat bridge's two providers (`primary_bank`,
//! `backup_processor`) at the local gateway simulator (`genex-gateway-sim`, which
//! `scripts/dev.sh` and `scripts/local-net.sh` start on [`DEV_GATEWAY`]). On `development` the
//! dev oracle attests the bridge alone (1 of 1); on `local_testnet` three attestors, one key on
//! each validator's node, must agree 2 of 3 ([`dev::ATTESTORS`], funded with GNX for fees).
//! Both fund the paymaster ([`DEV_PAYMASTER_GNX`]) and sponsor every category of exchange call
//! for accounts with KYC L1 or more ([`dev_paymaster_policy`]).

use alloc::{format, vec, vec::Vec};
use frame_support::build_struct_json_patch;
use genex_primitives::dev;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

use crate::{
	configs::{FiatBridgeAccount, PaymasterAccount, TreasuryAccount},
	AccountId, AssetsConfig, AuraConfig, Balance, BalancesConfig, BlockNumber, ComplianceConfig,
	CouncilConfig, FiatBridgeConfig, GrandpaConfig, PaymasterConfig, Runtime, RuntimeGenesisConfig,
	SudoConfig, DAYS, DOLLARS, EXISTENTIAL_DEPOSIT, GNX, MILLI_GNX, STABLECOIN_DECIMALS,
	USDC_ASSET_ID, USDT_ASSET_ID,
};
use frame_support::BoundedVec;
use pallet_compliance::KycLevel;
use pallet_compliance::{ListFormat, ListSource, Role, SanctionsFeed};
use pallet_fiat_bridge::{Allowance, Limits, Priority};
use pallet_paymaster::{Category, Policy};
use sp_runtime::Permill;

/// GNX each dev account starts with.
pub const DEV_GNX: Balance = 1_000_000 * GNX;
/// USDC and USDT each dev account starts with.
pub const DEV_STABLECOIN: Balance = 1_000_000 * DOLLARS;
/// Smallest stablecoin balance an account may hold: one base unit, so any amount can move.
pub const STABLECOIN_MIN_BALANCE: Balance = 1;
/// GNX the dev sanctions oracle starts with, for its transactions' fees.
pub const DEV_ORACLE_GNX: Balance = 10_000 * GNX;
/// GNX the paymaster starts with on dev and local networks.
pub const DEV_PAYMASTER_GNX: Balance = 1_000_000 * GNX;

/// The dev and local networks' sponsorship: accounts with KYC L1 or more, 200 transactions and
/// 5 GNX of fees a day each, at most 0.5 GNX a transaction, half of each block's weight;
/// `PaymasterLow` below 10,000 GNX.
pub fn dev_paymaster_policy() -> Policy<Balance, BlockNumber> {
	Policy {
		enabled: true,
		min_kyc: KycLevel::L1,
		window: DAYS,
		max_transactions: 200,
		max_fees: 5 * GNX,
		max_fee_per_transaction: 500 * MILLI_GNX,
		block_weight_budget: crate::configs::RuntimeBlockWeights::get().max_block.ref_time() / 2,
		low_balance: 10_000 * GNX,
	}
}

/// Where `scripts/dev.sh` runs the gateway simulator on dev and local networks.
pub const DEV_GATEWAY: &str = "http://127.0.0.1:9960";
/// Sync interval of the dev and local networks' sanctions feed: a minute (6 h in production).
pub const DEV_SYNC_INTERVAL_MS: u64 = 60_000;
/// Staleness limit of the dev and local networks' feed: an hour (24 h in production).
pub const DEV_MAX_LIST_AGE_MS: u64 = 3_600_000;

/// The dev and local networks' bridge limits: $100,000 a deposit or withdrawal, $10 M minted
/// a day of each stablecoin.
pub const DEV_BRIDGE_LIMITS: Limits = Limits {
	max_deposit: 100_000 * DOLLARS,
	max_withdrawal: 100_000 * DOLLARS,
	daily_mint: 10_000_000 * DOLLARS,
};
/// Each dev provider's minting allowance: bursts of $1 M, refilled $1,000 a block.
pub const DEV_PROVIDER_ALLOWANCE: Allowance =
	Allowance { capacity: 1_000_000 * DOLLARS, refill_per_block: 1_000 * DOLLARS };

/// The dev and local networks' providers (`primary_bank` id 0, `backup_processor` id 1) and
/// their endpoints on the gateway simulator, both attested by `attestors`, `threshold` of
/// which must agree.
pub fn dev_bridge(attestors: &[AccountId], threshold: u32) -> FiatBridgeConfig {
	let providers = [("primary_bank", Priority::Primary), ("backup_processor", Priority::Backup)];
	FiatBridgeConfig {
		limits: DEV_BRIDGE_LIMITS,
		providers: providers
			.iter()
			.map(|(name, priority)| {
				(
					name.as_bytes().to_vec(),
					*priority,
					attestors.to_vec(),
					threshold,
					DEV_PROVIDER_ALLOWANCE,
				)
			})
			.collect(),
		rates: vec![],
		endpoints: providers
			.iter()
			.enumerate()
			.map(|(id, (name, _))| (id as u32, format!("{DEV_GATEWAY}/banks/{name}").into_bytes()))
			.collect(),
	}
}

/// The dev and local networks' sanctions feed: the real OFAC ETH list (`shared/testdata/ofac`)
/// served by the gateway simulator, as text, with the JSON form as the backup.
pub fn dev_sanctions_feed() -> SanctionsFeed<<Runtime as pallet_compliance::Config>::MaxUrlLength> {
	let source = |file: &str, format| ListSource {
		url: BoundedVec::truncate_from(format!("{DEV_GATEWAY}/lists/{file}").into_bytes()),
		format,
	};
	SanctionsFeed {
		primary: source("sanctioned_addresses_ETH.txt", ListFormat::Text),
		backup: Some(source("sanctioned_addresses_ETH.json", ListFormat::Json)),
		interval: DEV_SYNC_INTERVAL_MS,
		max_age: DEV_MAX_LIST_AGE_MS,
		max_shrink: Permill::from_percent(10),
	}
}

fn genesis(
	authorities: Vec<(AuraId, GrandpaId)>,
	endowed: Vec<AccountId>,
	sudo: AccountId,
	attestors: &[dev::DevAccount],
	bridge_threshold: u32,
) -> Value {
	let roles = dev_roles();
	let council = dev_council();
	let mut balances: Vec<(AccountId, Balance)> =
		endowed.iter().map(|account| (*account, DEV_GNX)).collect();
	// The treasury must exist before the first fee reaches it (smaller credits are dropped).
	balances.push((TreasuryAccount::get(), EXISTENTIAL_DEPOSIT));
	balances.push((dev::ORACLE.address, DEV_ORACLE_GNX));
	balances.push((PaymasterAccount::get(), DEV_PAYMASTER_GNX));
	// Attestors other than the oracle need GNX for their transactions' fees too.
	let attestors: Vec<AccountId> = attestors.iter().map(|account| account.address).collect();
	for attestor in attestors.iter().filter(|who| **who != dev::ORACLE.address) {
		balances.push((*attestor, DEV_ORACLE_GNX));
	}
	let bridge = FiatBridgeAccount::get();
	let stablecoins = [(USDC_ASSET_ID, "USD Coin", "USDC"), (USDT_ASSET_ID, "Tether USD", "USDT")];

	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig { balances },
		aura: AuraConfig { authorities: authorities.iter().map(|x| x.0.clone()).collect() },
		grandpa: GrandpaConfig {
			authorities: authorities.iter().map(|x| (x.1.clone(), 1)).collect()
		},
		assets: AssetsConfig {
			assets: stablecoins
				.iter()
				.map(|(id, _, _)| (*id, bridge, true, STABLECOIN_MIN_BALANCE))
				.collect(),
			metadata: stablecoins
				.iter()
				.map(|(id, name, symbol)| {
					(*id, name.as_bytes().to_vec(), symbol.as_bytes().to_vec(), STABLECOIN_DECIMALS)
				})
				.collect(),
			accounts: stablecoins
				.iter()
				.flat_map(|(id, _, _)| endowed.iter().map(|who| (*id, *who, DEV_STABLECOIN)))
				.collect(),
		},
		sudo: SudoConfig { key: Some(sudo) },
		council: CouncilConfig { members: council.clone() },
		compliance: ComplianceConfig { roles, sanctions_feed: Some(dev_sanctions_feed()) },
		fiat_bridge: dev_bridge(&attestors, bridge_threshold),
		paymaster: PaymasterConfig {
			policy: Some(dev_paymaster_policy()),
			categories: Category::ALL.to_vec(),
		},
	})
}

/// The dev accounts' roles on dev and local networks: Alith is the compliance officer and KYC
/// provider; Gareth, whose key the node holds, is the sanctions oracle and the AML monitor; Alith, Baltathar and
/// Charleth are the guardians and the council; Dorothy arbitrates; Ethan (platform server),
/// Faith (HSM module) and Dorothy (audit node) are the mapping anchor parties; Ethan operates
/// the gateway; Faith sponsors fees.
pub fn dev_roles() -> Vec<(Role, AccountId)> {
	vec![
		(Role::ComplianceOfficer, dev::ALITH.address),
		(Role::KycProvider, dev::ALITH.address),
		(Role::SanctionsOracle, dev::ORACLE.address),
		(Role::AmlMonitor, dev::ORACLE.address),
		(Role::Guardian, dev::ALITH.address),
		(Role::Guardian, dev::BALTATHAR.address),
		(Role::Guardian, dev::CHARLETH.address),
		(Role::Arbitrator, dev::DOROTHY.address),
		(Role::AnchorParty, dev::ETHAN.address),
		(Role::AnchorParty, dev::FAITH.address),
		(Role::AnchorParty, dev::DOROTHY.address),
		(Role::GatewayOperator, dev::ETHAN.address),
		(Role::Paymaster, dev::FAITH.address),
	]
}

/// The council of dev and local networks.
pub fn dev_council() -> Vec<AccountId> {
	vec![dev::ALITH.address, dev::BALTATHAR.address, dev::CHARLETH.address]
}

fn authority(aura: Sr25519Keyring, grandpa: Ed25519Keyring) -> (AuraId, GrandpaId) {
	(aura.public().into(), grandpa.public().into())
}

fn dev_accounts() -> Vec<AccountId> {
	dev::ALL.iter().map(|account| account.address).collect()
}

/// The `development` preset: Alice's well-known keys author and finalize alone; the dev oracle
/// attests the bridge alone.
pub fn development_config_genesis() -> Value {
	genesis(
		vec![authority(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		dev_accounts(),
		dev::ALITH.address,
		&[dev::ORACLE],
		1,
	)
}

/// The `local_testnet` preset: Alice, Bob and Charlie validate; GRANDPA needs two of them, and
/// the bridge two of its three attestors.
pub fn local_config_genesis() -> Value {
	genesis(
		vec![
			authority(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			authority(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
			authority(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
		],
		dev_accounts(),
		dev::ALITH.address,
		&dev::ATTESTORS,
		2,
	)
}

/// The JSON of the preset called `id`, if there is one.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
		_ => return None,
	};
	serde_json::to_vec(&patch).ok()
}

/// The names of the presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
	]
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::{tests::build, Assets, Balances, Runtime};
	use frame_support::traits::fungibles::metadata::Inspect as MetadataInspect;

	#[test]
	fn every_preset_builds_and_funds_the_dev_accounts() {
		for preset in preset_names() {
			build(preset.as_ref()).execute_with(|| {
				for account in dev::ALL {
					assert_eq!(Balances::free_balance(account.address), DEV_GNX);
					assert_eq!(Assets::balance(USDC_ASSET_ID, account.address), DEV_STABLECOIN);
					assert_eq!(Assets::balance(USDT_ASSET_ID, account.address), DEV_STABLECOIN);
				}
				assert_eq!(Balances::free_balance(TreasuryAccount::get()), EXISTENTIAL_DEPOSIT);
				assert_eq!(
					<Assets as MetadataInspect<AccountId>>::decimals(USDC_ASSET_ID),
					STABLECOIN_DECIMALS
				);
				assert_eq!(<Assets as MetadataInspect<AccountId>>::symbol(USDT_ASSET_ID), b"USDT");
				assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(dev::ALITH.address));
				assert_eq!(
					pallet_collective::Members::<Runtime, crate::configs::CouncilCollective>::get()
						.len(),
					3
				);
				assert!(pallet_compliance::Roles::<Runtime>::contains_key(
					Role::Guardian,
					dev::CHARLETH.address
				));
				// The dev oracle (not Alith) syncs sanctions, with GNX for its fees, from the
				// gateway simulator.
				assert!(pallet_compliance::Roles::<Runtime>::contains_key(
					Role::SanctionsOracle,
					dev::ORACLE.address
				));
				assert!(!pallet_compliance::Roles::<Runtime>::contains_key(
					Role::SanctionsOracle,
					dev::ALITH.address
				));
				assert!(pallet_compliance::Roles::<Runtime>::contains_key(
					Role::AmlMonitor,
					dev::ORACLE.address
				));
				assert_eq!(Balances::free_balance(dev::ORACLE.address), DEV_ORACLE_GNX);
				// The paymaster is funded and sponsors every category for KYC L1 and up.
				assert_eq!(Balances::free_balance(PaymasterAccount::get()), DEV_PAYMASTER_GNX);
				assert_eq!(
					pallet_paymaster::CurrentPolicy::<Runtime>::get(),
					dev_paymaster_policy()
				);
				for category in Category::ALL {
					assert!(pallet_paymaster::SponsoredCategories::<Runtime>::contains_key(
						category
					));
				}
				let feed = pallet_compliance::SanctionsFeedConfig::<Runtime>::get().unwrap();
				assert_eq!(
					feed.primary.url.to_vec(),
					b"http://127.0.0.1:9960/lists/sanctioned_addresses_ETH.txt".to_vec()
				);
				assert_eq!(feed.interval, 60_000);
				// The bridge's providers point at the simulator's banks, attested 1 of 1 by the
				// oracle on dev, 2 of 3 on local.
				let primary = pallet_fiat_bridge::Providers::<Runtime>::get(0).unwrap();
				assert_eq!(primary.name.to_vec(), b"primary_bank".to_vec());
				let (attestors, threshold) = match preset.as_ref() {
					sp_genesis_builder::DEV_RUNTIME_PRESET => (vec![dev::ORACLE.address], 1),
					_ => (dev::ATTESTORS.iter().map(|a| a.address).collect(), 2),
				};
				assert_eq!(primary.attestors.to_vec(), attestors);
				assert_eq!(primary.threshold, threshold);
				for attestor in attestors {
					assert_eq!(Balances::free_balance(attestor), DEV_ORACLE_GNX);
				}
				assert_eq!(
					pallet_fiat_bridge::ProviderEndpoints::<Runtime>::get(1).unwrap().to_vec(),
					b"http://127.0.0.1:9960/banks/backup_processor".to_vec()
				);
				assert_eq!(pallet_fiat_bridge::BridgeLimits::<Runtime>::get(), DEV_BRIDGE_LIMITS);
			});
		}
	}

	#[test]
	fn local_testnet_has_three_validators_and_development_one() {
		build("local_testnet").execute_with(|| {
			assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 3);
			assert_eq!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(), 3);
		});
		build("development").execute_with(|| {
			assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 1);
		});
	}
}
