//! Account tools (batching, multisig) and the sudo key of dev and local networks.

use frame_support::{parameter_types, traits::ConstU32};

use crate::{
	Balance, Balances, OriginCaller, Runtime, RuntimeCall, RuntimeEvent, System, MILLI_GNX,
};

impl pallet_utility::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PalletsOrigin = OriginCaller;
	type WeightInfo = pallet_utility::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// Deposit to open a multisig operation: base plus a factor per signatory, in GNX.
	pub const MultisigDepositBase: Balance = 100 * MILLI_GNX;
	pub const MultisigDepositFactor: Balance = 10 * MILLI_GNX;
}

impl pallet_multisig::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type Currency = Balances;
	type DepositBase = MultisigDepositBase;
	type DepositFactor = MultisigDepositFactor;
	type MaxSignatories = ConstU32<100>;
	type WeightInfo = pallet_multisig::weights::SubstrateWeight<Runtime>;
	type BlockNumberProvider = System;
}

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
}
