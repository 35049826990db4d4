#!/usr/bin/env bash
# Runs a pallet's benchmarks in the runtime and writes its weights.rs:
#   scripts/bench.sh coupons          # pallets/coupons/src/weights.rs
# Builds genex-node with `--features runtime-benchmarks` (the normal build does not include
# the benchmark CLI). STEPS and REPEAT override the sampling (defaults 50 and 20).
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$GENEX_ROOT/scripts/setup.sh"
cd "$GENEX_ROOT"
pallet="${1:?usage: scripts/bench.sh <pallet directory under pallets/>}"
crate="pallet_${pallet//-/_}"
# The benchmark CLI carries a storage-benchmark test runtime we never use; its wasm build
# cannot find its package under our WASM_BUILD_WORKSPACE_HINT, so skip it.
SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1 \
	cargo build --release --locked -p genex-node --features runtime-benchmarks
"$GENEX_NODE" benchmark pallet \
	--chain dev \
	--pallet "$crate" \
	--extrinsic '*' \
	--steps "${STEPS:-50}" \
	--repeat "${REPEAT:-20}" \
	--wasm-execution compiled \
	--heap-pages 4096 \
	--template scripts/templates/pallet-weights.hbs \
	--output "pallets/$pallet/src/weights.rs"
# The normal build must not keep the benchmark-enabled binary around.
cargo build --release --locked -p genex-node
