//! What the compliance gate and the freeze pallet share with the pallets that ask them: roles,
//! KYC levels, market scopes, the gate's answers, and the traits the runtime wires between
//! pallets (no pallet reads another's storage).

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::PalletError;
use scale_info::TypeInfo;
use sp_runtime::DispatchError;

/// A role governance assigns to an account.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
pub enum Role {
	/// Reviews issuers and classes, manages sanctions, AML alerts and cases.
	ComplianceOfficer,
	/// Attests KYC levels.
	KycProvider,
	/// The key that submits sanctions-list updates (an off-chain worker).
	SanctionsOracle,
	/// Freezes accounts, classes, issuers or the market in an emergency.
	Guardian,
	/// Decides disputes.
	Arbitrator,
	/// Co-signs the phone->address mapping roots.
	AnchorParty,
	/// Operates a fiat gateway (deposits and withdrawals).
	GatewayOperator,
	/// Sponsors users' transaction fees.
	Paymaster,
	/// The key the AML screening worker files its alerts with.
	AmlMonitor,
}

impl Role {
	/// Every role.
	pub const ALL: [Role; 9] = [
		Role::ComplianceOfficer,
		Role::KycProvider,
		Role::SanctionsOracle,
		Role::Guardian,
		Role::Arbitrator,
		Role::AnchorParty,
		Role::GatewayOperator,
		Role::Paymaster,
		Role::AmlMonitor,
	];
}

/// KYC level: L0 none, L1 basic (phone), L2 identity verified, L3 enhanced due diligence.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	PalletError,
	serde::Serialize,
	serde::Deserialize,
)]
pub enum KycLevel {
	/// Not verified (also any expired or revoked level).
	#[default]
	L0,
	/// Basic.
	L1,
	/// Identity verified: needed for Travel Rule transfers.
	L2,
	/// Enhanced: needed by market makers.
	L3,
}

/// A part of the market that can be paused on its own.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	PalletError,
)]
pub enum MarketScope {
	/// Order placement and matching.
	Trading,
	/// Transfers of coupons and stablecoin between accounts.
	Transfers,
	/// Redemption at stores.
	Redemption,
}

/// Why the gate says no.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum Denial {
	/// An account involved is on the sanctions list.
	Sanctioned,
	/// An account involved is frozen.
	AccountFrozen,
	/// The coupon class is frozen.
	ClassFrozen,
	/// The issuer is frozen.
	IssuerFrozen,
	/// This part of the market is paused.
	MarketPaused(MarketScope),
	/// An account's KYC level is below what the action needs.
	KycTooLow {
		/// Level the action needs.
		required: KycLevel,
		/// Level the account has (expired levels count as L0).
		actual: KycLevel,
	},
	/// The transfer is at or above the Travel Rule threshold: identity hashes are required.
	TravelRuleDataRequired,
}

/// What the gate is asked about a movement of value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Movement<'a, AccountId> {
	/// Who gives (None for a mint or an issuer's own action).
	pub from: Option<&'a AccountId>,
	/// Who receives.
	pub to: Option<&'a AccountId>,
	/// The coupon class involved, if any.
	pub class: Option<u32>,
	/// The class's issuer, if a coupon is involved.
	pub issuer: Option<&'a AccountId>,
	/// Value in stablecoin base units (face value or price), for the Travel Rule.
	pub value: u128,
	/// Whether the caller carries Travel Rule identity hashes.
	pub travel_rule_data: bool,
}

/// The one gate every transfer, trade, issuance and redemption asks (implemented by the
/// compliance pallet, wired by the runtime).
pub trait ComplianceGate<AccountId> {
	/// May value move from `from` to `to` (a P2P transfer)?
	fn check_transfer(movement: &Movement<AccountId>) -> Result<(), Denial>;
	/// May `who` trade coupons of `class` of `issuer`?
	fn check_trade(who: &AccountId, class: u32, issuer: &AccountId) -> Result<(), Denial>;
	/// May `holder` redeem a coupon of `class` of `issuer` at `store`?
	fn check_redeem(
		holder: &AccountId,
		store: &AccountId,
		class: u32,
		issuer: &AccountId,
	) -> Result<(), Denial>;
	/// May `issuer` issue (create classes, mint) — in `class` if given?
	fn check_issue(issuer: &AccountId, class: Option<u32>) -> Result<(), Denial>;
	/// The KYC level `who` holds now (expired levels are L0).
	fn kyc_level(who: &AccountId) -> KycLevel;
	/// The dispatch error that reports `denial` (the gate pallet's typed error).
	fn denial_error(denial: Denial) -> DispatchError;

	/// `check_transfer` as a dispatch result.
	fn ensure_can_transfer(movement: &Movement<AccountId>) -> Result<(), DispatchError> {
		Self::check_transfer(movement).map_err(Self::denial_error)
	}
	/// `check_trade` as a dispatch result.
	fn ensure_can_trade(
		who: &AccountId,
		class: u32,
		issuer: &AccountId,
	) -> Result<(), DispatchError> {
		Self::check_trade(who, class, issuer).map_err(Self::denial_error)
	}
	/// `check_redeem` as a dispatch result.
	fn ensure_can_redeem(
		holder: &AccountId,
		store: &AccountId,
		class: u32,
		issuer: &AccountId,
	) -> Result<(), DispatchError> {
		Self::check_redeem(holder, store, class, issuer).map_err(Self::denial_error)
	}
	/// `check_issue` as a dispatch result.
	fn ensure_can_issue(issuer: &AccountId, class: Option<u32>) -> Result<(), DispatchError> {
		Self::check_issue(issuer, class).map_err(Self::denial_error)
	}
}

/// A gate that allows everything: for pallet unit tests only.
impl<AccountId> ComplianceGate<AccountId> for () {
	fn check_transfer(_: &Movement<AccountId>) -> Result<(), Denial> {
		Ok(())
	}
	fn check_trade(_: &AccountId, _: u32, _: &AccountId) -> Result<(), Denial> {
		Ok(())
	}
	fn check_redeem(_: &AccountId, _: &AccountId, _: u32, _: &AccountId) -> Result<(), Denial> {
		Ok(())
	}
	fn check_issue(_: &AccountId, _: Option<u32>) -> Result<(), Denial> {
		Ok(())
	}
	fn kyc_level(_: &AccountId) -> KycLevel {
		KycLevel::L3
	}
	fn denial_error(_: Denial) -> DispatchError {
		DispatchError::Other("denied")
	}
}

/// What is frozen (implemented by the freeze pallet).
pub trait FreezeInspect<AccountId> {
	/// `who` is frozen.
	fn account_frozen(who: &AccountId) -> bool;
	/// Coupon class `class` is frozen.
	fn class_frozen(class: u32) -> bool;
	/// `issuer` is frozen.
	fn issuer_frozen(issuer: &AccountId) -> bool;
	/// This part of the market is paused.
	fn market_paused(scope: MarketScope) -> bool;
}

/// Nothing is ever frozen: for pallet unit tests only.
impl<AccountId> FreezeInspect<AccountId> for () {
	fn account_frozen(_: &AccountId) -> bool {
		false
	}
	fn class_frozen(_: u32) -> bool {
		false
	}
	fn issuer_frozen(_: &AccountId) -> bool {
		false
	}
	fn market_paused(_: MarketScope) -> bool {
		false
	}
}

/// Freezes an account without a guardian (the compliance pallet, when a holder becomes
/// sanctioned). Implemented by the freeze pallet.
pub trait AccountFreezer<AccountId> {
	/// Freezes `who` for sanctions; a no-op if already frozen.
	fn freeze_sanctioned(who: &AccountId);
	/// Lifts the freeze that sanctioning `who` made, once it is no longer sanctioned; a freeze
	/// for any other reason (a guardian's) stays. `true` when a freeze was lifted.
	fn release_sanctioned(who: &AccountId) -> bool;
	/// Freezes `who` pending review of AML case `case` (a critical screening alert); a no-op
	/// if already frozen. Guardians lift it as any other freeze.
	fn freeze_for_review(who: &AccountId, case: u64);
}

impl<AccountId> AccountFreezer<AccountId> for () {
	fn freeze_sanctioned(_: &AccountId) {}
	fn freeze_for_review(_: &AccountId, _: u64) {}
	fn release_sanctioned(_: &AccountId) -> bool {
		false
	}
}

/// Whether an account holds anything of value (stablecoin or coupons): the runtime combines
/// the assets and coupons pallets' answers.
pub trait HoldsValue<AccountId> {
	/// `who` holds stablecoin or coupons.
	fn holds_value(who: &AccountId) -> bool;
}

impl<AccountId> HoldsValue<AccountId> for () {
	fn holds_value(_: &AccountId) -> bool {
		false
	}
}

/// Which accounts hold a role (implemented by the compliance pallet).
pub trait RoleInspect<AccountId> {
	/// `who` holds `role`.
	fn has_role(role: Role, who: &AccountId) -> bool;
	/// How many accounts hold `role`.
	fn role_count(role: Role) -> u32;
}

/// Writes Travel Rule records (implemented by the compliance pallet, called by settlement for
/// transfers at or above the threshold).
pub trait TravelRuleRecorder<AccountId> {
	/// Value (stablecoin base units) from which a transfer needs a Travel Rule record.
	fn threshold() -> u128;
	/// Records one qualifying transfer; returns the record's id.
	fn record(
		originator: &AccountId,
		beneficiary: &AccountId,
		originator_identity: sp_core::H256,
		beneficiary_identity: sp_core::H256,
		value: u128,
		beneficiary_off_platform: bool,
	) -> Result<u64, DispatchError>;
}

/// The movement log AML screening reads (implemented by the compliance pallet): every pallet
/// that moves value records each movement, which gets the next sequential id and goes to the
/// offchain index (see `genex_primitives::aml`).
pub trait MovementLog<AccountId> {
	/// Records `kind` as happening now, in the current extrinsic; returns its id.
	fn record(kind: genex_primitives::aml::MovementKind<AccountId>) -> u64;
}
/// Records nothing: for pallet unit tests only.
impl<AccountId> MovementLog<AccountId> for () {
	fn record(_: genex_primitives::aml::MovementKind<AccountId>) -> u64 {
		0
	}
}
