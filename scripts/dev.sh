#!/usr/bin/env bash
# Builds genex-node (release) and starts a single-validator development chain with a fresh
# database: JSON-RPC on ws://127.0.0.1:9944, Prometheus on :9615, blocks every 2 seconds.
# Extra arguments go to genex-node (e.g. --base-path ./dev-db to keep the chain).
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$GENEX_ROOT/scripts/setup.sh"
cd "$GENEX_ROOT"
cargo build --release --locked -p genex-node
exec "$GENEX_NODE" --dev "$@"
