//! The pallets `genex-node benchmark pallet` can measure (`scripts/bench.sh`).

frame_benchmarking::define_benchmarks!(
	[frame_system, SystemBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_timestamp, Timestamp]
	[pallet_coupons, Coupons]
	[pallet_compliance, Compliance]
	[pallet_freeze, Freeze]
	[pallet_mapping_anchor, MappingAnchor]
	[pallet_settlement, Settlement]
	[pallet_redemption, Redemption]
	[pallet_fiat_bridge, FiatBridge]
	[pallet_paymaster, Paymaster]
);
