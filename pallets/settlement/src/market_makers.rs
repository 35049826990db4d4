//! Market makers: registration (KYC L3 and a deposit), status set by compliance, `batch` of up
//! to `MaxBatch` places and cancels, and the watch on their obligations: every
//! `sample_interval` blocks the idle hook samples each active market maker's open orders on the
//! classes it committed to quote (spread, depth a side), keeps its uptime over the last
//! `window` samples, reports it when it falls below its floor and suspends it when it stays
//! there for the grace period.

use crate::{pallet::*, types::*, weights::WeightInfo as _};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{fungibles::Mutate, tokens::Preservation::Expendable},
};
use pallet_compliance::{ComplianceGate, KycLevel};
use pallet_coupons::{ClassId, CouponLedger};
use sp_runtime::traits::{SaturatedConversion, Zero};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_register_market_maker(
		who: T::AccountId,
		deposit: Balance,
		obligations: Obligations,
	) -> DispatchResult {
		ensure!(!MarketMakers::<T>::contains_key(&who), Error::<T>::AlreadyMarketMaker);
		ensure!(T::Gate::kyc_level(&who) >= KycLevel::L3, Error::<T>::MarketMakerKycTooLow);
		ensure!(deposit >= T::MinMarketMakerDeposit::get(), Error::<T>::DepositTooLow);
		T::Gate::ensure_can_transfer(&pallet_compliance::Movement {
			from: Some(&who),
			to: None,
			class: None,
			issuer: None,
			value: 0,
			travel_rule_data: false,
		})?;
		T::Assets::transfer(
			T::MarketMakerAsset::get(),
			&who,
			&Self::account_id(),
			deposit,
			Expendable,
		)?;
		MarketMakers::<T>::insert(
			&who,
			MarketMaker { deposit, obligations, status: MarketMakerStatus::Active },
		);
		Self::deposit_event(Event::MarketMakerRegistered { who, deposit, obligations });
		Ok(())
	}

	pub(crate) fn do_set_market_maker_status(
		who: T::AccountId,
		status: MarketMakerStatus,
	) -> DispatchResult {
		let mut maker = MarketMakers::<T>::get(&who).ok_or(Error::<T>::NotMarketMaker)?;
		ensure!(maker.status != MarketMakerStatus::Terminated, Error::<T>::MarketMakerTerminated);
		if status == MarketMakerStatus::Terminated {
			T::Assets::transfer(
				T::MarketMakerAsset::get(),
				&Self::account_id(),
				&who,
				maker.deposit,
				Expendable,
			)?;
			maker.deposit = 0;
		}
		if status == MarketMakerStatus::Active && maker.status != MarketMakerStatus::Active {
			// Back from a suspension: its uptime starts afresh.
			Uptime::<T>::remove(&who);
		}
		maker.status = status;
		MarketMakers::<T>::insert(&who, maker);
		Self::deposit_event(Event::MarketMakerStatusSet { who, status });
		Ok(())
	}

	/// Runs `ops` in order for an active market maker, all or nothing; returns the resting
	/// orders looked at by its places and the number of cancels (for the actual weight).
	pub(crate) fn do_batch(
		who: T::AccountId,
		ops: BoundedVec<BatchOpOf<T>, T::MaxBatch>,
	) -> Result<Weight, DispatchError> {
		let maker = MarketMakers::<T>::get(&who).ok_or(Error::<T>::NotMarketMaker)?;
		ensure!(maker.status == MarketMakerStatus::Active, Error::<T>::MarketMakerNotActive);
		let mut used = Weight::zero();
		for op in ops {
			match op {
				BatchOp::Place(request) => {
					let coupons = request.offer.coupons();
					let placed = Self::do_place_order(who.clone(), request)?;
					used = used.saturating_add(Self::place_order_weight(coupons, placed.steps));
				},
				BatchOp::Cancel(order) => {
					Self::do_cancel_order(who.clone(), order)?;
					used = used.saturating_add(T::WeightInfo::cancel_order());
				},
			}
		}
		Ok(used)
	}

	/// The most a batch of `ops` can weigh.
	pub fn batch_weight(ops: &[BatchOpOf<T>]) -> Weight {
		ops.iter().fold(T::WeightInfo::batch_overhead(), |total, op| {
			total.saturating_add(match op {
				BatchOp::Place(request) => Self::place_order_max_weight(request),
				BatchOp::Cancel(_) => T::WeightInfo::cancel_order(),
			})
		})
	}

	pub(crate) fn do_set_quoted_classes(
		who: T::AccountId,
		classes: BoundedVec<ClassId, T::MaxQuotedClasses>,
	) -> DispatchResult {
		let maker = MarketMakers::<T>::get(&who).ok_or(Error::<T>::NotMarketMaker)?;
		ensure!(maker.status == MarketMakerStatus::Active, Error::<T>::MarketMakerNotActive);
		ensure!(!classes.is_empty(), Error::<T>::NoQuotedClasses);
		for (index, class) in classes.iter().enumerate() {
			ensure!(T::Coupons::class(*class).is_some(), Error::<T>::UnknownClass);
			ensure!(!classes[..index].contains(class), Error::<T>::DuplicateClass);
		}
		QuotedClasses::<T>::insert(&who, &classes);
		Self::deposit_event(Event::QuotedClassesSet { who, classes });
		Ok(())
	}

	pub(crate) fn do_set_monitoring(params: MonitoringParams) -> DispatchResult {
		ensure!(params.is_valid(), Error::<T>::InvalidMonitoring);
		Monitoring::<T>::put(params);
		// A shorter interval takes effect from now, not after the round the old one planned.
		let soonest = frame_system::Pallet::<T>::block_number()
			.saturated_into::<u32>()
			.saturating_add(params.sample_interval);
		NextSampleAt::<T>::mutate(|at| *at = (*at).min(soonest));
		Self::deposit_event(Event::MonitoringSet { params });
		Ok(())
	}

	/// The idle hook's sampling: starts a round every `sample_interval` blocks and samples the
	/// active market makers of the round in storage order, each at most once a round, while
	/// `remaining` covers a sample; a round that does not fit in one block goes on in the next.
	pub(crate) fn do_sample_market_makers(block: u32, remaining: Weight) -> Weight {
		let db = T::DbWeight::get();
		let mut used = db.reads(2);
		if remaining.any_lt(used) {
			return Weight::zero();
		}
		let (cursor, starting) = match SampleCursor::<T>::get() {
			Some(cursor) => (cursor, false),
			None if block >= NextSampleAt::<T>::get() => (BoundedVec::new(), true),
			None => return used,
		};
		let params = Monitoring::<T>::get();
		used.saturating_accrue(db.reads(1));
		if starting {
			NextSampleAt::<T>::put(block.saturating_add(params.sample_interval));
			used.saturating_accrue(db.writes(1));
		}
		let per_sample = T::WeightInfo::sample_market_maker(T::MaxSampledOrders::get());
		let mut makers = if cursor.is_empty() {
			MarketMakers::<T>::iter()
		} else {
			MarketMakers::<T>::iter_from(cursor.to_vec())
		};
		let mut last_key = cursor;
		let mut finished = true;
		// Each step reads the next market maker (within `per_sample`), then samples it if
		// what is left covers the sample and the cursor's write; if not, the cursor stays
		// before it and the round goes on in a later block.
		while let Some((who, maker)) = makers.next() {
			if remaining.any_lt(used.saturating_add(per_sample).saturating_add(db.writes(1))) {
				finished = false;
				break;
			}
			used.saturating_accrue(per_sample);
			if maker.status == MarketMakerStatus::Active {
				Self::sample_market_maker(&who, &maker.obligations, &params, block);
			}
			match makers.last_raw_key().to_vec().try_into() {
				Ok(key) => last_key = key,
				// A key longer than the cursor holds cannot happen with this runtime's
				// accounts; end the round rather than sample someone twice.
				Err(_) => break,
			}
		}
		used.saturating_accrue(db.writes(1));
		if finished {
			SampleCursor::<T>::kill();
		} else {
			SampleCursor::<T>::put(last_key);
		}
		used
	}

	/// Takes one sample of `who`: its open orders on each quoted class against `obligations`,
	/// pushed into its uptime; reports, restores or suspends it against its floor.
	pub(crate) fn sample_market_maker(
		who: &T::AccountId,
		obligations: &Obligations,
		params: &MonitoringParams,
		block: u32,
	) {
		let classes = QuotedClasses::<T>::get(who);
		// Not watched before its first commitment to a class.
		if classes.is_empty() {
			return;
		}
		let now = Self::now();
		let mut per_class: alloc::vec::Vec<alloc::vec::Vec<(Side, Balance, u32)>> =
			alloc::vec![alloc::vec::Vec::new(); classes.len()];
		for (_, order) in Orders::<T>::iter_prefix(who).take(T::MaxSampledOrders::get() as usize) {
			if order.expires_at.is_some_and(|at| at <= now) || order.remaining.is_zero() {
				continue;
			}
			if let Some(index) = classes.iter().position(|class| *class == order.class) {
				per_class[index].push((order.side, order.price, order.remaining));
			}
		}
		let latest: alloc::vec::Vec<QuoteSample> = classes
			.iter()
			.zip(per_class)
			.map(|(class, orders)| QuoteSample::measure(*class, obligations, orders))
			.collect();
		// A market maker that committed to no class quotes nothing.
		let met = !latest.is_empty() && latest.iter().all(|sample| sample.met);
		let mut record = Uptime::<T>::get(who).unwrap_or_default();
		record.push(met, params.window);
		record.last_sampled = block;
		record.latest = BoundedVec::truncate_from(latest);
		let uptime = record.uptime();
		let floor = params.floor_for(obligations);
		match record.below_floor_since {
			None if uptime < floor => {
				record.below_floor_since = Some(block);
				Self::deposit_event(Event::MarketMakerBelowUptime {
					who: who.clone(),
					uptime,
					floor,
					suspend_at: block.saturating_add(params.grace),
				});
			},
			Some(_) if uptime >= floor => {
				record.below_floor_since = None;
				Self::deposit_event(Event::MarketMakerUptimeRestored { who: who.clone(), uptime });
			},
			Some(since) if block >= since.saturating_add(params.grace) => {
				record.below_floor_since = None;
				// Only active market makers are sampled, so this cannot meet a terminated one.
				if Self::do_set_market_maker_status(who.clone(), MarketMakerStatus::Suspended)
					.is_ok()
				{
					Self::deposit_event(Event::MarketMakerSuspendedForUptime {
						who: who.clone(),
						uptime,
						floor,
					});
				}
			},
			_ => {},
		}
		Uptime::<T>::insert(who, record);
	}

	/// A market maker as apps and compliance see it: standing, obligations, classes, uptime
	/// and what the latest sample saw.
	pub fn market_maker_report(
		who: &T::AccountId,
	) -> Option<crate::runtime_api::MarketMakerReport> {
		let maker = MarketMakers::<T>::get(who)?;
		let record = Uptime::<T>::get(who).unwrap_or_default();
		let params = Monitoring::<T>::get();
		Some(crate::runtime_api::MarketMakerReport {
			deposit: maker.deposit,
			status: maker.status,
			obligations: maker.obligations,
			classes: QuotedClasses::<T>::get(who).into_inner(),
			uptime: record.uptime(),
			floor: params.floor_for(&maker.obligations),
			samples: record.samples,
			window: params.window,
			last_sampled: (record.samples > 0).then_some(record.last_sampled),
			below_floor_since: record.below_floor_since,
			suspend_at: record.below_floor_since.map(|since| since.saturating_add(params.grace)),
			latest: record.latest.into_inner(),
		})
	}
}
