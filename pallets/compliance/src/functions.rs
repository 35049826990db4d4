//! The logic behind the calls: roles, KYC, sanctions, AML alerts and cases, invariants.

use crate::{pallet::*, traits::*, types::*};
use frame_support::{pallet_prelude::*, traits::UnixTime};
use frame_system::pallet_prelude::OriginFor;
use sp_core::H256;

impl<T: Config> Pallet<T> {
	/// Milliseconds since the Unix epoch, as of the last block's timestamp.
	pub fn now() -> Moment {
		T::TimeProvider::now().as_millis() as Moment
	}

	/// The signer of `origin` if it holds one of `roles`.
	pub(crate) fn ensure_role(
		origin: OriginFor<T>,
		roles: &[Role],
	) -> Result<T::AccountId, DispatchError> {
		let who = frame_system::ensure_signed(origin)?;
		ensure!(
			roles.iter().any(|role| Roles::<T>::contains_key(role, &who)),
			Error::<T>::MissingRole
		);
		Ok(who)
	}

	pub(crate) fn do_assign_role(role: Role, who: T::AccountId) -> DispatchResult {
		ensure!(!Roles::<T>::contains_key(role, &who), Error::<T>::AlreadyHasRole);
		Roles::<T>::insert(role, &who, ());
		RoleCounts::<T>::mutate(role, |count| *count = count.saturating_add(1));
		Self::deposit_event(Event::RoleAssigned { role, who });
		Ok(())
	}

	pub(crate) fn do_remove_role(role: Role, who: T::AccountId) -> DispatchResult {
		ensure!(Roles::<T>::take(role, &who).is_some(), Error::<T>::NoSuchRole);
		RoleCounts::<T>::mutate(role, |count| *count = count.saturating_sub(1));
		Self::deposit_event(Event::RoleRemoved { role, who });
		Ok(())
	}

	pub(crate) fn do_set_kyc(
		provider: T::AccountId,
		who: T::AccountId,
		level: KycLevel,
		expires_at: Moment,
		attestation: H256,
	) -> DispatchResult {
		ensure!(expires_at > Self::now(), Error::<T>::KycExpiryInPast);
		Kyc::<T>::insert(
			&who,
			KycRecord { level, expires_at, attestation, provider: provider.clone() },
		);
		Self::deposit_event(Event::KycSet { who, level, expires_at, provider });
		Ok(())
	}

	/// The KYC level `who` holds now: an expired or missing attestation is L0.
	pub fn current_kyc(who: &T::AccountId) -> KycLevel {
		match Kyc::<T>::get(who) {
			Some(record) if record.expires_at > Self::now() => record.level,
			_ => KycLevel::L0,
		}
	}

	/// Applies one part of a sanctions list by hand; `false` when the part was applied before.
	/// Additions list the addresses by hand; removals lift only hand listings (an address the
	/// feed lists stays sanctioned while the feed lists it).
	pub(crate) fn do_update_sanctions(
		who: T::AccountId,
		list_hash: H256,
		source: BoundedVec<u8, T::MaxSourceLength>,
		part: u16,
		parts: u16,
		add: BoundedVec<T::AccountId, T::MaxSanctionsBatch>,
		remove: BoundedVec<T::AccountId, T::MaxSanctionsBatch>,
	) -> Result<bool, DispatchError> {
		ensure!(parts > 0 && part < parts, Error::<T>::InvalidListPart);
		if SanctionsBatches::<T>::contains_key(list_hash, part) {
			return Ok(false);
		}
		Self::ensure_distinct(&add, &remove)?;
		let now = Self::now();
		let mut added = 0u32;
		for address in add.iter() {
			if Self::list_address(address, list_hash, now, false) {
				added += 1;
			}
		}
		let mut removed = 0u32;
		for address in remove.iter() {
			if Sanctioned::<T>::get(address).is_some_and(|entry| entry.by_hand)
				&& Self::delist_address(address, false)
			{
				removed += 1;
			}
		}
		SanctionedCount::<T>::mutate(|count| {
			*count = count.saturating_add(added).saturating_sub(removed)
		});
		SanctionsBatches::<T>::insert(
			list_hash,
			part,
			SanctionsBatch { source, parts, added, removed, submitted_by: who, at: now },
		);
		Self::deposit_event(Event::SanctionsUpdated { list_hash, part, parts, added, removed });
		Ok(true)
	}

	/// Refuses a part naming an address twice, or both adding and removing it.
	pub(crate) fn ensure_distinct(add: &[T::AccountId], remove: &[T::AccountId]) -> DispatchResult {
		let mut seen = alloc::collections::BTreeSet::new();
		for address in add.iter().chain(remove.iter()) {
			ensure!(seen.insert(address), Error::<T>::DuplicateAddress);
		}
		Ok(())
	}

	/// Lists `who` by the feed or by hand; `true` when it was not sanctioned before (the caller
	/// counts it in `SanctionedCount`). A newly sanctioned holder of value is frozen at once.
	pub(crate) fn list_address(
		who: &T::AccountId,
		list_hash: H256,
		now: Moment,
		by_feed: bool,
	) -> bool {
		let (entry, newly) = match Sanctioned::<T>::get(who) {
			Some(entry) => (
				SanctionEntry {
					list_hash,
					by_feed: entry.by_feed || by_feed,
					by_hand: entry.by_hand || !by_feed,
					..entry
				},
				false,
			),
			None => (SanctionEntry { list_hash, since: now, by_feed, by_hand: !by_feed }, true),
		};
		Sanctioned::<T>::insert(who, entry);
		if newly && T::Holdings::holds_value(who) {
			T::Freezer::freeze_sanctioned(who);
			Self::deposit_event(Event::SanctionedHolderFrozen { who: who.clone(), list_hash });
		}
		newly
	}

	/// Lifts the feed's (`by_feed`) or the hand listing of `who`; `true` when nothing lists it
	/// any more (the caller counts it), in which case the freeze its sanctioning made is lifted.
	pub(crate) fn delist_address(who: &T::AccountId, by_feed: bool) -> bool {
		let Some(mut entry) = Sanctioned::<T>::get(who) else { return false };
		if by_feed {
			entry.by_feed = false;
		} else {
			entry.by_hand = false;
		}
		if entry.by_feed || entry.by_hand {
			Sanctioned::<T>::insert(who, entry);
			return false;
		}
		Sanctioned::<T>::remove(who);
		if T::Freezer::release_sanctioned(who) {
			Self::deposit_event(Event::DelistedHolderReleased { who: who.clone() });
		}
		true
	}

	pub(crate) fn do_file_alert(
		by: T::AccountId,
		subject: T::AccountId,
		rule: AmlRule,
		severity: Severity,
		evidence: H256,
	) -> Result<AlertId, DispatchError> {
		let id = NextAlertId::<T>::get();
		NextAlertId::<T>::put(id.saturating_add(1));
		Alerts::<T>::insert(
			id,
			Alert {
				subject: subject.clone(),
				rule,
				severity,
				evidence,
				filed_by: by,
				at: Self::now(),
				case: None,
			},
		);
		Self::deposit_event(Event::AlertFiled { id, subject, rule, severity });
		Ok(id)
	}

	pub(crate) fn do_open_case(
		by: T::AccountId,
		subject: T::AccountId,
		alerts: BoundedVec<AlertId, T::MaxAlertsPerCase>,
	) -> DispatchResult {
		ensure!(!alerts.is_empty(), Error::<T>::EmptyCase);
		let id = NextCaseId::<T>::get();
		for alert_id in alerts.iter() {
			let mut alert = Alerts::<T>::get(alert_id).ok_or(Error::<T>::UnknownAlert)?;
			ensure!(alert.subject == subject, Error::<T>::AlertSubjectMismatch);
			ensure!(alert.case.is_none(), Error::<T>::AlertInCase);
			alert.case = Some(id);
			Alerts::<T>::insert(alert_id, alert);
		}
		NextCaseId::<T>::put(id.saturating_add(1));
		let count = alerts.len() as u32;
		Cases::<T>::insert(
			id,
			Case {
				subject: subject.clone(),
				status: CaseStatus::Open,
				alerts,
				opened_by: by,
				opened_at: Self::now(),
				resolution: None,
			},
		);
		Self::deposit_event(Event::CaseOpened { id, subject, alerts: count });
		Ok(())
	}

	pub(crate) fn do_set_case_status(
		id: CaseId,
		status: CaseStatus,
		resolution: Option<H256>,
	) -> DispatchResult {
		Cases::<T>::try_mutate(id, |case| -> DispatchResult {
			let case = case.as_mut().ok_or(Error::<T>::UnknownCase)?;
			ensure!(case.status.can_move_to(status), Error::<T>::InvalidCaseTransition);
			if matches!(status, CaseStatus::Closed | CaseStatus::Reported) {
				case.resolution = Some(resolution.ok_or(Error::<T>::ResolutionRequired)?);
			}
			case.status = status;
			Ok(())
		})?;
		Self::deposit_event(Event::CaseStatusChanged { id, status });
		Ok(())
	}

	/// Checks the pallet's invariants: role counts equal the role holders, the sanctioned and
	/// feed counts equal the set, a pending sync is unfinished and within what it announced,
	/// every alert in a case points back to that case.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		for role in Role::ALL {
			let holders = Roles::<T>::iter_prefix(role).count() as u32;
			ensure!(holders == RoleCounts::<T>::get(role), "role count disagrees with holders");
		}
		let mut sanctioned = 0u32;
		let mut by_feed = 0u32;
		for (_, entry) in Sanctioned::<T>::iter() {
			ensure!(entry.by_feed || entry.by_hand, "a sanctioned address has no listing");
			sanctioned += 1;
			by_feed += entry.by_feed as u32;
		}
		ensure!(
			sanctioned == SanctionedCount::<T>::get(),
			"sanctioned count disagrees with the set"
		);
		ensure!(by_feed == FeedSanctionedCount::<T>::get(), "feed count disagrees with the set");
		if let Some(pending) = PendingSanctionsSync::<T>::get() {
			ensure!(pending.parts_done < pending.header.parts, "a finished sync is still pending");
			ensure!(
				pending.added <= pending.header.additions
					&& pending.removed <= pending.header.removals,
				"a sync applied more than it announced"
			);
		}
		for (id, case) in Cases::<T>::iter() {
			for alert in case.alerts.iter() {
				let alert = Alerts::<T>::get(alert).ok_or("a case names a missing alert")?;
				ensure!(alert.case == Some(id), "an alert does not point back to its case");
				ensure!(alert.subject == case.subject, "an alert is about another account");
			}
		}
		Ok(())
	}
}
