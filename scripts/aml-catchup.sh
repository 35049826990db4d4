#!/usr/bin/env bash
# Measures the AML screening worker on a dev chain: with the workers off, logs N stablecoin
# transfers (client/examples/movements.rs: $1 each from the six dev accounts to fresh
# accounts, in batches of 250: with its storage access a transfer weighs about half a
# millisecond, and a block takes 375 ms of normal calls), then restarts the node with its
# workers on and reports
#   - how long the worker takes to catch up on the N records (from the restart to its cursor
#     at the end of the log, as its `genex::aml` debug lines show), and
#   - records per second over its screening runs alone (the sum of the runs' own times).
#
#   scripts/aml-catchup.sh 100000
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$GENEX_ROOT"
cargo build --release --locked -p genex-node -p genex-client --bin genex-node --bin genex --example movements
genex="$CARGO_TARGET_DIR/release/genex"
movements="$CARGO_TARGET_DIR/release/examples/movements"
total="${1:-100000}"

work=$(mktemp -d)
node_pid=""
stop_node() { [ -z "$node_pid" ] || { kill "$node_pid" 2>/dev/null || true; wait "$node_pid" 2>/dev/null || true; node_pid=""; }; }
cleanup() { stop_node; rm -rf "$work"; }
trap cleanup EXIT

rpc=$(free_port)
url="ws://127.0.0.1:$rpc"
start_node() {
	"$GENEX_NODE" --dev --base-path "$work/node" --rpc-port "$rpc" --port "$(free_port)" \
		--prometheus-port "$(free_port)" --no-mdns --no-telemetry "$@" 2>> "$work/node.log" &
	node_pid=$!
	until "$genex" --url "$url" aml rules > /dev/null 2>&1; do sleep 0.5; done
}

start_node --offchain-worker never
for who in alith baltathar charleth dorothy ethan faith; do
	"$genex" --url "$url" kyc set "$who" L1 --signer alith > /dev/null
done
started=$(now_ms)
"$movements" "$url" "$total" 250
echo "load: $total transfers logged in $(( $(now_ms) - started )) ms"
stop_node

: > "$work/node.log"
restarted=$(now_ms)
start_node -l genex::aml=debug
until grep -q "screened [0-9]* record(s) to $total in" "$work/node.log"; do sleep 0.2; done
caught_up=$(now_ms)
grep "screened [0-9]* record(s)" "$work/node.log" | sed 's/.*screened \([0-9]*\) record(s) to [0-9]* in \([0-9]*\) ms.*/\1 \2/' \
	| awk -v wall=$(( caught_up - restarted )) '
		{ records += $1; ms += $2; runs += 1 }
		END {
			printf "catch-up: %d records in %d runs, %d ms from the restart\n", records, runs, wall
			printf "screening: %d ms in all, %d records/s\n", ms, (ms > 0 ? records * 1000 / ms : 0)
		}'
# The findings go on chain with the next blocks.
sleep 12
"$genex" --url "$url" aml alerts > "$work/alerts.txt"
echo "alerts on chain: $(grep -c . "$work/alerts.txt")"
head -n 12 "$work/alerts.txt"
