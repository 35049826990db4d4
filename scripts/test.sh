#!/usr/bin/env bash
# Everything CI runs: formatting, then every test of the workspace in the release profile
# (unit tests, the runtime's genesis tests, the client's metadata check, the end-to-end tests
# that start real genex-node processes and drive them through genex-client and the genex
# CLI), then the pallets' benchmarks as tests. One profile, so the node and the tests share
# one build.
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$GENEX_ROOT/scripts/setup.sh"
cd "$GENEX_ROOT"
cargo fmt --all -- --check
cargo test --release --locked --workspace --no-fail-fast
# Each pallet's benchmarks run once as tests against its mock (`runtime-benchmarks` feature),
# so a benchmark that no longer works fails here, not when weights are next generated. One
# cargo invocation for all pallets: their dependencies build once with the feature.
packages=()
features=()
for manifest in pallets/*/Cargo.toml; do
	name="$(sed -n 's/^name = "\(.*\)"$/\1/p' "$manifest" | head -n 1)"
	packages+=(-p "$name")
	features+=("$name/runtime-benchmarks")
done
cargo test --release --locked "${packages[@]}" --features "${features[*]}" --lib
# The JavaScript SDK (sdk/js): type-checked and built, bundled for browsers, then its tests
# against the genex-node, genex-gateway-sim and genex binaries built above (Node's test
# runner: unit tests, the SDK against a dev chain, the fiat bridge, Substrate API Sidecar, and
# the example page in headless Chromium).
cd "$GENEX_ROOT/sdk/js"
npm run --silent build
npm run --silent bundle
npm test
