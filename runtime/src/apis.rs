//! The runtime APIs the node, standard clients (polkadot-js, PAPI, subxt) and wallets call.

use alloc::vec::Vec;
use frame_support::{
	genesis_builder_helper::{build_state, get_preset},
	weights::Weight,
};
use pallet_grandpa::AuthorityId as GrandpaId;
use sp_api::impl_runtime_apis;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_core::{crypto::KeyTypeId, OpaqueMetadata};
use sp_runtime::{
	traits::{Block as BlockT, NumberFor},
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult,
};
use sp_version::RuntimeVersion;

use crate::{
	AccountId, Aura, Balance, Block, Executive, Grandpa, InherentDataExt, Nonce, Runtime,
	RuntimeCall, RuntimeGenesisConfig, SessionKeys, System, TransactionPayment, VERSION,
};

impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block);
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> sp_runtime::ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl frame_support::view_functions::runtime_api::RuntimeViewFunction<Block> for Runtime {
		fn execute_view_function(id: frame_support::view_functions::ViewFunctionId, input: Vec<u8>) -> Result<Vec<u8>, frame_support::view_functions::ViewFunctionDispatchError> {
			Runtime::execute_view_function(id, input)
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(Aura::slot_duration())
		}

		fn authorities() -> Vec<AuraId> {
			pallet_aura::Authorities::<Runtime>::get().into_inner()
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(
			owner: Vec<u8>,
			seed: Option<Vec<u8>>,
		) -> sp_session::OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(
			encoded: Vec<u8>,
		) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
		fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
			Grandpa::grandpa_authorities()
		}

		fn current_set_id() -> sp_consensus_grandpa::SetId {
			Grandpa::current_set_id()
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			_equivocation_proof: sp_consensus_grandpa::EquivocationProof<
				<Block as BlockT>::Hash,
				NumberFor<Block>,
			>,
			_key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			None
		}

		fn generate_key_ownership_proof(
			_set_id: sp_consensus_grandpa::SetId,
			_authority_id: GrandpaId,
		) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
			// NOTE: this is the only implementation possible since we've
			// defined our key owner proof type as a bottom type (i.e. a type
			// with no values).
			None
		}
	}

	impl pallet_mapping_anchor::runtime_api::MappingAnchorApi<Block> for Runtime {
		fn latest_final_root() -> Option<pallet_mapping_anchor::FinalRoot> {
			crate::MappingAnchor::latest_final_root()
		}

		fn verify_proof(
			epoch: Option<pallet_mapping_anchor::EpochIndex>,
			leaf: genex_primitives::mapping::MappingLeaf,
			leaf_index: u32,
			proof: Vec<sp_core::H256>,
		) -> Result<pallet_mapping_anchor::FinalRoot, pallet_mapping_anchor::ProofError> {
			crate::MappingAnchor::verify_proof(epoch, leaf, leaf_index, proof)
		}
	}

	impl pallet_settlement::runtime_api::SettlementApi<Block, AccountId> for Runtime {
		fn depth(class: u32, levels: u32) -> pallet_settlement::runtime_api::BookDepth {
			crate::Settlement::depth(class, levels)
		}

		fn best_bid_ask(class: u32) -> (Option<u128>, Option<u128>) {
			(
				crate::Settlement::best_price(class, pallet_settlement::Side::Bid),
				crate::Settlement::best_price(class, pallet_settlement::Side::Ask),
			)
		}

		fn open_orders(who: AccountId) -> Vec<pallet_settlement::runtime_api::OpenOrder> {
			crate::Settlement::open_orders(&who)
		}

		fn recent_trades(
			class: u32,
			count: u32,
		) -> Vec<pallet_settlement::runtime_api::RecentTrade<AccountId>> {
			crate::Settlement::recent_trades(class, count)
		}

		fn market_maker(
			who: AccountId,
		) -> Option<pallet_settlement::runtime_api::MarketMakerReport> {
			crate::Settlement::market_maker_report(&who)
		}
	}

	impl pallet_fiat_bridge::runtime_api::FiatBridgeApi<Block, AccountId> for Runtime {
		fn provider(
			id: pallet_fiat_bridge::ProviderId,
		) -> Option<pallet_fiat_bridge::runtime_api::ProviderInfo<AccountId>> {
			crate::FiatBridge::provider_info(id)
		}

		fn providers() -> Vec<pallet_fiat_bridge::runtime_api::ProviderInfo<AccountId>> {
			crate::FiatBridge::providers_info()
		}

		fn deposit(
			provider: pallet_fiat_bridge::ProviderId,
			reference: sp_core::H256,
		) -> Option<pallet_fiat_bridge::runtime_api::DepositInfo<AccountId>> {
			crate::FiatBridge::deposit_info(provider, reference)
		}

		fn withdrawal(
			id: pallet_fiat_bridge::WithdrawalId,
		) -> Option<pallet_fiat_bridge::runtime_api::WithdrawalInfo<AccountId>> {
			crate::FiatBridge::withdrawal_info(id)
		}

		fn pending_withdrawals(
			provider: pallet_fiat_bridge::ProviderId,
			max: u32,
		) -> Vec<pallet_fiat_bridge::runtime_api::WithdrawalInfo<AccountId>> {
			crate::FiatBridge::pending_withdrawals(provider, max)
		}

		fn reserves(asset: genex_primitives::AssetId) -> pallet_fiat_bridge::runtime_api::ReservesInfo {
			crate::FiatBridge::reserves_info(asset)
		}

		fn latest_quote(
			currency: pallet_fiat_bridge::CurrencyCode,
		) -> Option<(pallet_fiat_bridge::QuoteId, pallet_fiat_bridge::Quote, bool)> {
			crate::FiatBridge::latest_quote(currency)
		}
	}

	impl pallet_redemption::runtime_api::RedemptionApi<Block, AccountId> for Runtime {
		fn store_statistics(store: AccountId) -> pallet_redemption::RedemptionStats {
			pallet_redemption::StoreStatistics::<Runtime>::get(store)
		}

		fn issuer_statistics(
			issuer: AccountId,
		) -> Option<pallet_redemption::runtime_api::IssuerRedemptions> {
			let record = pallet_coupons::Issuers::<Runtime>::get(issuer)?;
			let stats = pallet_coupons::IssuerStatistics::<Runtime>::get(issuer);
			Some(pallet_redemption::runtime_api::IssuerRedemptions {
				redeemed_count: stats.redeemed_count,
				redeemed_value: stats.redeemed_value,
				sold_value: stats.sold_value,
				breakage_value: stats.breakage_value,
				credit_score: record.credit.score.into(),
				stores: pallet_redemption::StoreCount::<Runtime>::get(issuer),
			})
		}

		fn stores(issuer: AccountId) -> Vec<(AccountId, pallet_redemption::StoreAuthorisation)> {
			pallet_redemption::Stores::<Runtime>::iter_prefix(issuer).collect()
		}
	}

	impl pallet_paymaster::runtime_api::PaymasterApi<Block, AccountId, Balance, crate::BlockNumber>
		for Runtime
	{
		fn status(who: AccountId) -> pallet_paymaster::SponsorStatus<Balance, crate::BlockNumber> {
			crate::Paymaster::status(&who)
		}

		fn policy() -> pallet_paymaster::Policy<Balance, crate::BlockNumber> {
			pallet_paymaster::CurrentPolicy::<Runtime>::get()
		}

		fn categories() -> Vec<pallet_paymaster::Category> {
			pallet_paymaster::Category::ALL
				.into_iter()
				.filter(|category| pallet_paymaster::SponsoredCategories::<Runtime>::contains_key(category))
				.collect()
		}

		fn account() -> AccountId {
			crate::Paymaster::account_id()
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_info(uxt, len)
		}
		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_fee_details(uxt, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}
		fn query_call_fee_details(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			use frame_benchmarking::BenchmarkList;
			use frame_support::traits::StorageInfoTrait;
			use frame_system_benchmarking::Pallet as SystemBench;
			use crate::*;

			let mut list = Vec::<BenchmarkList>::new();
			list_benchmarks!(list, extra);

			let storage_info = AllPalletsWithSystem::storage_info();

			(list, storage_info)
		}

		#[allow(non_local_definitions)]
		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			use frame_benchmarking::BenchmarkBatch;
			use sp_storage::TrackedStorageKey;
			use frame_system_benchmarking::Pallet as SystemBench;
			use crate::*;

			impl frame_system_benchmarking::Config for Runtime {}

			use frame_support::traits::WhitelistedStorageKeys;
			let whitelist: Vec<TrackedStorageKey> = AllPalletsWithSystem::whitelisted_storage_keys();

			let mut batches = Vec::<BenchmarkBatch>::new();
			let params = (&config, &whitelist);
			add_benchmarks!(params, batches);

			Ok(batches)
		}
	}

	#[cfg(feature = "try-runtime")]
	impl frame_try_runtime::TryRuntime<Block> for Runtime {
		fn on_runtime_upgrade(checks: frame_try_runtime::UpgradeCheckSelect) -> (Weight, Weight) {
			// NOTE: intentional unwrap: we don't want to propagate the error backwards, and want to
			// have a backtrace here. If any of the pre/post migration checks fail, we shall stop
			// right here and right now.
			let weight = Executive::try_runtime_upgrade(checks).unwrap();
			(weight, crate::configs::RuntimeBlockWeights::get().max_block)
		}

		fn execute_block(
			block: <Block as BlockT>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: frame_try_runtime::TryStateSelect
		) -> Weight {
			// NOTE: intentional unwrap: we don't want to propagate the error backwards, and want to
			// have a backtrace here.
			Executive::try_execute_block(block, state_root_check, signature_check, select).expect("execute-block failed")
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, crate::genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			crate::genesis_config_presets::preset_names()
		}
	}
}
