//! Ordinary activity, determinism, bounded state, SCALE round trips, repeats and hostile input.

use super::*;

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
	fn next(&mut self) -> u64 {
		self.0 ^= self.0 << 13;
		self.0 ^= self.0 >> 7;
		self.0 ^= self.0 << 17;
		self.0
	}
	fn below(&mut self, n: u64) -> u64 {
		self.next() % n.max(1)
	}
}

/// A mixed log over `accounts` accounts, patterns included, `step` ms apart on average.
fn random_log(seed: u64, n: u64, accounts: u64, step: u64) -> Vec<MovementRecord<u64>> {
	let mut rng = Rng(seed | 1);
	let mut at = T0;
	(1..=n)
		.map(|id| {
			at += rng.below(2 * step);
			let a = rng.below(accounts);
			let b = rng.below(accounts);
			let class = rng.below(4) as u32;
			let amount = match rng.below(5) {
				0 => dollars(2_500) + Balance::from(rng.below(500)) * DOLLARS,
				1 => dollars(10_000) + Balance::from(rng.below(2)),
				_ => Balance::from(rng.below(1_000)) * DOLLARS,
			};
			let side = if rng.below(2) == 0 { OrderSide::Bid } else { OrderSide::Ask };
			let price = dollars(10) + Balance::from(rng.below(5)) * DOLLARS;
			let kind = match rng.below(9) {
				0 => stable(a, b, amount),
				1 => gift(a, b, class, amount),
				2 | 3 => trade(a, b, class, rng.below(3), amount),
				4 => place(a, rng.below(50), class, side, price),
				5 => cancel(a, rng.below(50), class, side, price),
				6 => deposit(a, amount),
				7 => withdraw(a, amount),
				_ => MovementKind::Redemption {
					holder: a,
					store: b,
					class,
					issuer: 0,
					value: amount,
				},
			};
			MovementRecord { id, block: id as u32, extrinsic: 0, at, kind }
		})
		.collect()
}

fn screen_all(
	params: &AmlParams,
	store: &mut MemoryStore<u64>,
	log: &[MovementRecord<u64>],
) -> Vec<Finding<u64>> {
	log.iter().flat_map(|r| screen(params, store, r)).collect()
}

#[test]
fn ordinary_activity_raises_nothing() {
	let mut log = Log::new();
	let issuer = 0;
	let mut at = T0;
	let mut order = 0;
	for day in 0..7u64 {
		for user in 1..=50u64 {
			at += 7 * MINUTE;
			let class = (user % 3) as u32;
			// A primary purchase, then a resale to the next user.
			log.feed(at, place(user, order, class, OrderSide::Bid, dollars(20)));
			log.feed(at + 1, trade(user, issuer, class, issuer, dollars(20)));
			order += 1;
			if day % 2 == 1 {
				let next = user % 50 + 1;
				log.feed(at + 2, place(user, order, class, OrderSide::Ask, dollars(21)));
				log.feed(at + 3, trade(next, user, class, issuer, dollars(21)));
				order += 1;
			}
			// Now and then an order cancelled, a deposit, a withdrawal.
			if (user + day) % 10 == 0 {
				log.feed(at + 4, place(user, order, class, OrderSide::Bid, dollars(18)));
				log.feed(at + 5, cancel(user, order, class, OrderSide::Bid, dollars(18)));
				order += 1;
				log.feed(at + 6, deposit(user, dollars(500)));
			}
			if (user + day) % 17 == 0 {
				log.feed(at + 7, withdraw(user, dollars(300)));
			}
			// A few transfers, down a tree (no way back up).
			if user % 5 == 0 && user < 50 {
				log.feed(at + 8, stable(user, user * 7 % 50 + 100, dollars(40)));
				log.feed(at + 9, gift(user, user + 200, class, dollars(20)));
			}
			log.feed(
				at + 10,
				MovementKind::Redemption {
					holder: user,
					store: 99,
					class,
					issuer,
					value: dollars(20),
				},
			);
		}
	}
	assert!(log.next > 700);
	assert!(log.all.is_empty(), "ordinary activity found: {:?}", log.all);
}

#[test]
fn screening_is_deterministic_and_findings_are_well_formed() {
	let records = random_log(42, 5_000, 30, 20 * SECOND);
	let params = AmlParams::default();
	let (mut one, mut two) = (MemoryStore::new(), MemoryStore::new());
	let first = screen_all(&params, &mut one, &records);
	let second = screen_all(&params, &mut two, &records);
	assert_eq!(first, second);
	assert_eq!(one.len(), two.len());
	for who in 0..30 {
		assert_eq!(one.encoded(&who), two.encoded(&who));
	}
	let mut seen = BTreeSet::new();
	for f in &first {
		seen.insert(f.rule);
		assert_eq!(f.severity, severity(f.rule));
		assert!(!f.evidence.is_empty() && f.evidence.len() <= MAX_EVIDENCE);
		assert!(f.evidence.windows(2).all(|w| w[0] < w[1]), "ascending: {f:?}");
		assert!(f.related.len() <= MAX_EVIDENCE && !f.related.contains(&f.subject));
		let related: BTreeSet<_> = f.related.iter().collect();
		assert_eq!(related.len(), f.related.len());
	}
	// The log is busy enough to exercise most rules.
	for rule in [AmlRule::Structuring, AmlRule::LargeAmount, AmlRule::Cycle, AmlRule::SelfDealing] {
		assert!(seen.contains(&rule), "{rule:?} never fired: {seen:?}");
	}
}

#[test]
fn each_evidence_set_fires_once() {
	let records = random_log(7, 5_000, 20, 5 * SECOND);
	let findings = screen_all(&AmlParams::default(), &mut MemoryStore::new(), &records);
	let mut keys = BTreeSet::new();
	for f in &findings {
		assert!(keys.insert((f.rule, f.subject, f.evidence.clone())), "fired twice: {f:?}");
	}
}

#[test]
fn one_account_s_window_stays_bounded() {
	type Acc = [u8; 20];
	let me: Acc = [7; 20];
	let other = |n: u64| -> Acc {
		let mut a = [0u8; 20];
		a[..8].copy_from_slice(&n.to_le_bytes());
		a
	};
	// Thresholds out of reach, so that nothing is consumed and every list fills up.
	let params = AmlParams {
		fan_out_recipients: 10_000,
		velocity_transfers: 10_000,
		structuring_count: 10_000,
		spoofing_min_orders: 10_000,
		layering_levels: 10_000,
		cycle_max_accounts: 2,
		..AmlParams::default()
	};
	let mut log: Log<Acc> = Log::with(params);
	let mut largest = 0;
	for i in 0..10_000u64 {
		let at = T0 + i * SECOND;
		let band = dollars(2_600);
		let kind = match i % 8 {
			0 => stable(me, other(i), band),
			// Gifts of a class never bought, so that the buys stay.
			1 => gift(me, other(i), 1_000, band),
			2 => stable(other(i), me, band),
			3 => trade(me, other(i), (i % 5) as u32, other(1), band),
			// Others buy class 77 and give it to `me`, who never sells it.
			4 => trade(other(i), other(i + 1), 77, other(1), band),
			5 => place(me, i, (i % 5) as u32, OrderSide::Ask, Balance::from(i)),
			6 => cancel(me, i - 1, ((i - 1) % 5) as u32, OrderSide::Ask, Balance::from(i - 1)),
			_ => gift(other(i - 3), me, 77, band),
		};
		log.feed(at, kind);
		let encoded = log.store.encoded(&me).map_or(0, |e| e.len());
		largest = largest.max(encoded);
	}
	let window = log.window(&me);
	let lens = [
		window.fan_out.len(),
		window.velocity.len(),
		window.structuring.len(),
		window.out_edges.len(),
		window.funded_by.len(),
		window.bought.len(),
		window.orders.len(),
		window.ladder.len(),
		window.trades.len(),
		window.received.len(),
	];
	assert_eq!(lens, [MAX_ENTRIES; 10], "every list full, none beyond");
	assert!(largest < 24 * 1024, "a window took {largest} bytes");
	assert!(largest > 16 * 1024, "the lists filled up: {largest} bytes");
}

#[test]
fn windows_round_trip_through_scale_and_damage_is_survived() {
	let records = random_log(3, 2_000, 10, 10 * SECOND);
	let params = AmlParams::default();
	let mut store = MemoryStore::new();
	screen_all(&params, &mut store, &records);
	assert!(!store.is_empty());
	for who in 0..10u64 {
		let Some(bytes) = store.encoded(&who).map(<[u8]>::to_vec) else { continue };
		let window = store.load(&who).expect("a stored window decodes");
		assert_eq!(window.encode(), bytes);
		assert_eq!(AccountWindow::<u64>::decode(&mut &bytes[..]).as_ref(), Ok(&window));
	}
	// Damaged values: cut short, with bytes after, garbage. They load as no window.
	let bytes = store.encoded(&1).map(<[u8]>::to_vec).unwrap_or_default();
	let mut longer = bytes.clone();
	longer.push(0);
	for damaged in [bytes[..bytes.len() / 2].to_vec(), longer, vec![0xff; 100]] {
		store.insert_encoded(1, damaged);
		assert!(store.load(&1).is_none());
	}
	let next = records.len() as u64 + 1;
	let record = MovementRecord { id: next, block: 0, extrinsic: 0, at: T0, kind: deposit(1, 1) };
	screen(&params, &mut store, &record);
	assert_eq!(store.encoded(&1), None, "a damaged value touched and left empty is deleted");
	store.insert_encoded(1, vec![0xff; 100]);
	let kind = deposit(1, dollars(2_600));
	screen(&params, &mut store, &MovementRecord { id: next + 1, kind, ..record });
	let window = store.load(&1).expect("replaced by a good one");
	assert_eq!((window.structuring.len(), window.applied), (1, Some(next + 1)));
}

#[test]
fn a_repeated_record_changes_nothing() {
	let mut log = Log::new();
	// (Something left in the window after the alert: a window left empty is deleted, mark
	// included, and a repeat then applies again.)
	log.feed(T0, stable(1, 2, dollars(5)));
	log.feed(T0, deposit(1, dollars(2_600)));
	log.feed(T0 + 1, deposit(1, dollars(2_600)));
	let third = MovementRecord {
		id: log.next,
		block: 0,
		extrinsic: 0,
		at: T0 + 2,
		kind: deposit(1, dollars(2_600)),
	};
	let found = screen(&log.params, &mut log.store, &third);
	assert!(has(&found, AmlRule::Structuring));
	let before = log.store.encoded(&1).map(<[u8]>::to_vec);
	assert!(screen(&log.params, &mut log.store, &third).is_empty());
	let second = MovementRecord { id: 3, ..third.clone() };
	assert!(screen(&log.params, &mut log.store, &second).is_empty());
	assert_eq!(log.store.encoded(&1).map(<[u8]>::to_vec), before);
}

#[test]
fn windows_left_empty_are_removed() {
	let mut log = Log::new();
	log.feed(T0, deposit(1, dollars(2_600)));
	log.feed(T0, stable(2, 3, dollars(5)));
	assert_eq!(log.store.len(), 3, "the sender's window; the receiver's holds the funding");
	log.feed(T0 + 40 * DAY, deposit(1, dollars(5)));
	log.feed(T0 + 40 * DAY, deposit(3, dollars(5)));
	assert_eq!(log.store.len(), 1, "only 2 is left, untouched since");
	assert!(log.store.encoded(&1).is_none() && log.store.encoded(&3).is_none());
}

#[test]
fn no_input_panics() {
	let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
	for round in 0..40u64 {
		let pick = |rng: &mut Rng, values: &[u64]| values[rng.below(values.len() as u64) as usize];
		let window = |rng: &mut Rng| pick(rng, &[0, 1, MINUTE, DAY, u64::MAX]);
		let count = |rng: &mut Rng| pick(rng, &[0, 1, 2, 3, 20, u32::MAX as u64]) as u32;
		let params = AmlParams {
			fan_out_recipients: count(&mut rng),
			fan_out_window: window(&mut rng),
			structuring_min: Balance::from(pick(&mut rng, &[0, 5, u64::MAX])),
			structuring_max: Balance::from(pick(&mut rng, &[0, 10, u64::MAX])) * 1_000,
			structuring_count: count(&mut rng),
			structuring_window: window(&mut rng),
			large_amount: Balance::from(pick(&mut rng, &[0, 1_000, u64::MAX])),
			velocity_transfers: count(&mut rng),
			velocity_window: window(&mut rng),
			relay_window: window(&mut rng),
			funding_window: window(&mut rng),
			cycle_max_accounts: count(&mut rng),
			cycle_window: window(&mut rng),
			spoofing_min_orders: count(&mut rng),
			// A `Permill` (its encoding is its parts).
			spoofing_cancel_rate: Decode::decode(
				&mut &(pick(&mut rng, &[0, 1, 800_000, 1_000_000]) as u32).encode()[..],
			)
			.expect("parts of a million"),
			spoofing_window: window(&mut rng),
			layering_levels: count(&mut rng),
			layering_window: window(&mut rng),
		};
		let mut store = MemoryStore::new();
		let mut records = random_log(round + 11, 1_500, 8, 1 + round * 1_000);
		// Time going backwards and extreme times and amounts.
		for (i, r) in records.iter_mut().enumerate() {
			match i % 97 {
				0 => r.at = 0,
				1 => r.at = u64::MAX,
				2 => r.at = r.at.saturating_sub(10 * DAY),
				_ => {},
			}
			if let MovementKind::StablecoinTransfer { amount, .. } = &mut r.kind {
				if i % 13 == 0 {
					*amount = u128::MAX;
				}
			}
		}
		for f in screen_all(&params, &mut store, &records) {
			assert!(!f.evidence.is_empty() && f.evidence.len() <= MAX_EVIDENCE);
		}
	}
}
