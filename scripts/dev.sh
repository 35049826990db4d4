#!/usr/bin/env bash
# Builds genex-node and genex-gateway-sim (release) and starts a single-validator development
# chain with a fresh database: JSON-RPC on ws://127.0.0.1:9944, Prometheus on :9615, blocks
# every 2 seconds. Beside it, the gateway simulator serves the sanctions lists of
# $GENEX_DEV_LISTS (default ../shared/testdata/ofac: the real OFAC ETH list) on
# http://127.0.0.1:9960, where the dev chain's sanctions feed points, so the node's own oracle
# key syncs the list within a minute; and it runs the two simulated banks the dev chain's fiat
# bridge uses (primary_bank and backup_processor, 100 M USDC and USDT of reserves each, fresh
# ledgers each start, as the chain is), so a simulated bank transfer becomes USDC:
#   genex-gateway-sim deposit --to 0x773539d4Ac0e786233D90A233654ccEE26a613D9 --amount 100  # Dorothy
# Ctrl-C stops both.
# Extra arguments go to genex-node (e.g. --base-path ./dev-db to keep the chain).
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$GENEX_ROOT/scripts/setup.sh"
cd "$GENEX_ROOT"
cargo build --release --locked -p genex-node -p genex-gateway-sim

lists="${GENEX_DEV_LISTS:-$GENEX_ROOT/../shared/testdata/ofac}"
[ -d "$lists" ] || { echo "dev: no sanctions lists at $lists (set GENEX_DEV_LISTS)" >&2; exit 1; }
banks=$(mktemp -d)
reserves=()
for bank in primary_bank backup_processor; do
	for asset in USDC USDT; do reserves+=(--reserve "$bank:$asset=100000000000000"); done
done
"$CARGO_TARGET_DIR/release/genex-gateway-sim" --listen 127.0.0.1:9960 --lists "$lists" \
	--data-dir "$banks" "${reserves[@]}" &
sim=$!
# The simulator goes when the node does, however the node ends.
trap 'kill "$sim" 2>/dev/null || true; wait "$sim" 2>/dev/null || true; rm -rf "$banks"' EXIT
"$GENEX_NODE" --dev "$@"
