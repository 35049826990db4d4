//! AML screening throughput: 100,000 synthetic mixed records (transfers, trades, orders placed
//! and cancelled, fiat deposits and withdrawals, redemptions, some of them patterns that fire)
//! among 2,000 20-byte accounts, screened one by one through a `MemoryStore` that keeps the
//! windows SCALE-encoded as the worker's offchain storage does. Reported as records per second.
//! `cargo bench -p genex-offchain --bench aml`

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use genex_offchain::aml::{screen, synthetic::mixed_log, AmlParams, MemoryStore, MovementRecord};
use std::{hint::black_box, time::Duration};

const RECORDS: u64 = 100_000;
const ACCOUNTS: u64 = 2_000;

type Account = [u8; 20];

fn account(n: u64) -> Account {
	let mut a = [0u8; 20];
	a[12..].copy_from_slice(&n.to_be_bytes());
	a
}

fn screen_log(params: &AmlParams, records: &[MovementRecord<Account>]) -> (usize, usize) {
	let mut store = MemoryStore::new();
	let mut findings = 0;
	for record in records {
		findings += screen(params, &mut store, black_box(record)).len();
	}
	(findings, store.total_bytes())
}

fn aml(c: &mut Criterion) {
	let records = mixed_log(RECORDS, ACCOUNTS, 1_800_000_000_000, account);
	let params = AmlParams::default();
	let (findings, bytes) = screen_log(&params, &records);
	println!("{RECORDS} records: {findings} findings, {bytes} bytes of windows at the end");

	let mut group = c.benchmark_group("AML screening");
	group.sample_size(10);
	group.measurement_time(Duration::from_secs(20));
	group.throughput(Throughput::Elements(RECORDS));
	group.bench_function(format!("{RECORDS} mixed records, {ACCOUNTS} accounts"), |b| {
		b.iter(|| screen_log(&params, &records))
	});
	group.finish();
}

criterion_group!(benches, aml);
criterion_main!(benches);
