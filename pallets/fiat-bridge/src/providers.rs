//! Gateway providers: registration, status, attestors, allowance and the payout order; the
//! bridge's limits.

use crate::{pallet::*, types::*};
use frame_support::{ensure, pallet_prelude::*};

impl<T: Config> Pallet<T> {
	/// Checks an attestor list and threshold: distinct attestors, 1 ≤ k ≤ n.
	fn ensure_valid_attestors(attestors: &AttestorsOf<T>, threshold: u32) -> DispatchResult {
		ensure!(
			threshold >= 1 && threshold as usize <= attestors.len(),
			Error::<T>::InvalidThreshold
		);
		for (i, who) in attestors.iter().enumerate() {
			ensure!(!attestors[..i].contains(who), Error::<T>::DuplicateAttestor);
		}
		Ok(())
	}

	pub(crate) fn do_register_provider(
		name: NameOf<T>,
		priority: Priority,
		attestors: AttestorsOf<T>,
		threshold: u32,
		allowance: Allowance,
	) -> Result<ProviderId, DispatchError> {
		ensure!(!name.is_empty(), Error::<T>::EmptyName);
		Self::ensure_valid_attestors(&attestors, threshold)?;
		let id = NextProviderId::<T>::get();
		ensure!(id < T::MaxProviders::get(), Error::<T>::TooManyProviders);
		let count = attestors.len() as u32;
		let provider = Provider {
			name: name.clone(),
			priority,
			status: ProviderStatus::Active,
			attestors,
			threshold,
			allowance,
			bucket: Bucket { level: allowance.capacity, at: Self::block() },
		};
		Providers::<T>::insert(id, provider);
		NextProviderId::<T>::put(id + 1);
		Self::update_provider_order();
		Self::deposit_event(Event::ProviderRegistered {
			id,
			name,
			priority,
			attestors: count,
			threshold,
		});
		Ok(id)
	}

	pub(crate) fn do_set_provider_endpoint(
		id: ProviderId,
		endpoint: Option<EndpointOf<T>>,
	) -> DispatchResult {
		ensure!(Providers::<T>::contains_key(id), Error::<T>::UnknownProvider);
		if let Some(url) = &endpoint {
			let scheme_ok = url.starts_with(b"http://") || url.starts_with(b"https://");
			let printable = url.iter().all(|c| c.is_ascii_graphic());
			ensure!(scheme_ok && printable, Error::<T>::InvalidEndpoint);
		}
		ProviderEndpoints::<T>::set(id, endpoint.clone());
		Self::deposit_event(Event::ProviderEndpointSet { id, endpoint });
		Ok(())
	}

	pub(crate) fn do_set_provider_status(id: ProviderId, status: ProviderStatus) -> DispatchResult {
		Providers::<T>::try_mutate(id, |provider| -> DispatchResult {
			let provider = provider.as_mut().ok_or(Error::<T>::UnknownProvider)?;
			provider.status = status;
			Ok(())
		})?;
		Self::update_provider_order();
		Self::deposit_event(Event::ProviderStatusSet { id, status });
		Ok(())
	}

	pub(crate) fn do_set_provider_attestors(
		id: ProviderId,
		attestors: AttestorsOf<T>,
		threshold: u32,
	) -> DispatchResult {
		Self::ensure_valid_attestors(&attestors, threshold)?;
		let count = attestors.len() as u32;
		Providers::<T>::try_mutate(id, |provider| -> DispatchResult {
			let provider = provider.as_mut().ok_or(Error::<T>::UnknownProvider)?;
			provider.attestors = attestors;
			provider.threshold = threshold;
			Ok(())
		})?;
		Self::deposit_event(Event::ProviderAttestorsSet { id, attestors: count, threshold });
		Ok(())
	}

	pub(crate) fn do_set_provider_allowance(
		id: ProviderId,
		allowance: Allowance,
	) -> DispatchResult {
		let block = Self::block();
		Providers::<T>::try_mutate(id, |provider| -> DispatchResult {
			let provider = provider.as_mut().ok_or(Error::<T>::UnknownProvider)?;
			let level = provider.available(block).min(allowance.capacity);
			provider.allowance = allowance;
			provider.bucket = Bucket { level, at: block };
			Ok(())
		})?;
		Self::deposit_event(Event::ProviderAllowanceSet { id, allowance });
		Ok(())
	}

	pub(crate) fn do_set_limits(limits: Limits) {
		BridgeLimits::<T>::put(limits);
		Self::deposit_event(Event::LimitsSet { limits });
	}

	/// Recomputes the payout order from every provider (at most `MaxProviders`): active before
	/// standby, primary before backup, then by id; failed providers are left out.
	fn update_provider_order() {
		let mut ranked: alloc::vec::Vec<(ProviderStatus, Priority, ProviderId)> =
			Providers::<T>::iter()
				.filter(|(_, provider)| provider.status != ProviderStatus::Failed)
				.map(|(id, provider)| (provider.status, provider.priority, id))
				.collect();
		ranked.sort();
		ProviderOrder::<T>::put(BoundedVec::truncate_from(
			ranked.into_iter().map(|(_, _, id)| id).collect(),
		));
	}

	/// The first provider in the payout order not in `exclude`.
	pub(crate) fn next_provider(exclude: &[ProviderId]) -> Option<ProviderId> {
		ProviderOrder::<T>::get().into_iter().find(|id| !exclude.contains(id))
	}
}
