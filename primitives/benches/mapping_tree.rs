//! The anchor parties' hourly work: the root and every proof of a 1,000,000-row mapping table.
//! `cargo bench -p genex-primitives --bench mapping_tree`

use criterion::{criterion_group, criterion_main, Criterion};
use genex_primitives::{
	mapping::{verify_proof, MappingLeaf, MappingTree},
	AccountId20,
};
use std::hint::black_box;

const ROWS: u32 = 1_000_000;

fn table() -> Vec<MappingLeaf> {
	(0..ROWS)
		.map(|n| {
			let mut address = [0u8; 20];
			address[..4].copy_from_slice(&n.to_le_bytes());
			MappingLeaf::new(b"platform salt", &format!("+8613{n:09}"), AccountId20(address))
		})
		.collect()
}

fn mapping_tree(c: &mut Criterion) {
	let leaves = table();
	let mut group = c.benchmark_group("mapping table of 1,000,000 rows");
	group.sample_size(10);
	group.bench_function("root", |b| {
		b.iter(|| MappingTree::new(black_box(leaves.clone())).unwrap().root())
	});
	group.bench_function("root and every proof", |b| {
		b.iter(|| {
			let tree = MappingTree::new(black_box(leaves.clone())).unwrap();
			(0..ROWS).map(|index| tree.proof(index).unwrap().len()).sum::<usize>()
		})
	});
	let tree = MappingTree::new(leaves).unwrap();
	let (root, leaf, proof) = (tree.root(), tree.leaves()[123_456], tree.proof(123_456).unwrap());
	group.bench_function("verify one proof", |b| {
		b.iter(|| verify_proof(&root, ROWS, 123_456, black_box(&leaf), black_box(&proof)))
	});
	group.finish();
}

criterion_group!(benches, mapping_tree);
criterion_main!(benches);
