//! Unit tests of the fiat bridge against the mock runtime; every test ends by checking the
//! pallet's invariants (`do_try_state`).

mod deposits;
mod providers;
mod rates;
mod reserves;
mod withdrawals;
mod worker;

use crate::{mock::*, *};
use frame_support::{assert_ok, traits::fungibles::Inspect};
use sp_core::H256;
use sp_runtime::DispatchResult;

pub(crate) type Event = crate::Event<Test>;

/// What the providers report as reserves in a healthy test: $1 billion of each stablecoin.
pub(crate) const AMPLE_RESERVES: Balance = 1_000_000_000 * DOLLAR;

pub(crate) fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

pub(crate) fn root() -> RuntimeOrigin {
	RuntimeOrigin::root()
}

pub(crate) fn balance(asset: AssetId, who: AccountId) -> Balance {
	<Assets as Inspect<AccountId>>::balance(asset, &who)
}

pub(crate) fn supply(asset: AssetId) -> Balance {
	<Assets as Inspect<AccountId>>::total_issuance(asset)
}

pub(crate) fn reference(n: u8) -> H256 {
	H256::repeat_byte(n)
}

/// A deposit of `dollars` USD as USDC to `account`.
pub(crate) fn usd(account: AccountId, dollars: u128) -> DepositDataOf<Test> {
	DepositData {
		account,
		asset: USDC,
		amount: dollars * DOLLAR,
		fiat_currency: USD,
		fiat_amount: dollars * 100,
		quote: None,
	}
}

pub(crate) fn attest(
	who: AccountId,
	provider: ProviderId,
	reference: H256,
	data: &DepositDataOf<Test>,
) -> DispatchResult {
	FiatBridge::attest_deposit(signed(who), provider, reference, data.clone())
}

/// The primary's first two attestors attest `data`.
pub(crate) fn agree(reference: H256, data: &DepositDataOf<Test>) {
	assert_ok!(attest(A1, PRIMARY, reference, data));
	assert_ok!(attest(A2, PRIMARY, reference, data));
}

pub(crate) fn deposit_state(provider: ProviderId, reference: H256) -> DepositState {
	Deposits::<Test>::get(provider, reference).expect("a deposit").state
}

pub(crate) fn is_minted(provider: ProviderId, reference: H256) -> bool {
	matches!(deposit_state(provider, reference), DepositState::Minted { .. })
}

/// The bridge's events so far.
pub(crate) fn events() -> Vec<Event> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::FiatBridge(event) => Some(event),
			_ => None,
		})
		.collect()
}

pub(crate) fn has_event(event: Event) -> bool {
	events().contains(&event)
}

/// The primary's attestors A1 and A2 agree on `amount` of reserves of `asset` as of `as_of`.
pub(crate) fn report_reserves(asset: AssetId, amount: Balance, as_of: Moment) {
	assert_ok!(FiatBridge::report_reserves(signed(A1), PRIMARY, asset, amount, as_of));
	assert_ok!(FiatBridge::report_reserves(signed(A2), PRIMARY, asset, amount, as_of));
}

/// Ample fresh reserves of both stablecoins as of now.
pub(crate) fn healthy_reserves() {
	let now = pallet_timestamp::Now::<Test>::get();
	for asset in [USDC, USDT] {
		report_reserves(asset, AMPLE_RESERVES, now);
		assert_eq!(MintingPaused::<Test>::get(asset), None);
	}
}

/// Runs `f` on a chain with ample fresh reserves (minting allowed), then checks the
/// invariants.
pub(crate) fn test(f: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		healthy_reserves();
		System::reset_events();
		f();
		FiatBridge::do_try_state().expect("invariants hold");
	});
}

/// Runs `f` on a chain as genesis left it (no reserve statement yet), then checks the
/// invariants.
pub(crate) fn test_from_genesis(f: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		f();
		FiatBridge::do_try_state().expect("invariants hold");
	});
}
