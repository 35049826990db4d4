//! Runtime-level tests: genesis from the presets, and the compliance checks as the runtime
//! wires them (call filter, transaction extension), against the real OFAC list.

use crate::{
	configs::FrozenMayCall, genesis_config_presets::get_preset, AccountId, Compliance, Runtime,
	RuntimeCall, RuntimeGenesisConfig, RuntimeOrigin, DOLLARS, USDC_ASSET_ID,
};
use frame_support::{
	assert_ok,
	dispatch::{DispatchInfo, GetDispatchInfo},
	BoundedVec,
};
use genex_primitives::dev;
use pallet_compliance::{CheckCompliance, SANCTIONED_SENDER};
use serde_json::Value;
use sp_genesis_builder::PresetId;
use sp_runtime::{
	traits::{DispatchTransaction, Dispatchable},
	transaction_validity::{InvalidTransaction, TransactionSource},
	BuildStorage,
};

/// The state a node starts from with genesis preset `preset`.
pub fn build(preset: &str) -> sp_io::TestExternalities {
	let json = get_preset(&PresetId::from(preset)).expect("preset exists");
	let patch: Value = serde_json::from_slice(&json).unwrap();
	let mut base = serde_json::to_value(RuntimeGenesisConfig::default()).unwrap();
	merge(&mut base, patch);
	let config: RuntimeGenesisConfig = serde_json::from_value(base).unwrap();
	let mut ext: sp_io::TestExternalities = config.build_storage().unwrap().into();
	ext.execute_with(|| {
		frame_system::Pallet::<Runtime>::set_block_number(1);
		pallet_timestamp::Now::<Runtime>::put(1_795_000_000_000);
	});
	ext
}

fn merge(base: &mut Value, patch: Value) {
	match (base, patch) {
		(Value::Object(base), Value::Object(patch)) => {
			for (key, value) in patch {
				merge(base.entry(key).or_insert(Value::Null), value);
			}
		},
		(base, patch) => *base = patch,
	}
}

/// OFAC's published Ethereum addresses (`../shared/testdata/ofac`), EIP-55 checksummed.
fn ofac_addresses() -> Vec<AccountId> {
	// Read when the test runs, not baked in at build time: a target directory shared by two
	// checkouts keeps test binaries built in the other one.
	let manifest = std::env::var("CARGO_MANIFEST_DIR")
		.unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_string());
	let dir = format!("{manifest}/../../shared/testdata/ofac");
	let text = std::fs::read_to_string(format!("{dir}/sanctioned_addresses_ETH.txt"))
		.expect("the shared OFAC test data sits beside the repository");
	let from_text: Vec<AccountId> = text
		.lines()
		.filter(|line| !line.trim().is_empty())
		.map(|line| line.trim().parse().unwrap_or_else(|e| panic!("{line}: {e}")))
		.collect();
	let json = std::fs::read_to_string(format!("{dir}/sanctioned_addresses_ETH.json")).unwrap();
	let from_json: Vec<AccountId> = serde_json::from_str(&json).unwrap();
	assert_eq!(from_text, from_json, "the text and JSON lists agree");
	from_text
}

/// Loads `addresses` as list `list_hash` in parts of at most 100 (the runtime's batch bound).
fn load_sanctions(list_hash: [u8; 32], addresses: &[AccountId]) {
	let parts = addresses.chunks(100).count() as u16;
	for (part, chunk) in addresses.chunks(100).enumerate() {
		assert_ok!(Compliance::update_sanctions(
			RuntimeOrigin::signed(dev::ALITH.address),
			list_hash.into(),
			BoundedVec::truncate_from(b"OFAC SDN ETH".to_vec()),
			part as u16,
			parts,
			BoundedVec::truncate_from(chunk.to_vec()),
			BoundedVec::new(),
		));
	}
}

/// `who` gets KYC L1 from Alith, the dev KYC provider (stablecoin senders need it).
fn verify(who: AccountId) {
	assert_ok!(pallet_compliance::Pallet::<Runtime>::set_kyc(
		RuntimeOrigin::signed(dev::ALITH.address),
		who,
		pallet_compliance::KycLevel::L1,
		u64::MAX / 2,
		sp_core::H256::repeat_byte(1),
	));
}

fn usdc_transfer(to: AccountId, amount: u128) -> RuntimeCall {
	RuntimeCall::Settlement(pallet_settlement::Call::transfer_stablecoin {
		asset: USDC_ASSET_ID,
		to,
		amount,
		travel_rule: None,
	})
}

#[test]
fn stablecoin_moves_only_through_settlement_and_every_transfer_is_logged() {
	build("development").execute_with(|| {
		verify(dev::BALTATHAR.address);
		let from = RuntimeOrigin::signed(dev::BALTATHAR.address);
		let direct = [
			RuntimeCall::Assets(pallet_assets::Call::transfer {
				id: USDC_ASSET_ID,
				target: dev::CHARLETH.address,
				amount: DOLLARS,
			}),
			RuntimeCall::Assets(pallet_assets::Call::transfer_keep_alive {
				id: USDC_ASSET_ID,
				target: dev::CHARLETH.address,
				amount: DOLLARS,
			}),
			RuntimeCall::Assets(pallet_assets::Call::approve_transfer {
				id: USDC_ASSET_ID,
				delegate: dev::CHARLETH.address,
				amount: DOLLARS,
			}),
		];
		for call in direct {
			assert_eq!(
				call.dispatch(from.clone()).map_err(|e| e.error),
				Err(frame_system::Error::<Runtime>::CallFiltered.into())
			);
		}
		let charleth =
			pallet_assets::Pallet::<Runtime>::balance(USDC_ASSET_ID, dev::CHARLETH.address);
		let head = pallet_compliance::MovementLogHead::<Runtime>::get();
		assert_ok!(usdc_transfer(dev::CHARLETH.address, 10 * DOLLARS).dispatch(from));
		assert_eq!(
			pallet_assets::Pallet::<Runtime>::balance(USDC_ASSET_ID, dev::CHARLETH.address),
			charleth + 10 * DOLLARS
		);
		let after = pallet_compliance::MovementLogHead::<Runtime>::get();
		assert_eq!(after.next, head.next + 1);
		assert_ne!(after.link, head.link);
	});
}

#[test]
fn the_real_ofac_list_blocks_usdc_to_every_listed_address() {
	build("development").execute_with(|| {
		let listed = ofac_addresses();
		assert_eq!(listed.len(), 152);
		load_sanctions([7u8; 32], &listed);
		assert_eq!(pallet_compliance::SanctionedCount::<Runtime>::get(), 152);

		verify(dev::BALTATHAR.address);
		let from = RuntimeOrigin::signed(dev::BALTATHAR.address);
		let sanctioned = listed[42];
		let result = usdc_transfer(sanctioned, 10 * DOLLARS).dispatch(from.clone());
		assert_eq!(
			result.map_err(|e| e.error),
			Err(pallet_compliance::Error::<Runtime>::Sanctioned.into())
		);
		assert_eq!(pallet_assets::Pallet::<Runtime>::balance(USDC_ASSET_ID, sanctioned), 0);
		// Not through a batch either, nor as GNX.
		let batch = RuntimeCall::Utility(pallet_utility::Call::batch_all {
			calls: vec![usdc_transfer(sanctioned, DOLLARS)],
		});
		assert!(batch.dispatch(from.clone()).is_err());
		let gnx = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: sanctioned,
			value: crate::GNX,
		});
		assert!(gnx.dispatch(from.clone()).is_err());
		// Everyone else still receives.
		assert_ok!(usdc_transfer(dev::CHARLETH.address, 10 * DOLLARS).dispatch(from));
		// Loading the same list again changes nothing.
		load_sanctions([7u8; 32], &listed);
		assert_eq!(pallet_compliance::SanctionedCount::<Runtime>::get(), 152);
	});
}

#[test]
fn a_sanctioned_holder_is_frozen_and_cannot_sign() {
	build("development").execute_with(|| {
		// Dorothy holds USDC: sanctioning her freezes her at once.
		load_sanctions([8u8; 32], &[dev::DOROTHY.address]);
		assert!(<pallet_freeze::Pallet<Runtime> as pallet_compliance::FreezeInspect<AccountId>>::account_frozen(
			&dev::DOROTHY.address
		));
		let call = usdc_transfer(dev::CHARLETH.address, DOLLARS);
		let info: DispatchInfo = call.get_dispatch_info();
		let refused = CheckCompliance::<Runtime, FrozenMayCall>::new().validate_only(
			RuntimeOrigin::signed(dev::DOROTHY.address),
			&call,
			&info,
			100,
			TransactionSource::External,
			0,
		);
		assert_eq!(refused.unwrap_err(), InvalidTransaction::Custom(SANCTIONED_SENDER).into());
		// Charleth, not sanctioned, signs as usual.
		assert_ok!(CheckCompliance::<Runtime, FrozenMayCall>::new().validate_only(
			RuntimeOrigin::signed(dev::CHARLETH.address),
			&call,
			&info,
			100,
			TransactionSource::External,
			0,
		));
	});
}

/// Governance on local and test networks: two of the three council members, through
/// `pallet-collective`, assign a role; one member alone cannot.
#[test]
fn two_council_members_assign_a_role_one_cannot() {
	use crate::{configs::CouncilCollective, Council};
	use codec::Encode;
	use pallet_compliance::{Role, RoleInspect};
	use sp_runtime::traits::Hash;

	build("local_testnet").execute_with(|| {
		let signed = |who: AccountId| RuntimeOrigin::signed(who);
		let who = dev::FAITH.address;
		let call = RuntimeCall::Compliance(pallet_compliance::Call::assign_role {
			role: Role::Arbitrator,
			who,
		});
		let length = call.encoded_size() as u32;
		let has_role = || <Compliance as RoleInspect<AccountId>>::has_role(Role::Arbitrator, &who);

		// A motion with threshold 1 runs at once as 1 of 3 members: governance refuses it.
		assert_ok!(Council::propose(signed(dev::ALITH.address), 1, Box::new(call.clone()), length));
		assert!(!has_role());

		// Threshold 2: proposed, two ayes, closed: the role is assigned.
		assert_ok!(Council::propose(signed(dev::ALITH.address), 2, Box::new(call.clone()), length));
		let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&call);
		let index = pallet_collective::ProposalCount::<Runtime, CouncilCollective>::get() - 1;
		assert_ok!(Council::vote(signed(dev::ALITH.address), hash, index, true));
		assert!(!has_role(), "one aye is not enough");
		assert_ok!(Council::vote(signed(dev::BALTATHAR.address), hash, index, true));
		let bound = call.get_dispatch_info().call_weight;
		assert_ok!(Council::close(signed(dev::CHARLETH.address), hash, index, bound, length));
		assert!(has_role());

		// Someone outside the council cannot even propose.
		assert!(Council::propose(signed(dev::DOROTHY.address), 2, Box::new(call), length).is_err());
	});
}
