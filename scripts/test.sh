#!/usr/bin/env bash
# Everything CI runs: formatting, then every test of the workspace in the release profile
# (unit tests, the runtime's genesis tests, the client's metadata check, and the end-to-end
# tests that start real genex-node processes). One profile, so the node and the tests share
# one build.
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$GENEX_ROOT/scripts/setup.sh"
cd "$GENEX_ROOT"
cargo fmt --all -- --check
cargo test --release --locked --workspace --no-fail-fast
