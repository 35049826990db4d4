//! Benchmarks of every call of the compliance pallet, of the transaction extension's check and
//! of one gate check (the worst path: a Travel Rule transfer).

use super::*;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::RawOrigin;
use sp_core::H256;

fn governance<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

/// Chain time in the benchmarks (2026-11-18): time-dependent paths run as on a live chain
/// (and without the timestamp pallet's genesis warning on every read).
fn set_time<T: Config>() {
	T::BenchmarkHelper::set_time(1_795_000_000_000);
}

/// An account holding `role`.
fn holder<T: Config>(role: Role) -> T::AccountId {
	let who: T::AccountId = account("role", role as u32, 0);
	if !Roles::<T>::contains_key(role, &who) {
		Pallet::<T>::do_assign_role(role, who.clone()).unwrap();
	}
	who
}

fn far_future<T: Config>() -> Moment {
	Pallet::<T>::now().saturating_add(365 * 86_400_000)
}

fn alerts_about<T: Config>(subject: &T::AccountId, n: u32) -> Vec<AlertId> {
	let officer = holder::<T>(Role::ComplianceOfficer);
	(0..n)
		.map(|_| {
			Pallet::<T>::do_file_alert(
				officer.clone(),
				subject.clone(),
				AmlRule::Manual,
				Severity::High,
				H256::zero(),
			)
			.unwrap()
		})
		.collect()
}

/// A feed with a backup and URLs of the longest length, any shrink allowed.
fn feed<T: Config>() -> SanctionsFeed<T::MaxUrlLength> {
	let url = |tag: u8| {
		let mut url = b"https://lists.example/".to_vec();
		url.resize(T::MaxUrlLength::get() as usize, tag);
		BoundedVec::truncate_from(url)
	};
	SanctionsFeed {
		primary: ListSource { url: url(b'a'), format: ListFormat::AdvancedXml },
		backup: Some(ListSource { url: url(b'b'), format: ListFormat::Json }),
		interval: T::MinSyncInterval::get(),
		max_age: T::MinSyncInterval::get(),
		max_shrink: sp_runtime::Permill::one(),
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn assign_role() -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		let who: T::AccountId = account("new", 0, 0);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, Role::Guardian, who.clone());
		assert!(Roles::<T>::contains_key(Role::Guardian, &who));
		Ok(())
	}

	#[benchmark]
	fn remove_role() -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		let who = holder::<T>(Role::Guardian);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, Role::Guardian, who.clone());
		assert!(!Roles::<T>::contains_key(Role::Guardian, &who));
		Ok(())
	}

	#[benchmark]
	fn set_kyc() {
		set_time::<T>();
		let provider = holder::<T>(Role::KycProvider);
		let who: T::AccountId = account("user", 0, 0);
		let until = far_future::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(provider), who.clone(), KycLevel::L2, until, H256::repeat_byte(1));
		assert_eq!(Pallet::<T>::current_kyc(&who), KycLevel::L2);
	}

	#[benchmark]
	fn revoke_kyc() {
		set_time::<T>();
		let provider = holder::<T>(Role::KycProvider);
		let who: T::AccountId = account("user", 0, 0);
		Pallet::<T>::do_set_kyc(
			provider.clone(),
			who.clone(),
			KycLevel::L2,
			far_future::<T>(),
			H256::zero(),
		)
		.unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(provider), who.clone());
		assert_eq!(Pallet::<T>::current_kyc(&who), KycLevel::L0);
	}

	/// `a` addresses added (each holding value, so each is frozen), `r` removed.
	#[benchmark]
	fn update_sanctions(
		a: Linear<0, { T::MaxSanctionsBatch::get() }>,
		r: Linear<0, { T::MaxSanctionsBatch::get() }>,
	) {
		set_time::<T>();
		let oracle = holder::<T>(Role::SanctionsOracle);
		let add: Vec<T::AccountId> = (0..a).map(|i| account("add", i, 0)).collect();
		for who in &add {
			T::BenchmarkHelper::make_holder(who);
		}
		let remove: Vec<T::AccountId> = (0..r).map(|i| account("remove", i, 0)).collect();
		Pallet::<T>::do_update_sanctions(
			oracle.clone(),
			H256::repeat_byte(1),
			BoundedVec::new(),
			0,
			1,
			BoundedVec::truncate_from(remove.clone()),
			BoundedVec::new(),
		)
		.unwrap();
		let source = BoundedVec::truncate_from(b"OFAC SDN".to_vec());
		#[extrinsic_call]
		_(
			RawOrigin::Signed(oracle),
			H256::repeat_byte(2),
			source,
			0,
			1,
			BoundedVec::truncate_from(add),
			BoundedVec::truncate_from(remove),
		);
		assert_eq!(SanctionedCount::<T>::get(), a);
	}

	#[benchmark]
	fn file_alert() {
		set_time::<T>();
		let oracle = holder::<T>(Role::SanctionsOracle);
		let subject: T::AccountId = account("subject", 0, 0);
		#[extrinsic_call]
		_(
			RawOrigin::Signed(oracle),
			subject,
			AmlRule::FanOut,
			Severity::High,
			H256::repeat_byte(3),
		);
		assert!(Alerts::<T>::contains_key(0));
	}

	/// The worst case: a critical alert citing `e` records, which opens a case and freezes.
	#[benchmark]
	fn report_screening(e: Linear<1, { T::MaxEvidence::get() }>) {
		set_time::<T>();
		let monitor = holder::<T>(Role::AmlMonitor);
		let subject: T::AccountId = account("subject", 0, 0);
		for _ in 0..e {
			Pallet::<T>::do_record_movement(genex_primitives::aml::MovementKind::FiatDeposit {
				account: subject.clone(),
				asset: 1,
				amount: 2_600_000_000,
				provider: 0,
			});
		}
		let evidence: Vec<EvidenceRef> = (0..e as u64)
			.map(|movement| EvidenceRef { movement, block: 0, extrinsic: 0, at: 0, amount: 1 })
			.collect();
		let related: Vec<T::AccountId> = (0..e).map(|i| account("related", i, 0)).collect();
		#[extrinsic_call]
		_(
			RawOrigin::Signed(monitor),
			subject.clone(),
			AmlRule::Structuring,
			Severity::Critical,
			BoundedVec::truncate_from(related),
			BoundedVec::truncate_from(evidence),
		);
		assert!(Cases::<T>::contains_key(0));
		assert_eq!(AlertEvidence::<T>::get(0).unwrap().records.len() as u32, e);
	}

	/// What every value movement adds to its call: one record in the movement log.
	#[benchmark]
	fn record_movement() {
		set_time::<T>();
		let from: T::AccountId = account("from", 0, 0);
		let to: T::AccountId = account("to", 0, 0);
		#[block]
		{
			Pallet::<T>::do_record_movement(genex_primitives::aml::MovementKind::Trade {
				trade: 1,
				buyer: from,
				seller: to.clone(),
				class: 1,
				issuer: to,
				price: 1_000_000,
				asset: 1,
				primary: false,
			});
		}
		assert_eq!(MovementLogHead::<T>::get().next, 1);
	}

	/// The AML rule engine screening `n` records of the synthetic mixed log (all rules on, the
	/// seed's parameters) among 200 accounts, windows kept SCALE-encoded in memory as the
	/// worker keeps them in offchain storage: the worker's work per record, in the runtime's
	/// wasm. Not a call's weight: its slope is the worker's time per record (the README turns
	/// it into records per second).
	#[benchmark]
	fn screen_movements(n: Linear<1, 2_000>) {
		let records =
			genex_offchain::aml::synthetic::mixed_log(n as u64, 200, 1_800_000_000_000, |i| {
				account::<T::AccountId>("mover", i as u32, 0)
			});
		let params = AmlParams::default();
		let mut store = genex_offchain::aml::MemoryStore::new();
		let mut findings = 0usize;
		#[block]
		{
			for record in &records {
				findings += genex_offchain::aml::screen(&params, &mut store, record).len();
			}
		}
		// Some patterns of the log fire once it is long enough to hold them.
		assert!(n < 1_000 || findings > 0);
	}

	#[benchmark]
	fn set_aml_params() -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		let mut params = AmlParams::default();
		params.fan_out_recipients = 12;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, params);
		assert_eq!(AmlParameters::<T>::get().fan_out_recipients, 12);
		Ok(())
	}

	#[benchmark]
	fn open_case(n: Linear<1, { T::MaxAlertsPerCase::get() }>) {
		set_time::<T>();
		let officer = holder::<T>(Role::ComplianceOfficer);
		let subject: T::AccountId = account("subject", 0, 0);
		let alerts = alerts_about::<T>(&subject, n);
		#[extrinsic_call]
		_(RawOrigin::Signed(officer), subject, BoundedVec::truncate_from(alerts));
		assert_eq!(Cases::<T>::get(0).unwrap().alerts.len() as u32, n);
	}

	#[benchmark]
	fn set_case_status() {
		set_time::<T>();
		let officer = holder::<T>(Role::ComplianceOfficer);
		let subject: T::AccountId = account("subject", 0, 0);
		let alerts = alerts_about::<T>(&subject, 1);
		Pallet::<T>::do_open_case(officer.clone(), subject, BoundedVec::truncate_from(alerts))
			.unwrap();
		Pallet::<T>::do_set_case_status(0, CaseStatus::UnderReview, None).unwrap();
		#[extrinsic_call]
		_(RawOrigin::Signed(officer), 0, CaseStatus::Reported, Some(H256::repeat_byte(4)));
		assert_eq!(Cases::<T>::get(0).unwrap().status, CaseStatus::Reported);
	}

	/// What the transaction extension reads for every signed transaction.
	#[benchmark]
	fn check_sender() {
		let who: T::AccountId = account("sender", 0, 0);
		let blocked;
		#[block]
		{
			blocked = Pallet::<T>::is_sanctioned(&who) || T::Freezes::account_frozen(&who);
		}
		assert!(!blocked);
	}

	/// One gate check on its longest path: a Travel Rule transfer of a coupon that passes.
	#[benchmark]
	fn gate_check_transfer() {
		set_time::<T>();
		let provider = holder::<T>(Role::KycProvider);
		let from: T::AccountId = account("from", 0, 0);
		let to: T::AccountId = account("to", 0, 0);
		let issuer: T::AccountId = account("issuer", 0, 0);
		for who in [&from, &to] {
			Pallet::<T>::do_set_kyc(
				provider.clone(),
				who.clone(),
				KycLevel::L3,
				far_future::<T>(),
				H256::zero(),
			)
			.unwrap();
		}
		let movement = Movement {
			from: Some(&from),
			to: Some(&to),
			class: Some(1),
			issuer: Some(&issuer),
			value: T::TravelRuleThreshold::get(),
			travel_rule_data: true,
		};
		let answer;
		#[block]
		{
			answer = Pallet::<T>::check_transfer(&movement);
		}
		assert_eq!(answer, Ok(()));
	}

	#[benchmark]
	fn set_sanctions_feed() -> Result<(), BenchmarkError> {
		set_time::<T>();
		let origin = governance::<T>()?;
		let feed = feed::<T>();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, Some(feed.clone()));
		assert_eq!(SanctionsFeedConfig::<T>::get(), Some(feed));
		Ok(())
	}

	/// One part that starts and completes a sync (its first and last part), replacing an
	/// unfinished sync, after the staleness alarm: `a` addresses added (each holding value,
	/// so each is frozen), `r` removed (each released from its sanctions freeze).
	#[benchmark]
	fn sync_sanctions(
		a: Linear<0, { T::MaxSanctionsBatch::get() }>,
		r: Linear<0, { T::MaxSanctionsBatch::get() }>,
	) {
		set_time::<T>();
		let oracle = holder::<T>(Role::SanctionsOracle);
		SanctionsFeedConfig::<T>::put(feed::<T>());
		let now = Pallet::<T>::now();
		// One entry stays, so that the list is never empty.
		let kept: T::AccountId = account("kept", 0, 0);
		let remove: Vec<T::AccountId> = (0..r).map(|i| account("remove", i, 0)).collect();
		for who in core::iter::once(&kept).chain(remove.iter()) {
			T::BenchmarkHelper::make_holder(who);
			Pallet::<T>::list_address(who, H256::repeat_byte(1), now, true);
		}
		SanctionedCount::<T>::put(r + 1);
		FeedSanctionedCount::<T>::put(r + 1);
		let add: Vec<T::AccountId> = (0..a).map(|i| account("add", i, 0)).collect();
		for who in &add {
			T::BenchmarkHelper::make_holder(who);
		}
		let header = SyncHeader {
			list_hash: H256::repeat_byte(2),
			published_at: now,
			entries: a + 1,
			source: FeedSource::Primary,
			fetched_at: now,
			parts: 1,
			additions: a,
			removals: r,
			bad_checksums: 0,
		};
		PendingSanctionsSync::<T>::put(PendingSync {
			id: H256::repeat_byte(3),
			header: SyncHeader { parts: 2, ..header },
			parts_done: 1,
			added: 0,
			removed: 0,
		});
		SanctionsFeedStatus::<T>::mutate(|status| status.stale = true);
		#[extrinsic_call]
		_(
			RawOrigin::Signed(oracle),
			header,
			0,
			BoundedVec::truncate_from(add),
			BoundedVec::truncate_from(remove),
		);
		assert_eq!(FeedSanctionedCount::<T>::get(), a + 1);
		assert_eq!(SanctionsFeedStatus::<T>::get().applied.map(|list| list.entries), Some(a + 1));
	}

	#[benchmark]
	fn report_sanctions_failure() {
		set_time::<T>();
		let oracle = holder::<T>(Role::SanctionsOracle);
		SanctionsFeedConfig::<T>::put(feed::<T>());
		let failure = FeedFailure::ShrankTooMuch { from: 152, to: 100 };
		#[extrinsic_call]
		_(RawOrigin::Signed(oracle), FeedSource::Backup, failure);
		assert_eq!(
			SanctionsFeedStatus::<T>::get().last_failure.map(|report| report.failure),
			Some(failure)
		);
	}

	/// The block hook's staleness check when it raises the alarm (its heaviest path).
	#[benchmark]
	fn watch_staleness() {
		set_time::<T>();
		SanctionsFeedConfig::<T>::put(feed::<T>());
		SanctionsFeedStatus::<T>::mutate(|status| {
			status.watching_since = Some(0);
			status.last_sync = Some(0);
		});
		let wrote;
		#[block]
		{
			wrote = Pallet::<T>::watch_staleness();
		}
		assert!(wrote);
		assert!(SanctionsFeedStatus::<T>::get().stale || Pallet::<T>::now() == 0);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
