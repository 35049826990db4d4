//! The pallet's invariants (`try_state`, and after every unit test).

use crate::{pallet::*, types::*};
use alloc::collections::{BTreeMap, BTreeSet};
use frame_support::{
	ensure,
	traits::{fungibles::Inspect, Get},
};

impl<T: Config> Pallet<T> {
	/// Invariants:
	/// - providers: ids below `NextProviderId` ≤ `MaxProviders`; 1 ≤ k ≤ n distinct attestors;
	///   a bucket never above its capacity; the payout order is exactly the providers not
	///   failed, active before standby, primary before backup, then by id;
	/// - deposits: no reference minted twice, i.e. what deposits minted of each asset equals
	///   the sum of the minted deposits' amounts; a deposit holds at most one attestation per
	///   attestor;
	/// - withdrawals: the escrow of each asset equals the sum of its pending withdrawals and the
	///   pallet's account holds at least that; what was burned equals the sum of the paid ones;
	///   each pending withdrawal is listed under its provider only, and only pending ones are
	///   listed; a provider that failed a withdrawal is not assigned it;
	/// - reserves: each asset's summary is its providers' latest statements added up.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let next = NextProviderId::<T>::get();
		ensure!(next <= T::MaxProviders::get(), "at most MaxProviders providers");
		let mut order: alloc::vec::Vec<(ProviderStatus, Priority, ProviderId)> = Default::default();
		for (id, provider) in Providers::<T>::iter() {
			ensure!(id < next, "provider ids are below the next id");
			let n = provider.attestors.len() as u32;
			ensure!(provider.threshold >= 1 && provider.threshold <= n, "1 <= k <= n");
			let distinct: BTreeSet<_> = provider.attestors.iter().collect();
			ensure!(distinct.len() as u32 == n, "attestors are distinct");
			ensure!(
				provider.bucket.level <= provider.allowance.capacity,
				"a bucket holds at most its capacity"
			);
			if provider.status != ProviderStatus::Failed {
				order.push((provider.status, provider.priority, id));
			}
		}
		order.sort();
		let expected: alloc::vec::Vec<ProviderId> =
			order.into_iter().map(|(_, _, id)| id).collect();
		ensure!(ProviderOrder::<T>::get().to_vec() == expected, "the payout order");

		let mut minted: BTreeMap<AssetId, Balance> = Default::default();
		for (_, _, record) in Deposits::<T>::iter() {
			let attestors: BTreeSet<_> = record.attestations.iter().map(|a| &a.attestor).collect();
			ensure!(attestors.len() == record.attestations.len(), "one attestation per attestor");
			if let DepositState::Minted { .. } = record.state {
				*minted.entry(record.data.asset).or_default() += record.data.amount;
			}
		}
		for (asset, total) in TotalMinted::<T>::iter() {
			ensure!(
				minted.remove(&asset).unwrap_or_default() == total,
				"minted = the minted deposits (no reference minted twice)"
			);
		}
		ensure!(minted.values().all(|m| *m == 0), "every minted deposit is counted");

		let mut escrowed: BTreeMap<AssetId, Balance> = Default::default();
		let mut burned: BTreeMap<AssetId, Balance> = Default::default();
		let mut listed: BTreeSet<(ProviderId, WithdrawalId)> = Default::default();
		for (id, withdrawal) in Withdrawals::<T>::iter() {
			match withdrawal.state {
				WithdrawalState::Pending { provider, .. } => {
					*escrowed.entry(withdrawal.asset).or_default() += withdrawal.amount;
					listed.insert((provider, id));
					ensure!(
						!withdrawal.failed.contains(&provider),
						"a provider that failed is not assigned"
					);
				},
				WithdrawalState::Paid { .. } => {
					*burned.entry(withdrawal.asset).or_default() += withdrawal.amount
				},
				WithdrawalState::Refunded { .. } => {},
			}
		}
		let index: BTreeSet<_> = PendingPayouts::<T>::iter_keys().collect();
		ensure!(index == listed, "pending payouts = the pending withdrawals, by provider");
		let escrow = Self::account_id();
		for asset in T::Stablecoins::get() {
			let held = Escrowed::<T>::get(asset);
			ensure!(
				held == escrowed.get(&asset).copied().unwrap_or_default(),
				"escrow = the pending withdrawals"
			);
			ensure!(T::Assets::balance(asset, &escrow) >= held, "the escrow is in the account");
			ensure!(
				TotalBurned::<T>::get(asset) == burned.get(&asset).copied().unwrap_or_default(),
				"burned = the paid withdrawals"
			);
			ensure!(
				ReserveSummaries::<T>::get(asset) == Self::summarize_reserves(asset),
				"the reserve summary adds up the latest statements"
			);
		}
		Ok(())
	}
}
