#!/usr/bin/env bash
# Runs pallets' benchmarks in the runtime and writes their weights.rs:
#   scripts/bench.sh coupons               # pallets/coupons/src/weights.rs
#   scripts/bench.sh compliance freeze     # several pallets, one benchmark build
# Builds genex-node with `--features runtime-benchmarks` (the normal build does not include
# the benchmark CLI). STEPS and REPEAT override the sampling (defaults 50 and 20).
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$GENEX_ROOT/scripts/setup.sh"
cd "$GENEX_ROOT"
[ $# -gt 0 ] || { echo "usage: scripts/bench.sh <pallet directory under pallets/>..." >&2; exit 2; }
# The benchmark CLI carries a storage-benchmark test runtime we never use; its wasm build
# cannot find its package under our WASM_BUILD_WORKSPACE_HINT, so skip it.
SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1 \
	cargo build --release --locked -p genex-node --features runtime-benchmarks
for pallet in "$@"; do
	"$GENEX_NODE" benchmark pallet \
		--chain dev \
		--pallet "pallet_${pallet//-/_}" \
		--extrinsic '*' \
		--steps "${STEPS:-50}" \
		--repeat "${REPEAT:-20}" \
		--wasm-execution compiled \
		--heap-pages 4096 \
		--template scripts/templates/pallet-weights.hbs \
		--output "pallets/$pallet/src/weights.rs"
done
# The normal build must not keep the benchmark-enabled binary around.
cargo build --release --locked -p genex-node
