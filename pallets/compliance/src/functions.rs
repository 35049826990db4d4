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

	/// Applies one part of a sanctions list; `false` when the part was applied before.
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
		let mut seen = alloc::collections::BTreeSet::new();
		for address in add.iter().chain(remove.iter()) {
			ensure!(seen.insert(address), Error::<T>::DuplicateAddress);
		}
		let now = Self::now();
		let mut added = 0u32;
		for address in add.iter() {
			if Sanctioned::<T>::contains_key(address) {
				continue;
			}
			Sanctioned::<T>::insert(address, SanctionEntry { list_hash, since: now });
			added += 1;
			if T::Holdings::holds_value(address) {
				T::Freezer::freeze_sanctioned(address);
				Self::deposit_event(Event::SanctionedHolderFrozen {
					who: address.clone(),
					list_hash,
				});
			}
		}
		let mut removed = 0u32;
		for address in remove.iter() {
			if Sanctioned::<T>::take(address).is_some() {
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

	/// Checks the pallet's invariants: role counts equal the role holders, the sanctioned
	/// count equals the set, every alert in a case points back to that case.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		for role in Role::ALL {
			let holders = Roles::<T>::iter_prefix(role).count() as u32;
			ensure!(holders == RoleCounts::<T>::get(role), "role count disagrees with holders");
		}
		ensure!(
			Sanctioned::<T>::iter().count() as u32 == SanctionedCount::<T>::get(),
			"sanctioned count disagrees with the set"
		);
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
