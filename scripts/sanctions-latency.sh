#!/usr/bin/env bash
# Measures how long a changed sanctions list takes to be in force on a dev chain: starts
# genex-node --dev and genex-gateway-sim on free ports, syncs the real OFAC list (152
# addresses), replaces it with N synthetic addresses, and reports
#   - from the file change to the list applied in a finalized block (what a compliance
#     officer sees), which includes waiting for the next due sync (interval 10 s here), and
#   - from the worker's fetch (its log line) to the last part finalized.
#
#   scripts/sanctions-latency.sh 152 10000      # one measurement per size
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$GENEX_ROOT"
cargo build --release --locked -p genex-node -p genex-gateway-sim -p genex-client
genex="$CARGO_TARGET_DIR/release/genex"
sim_bin="$CARGO_TARGET_DIR/release/genex-gateway-sim"
[ $# -gt 0 ] || set -- 152 10000

work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

# Waits until `genex sanctions status` (finalized state) matches the pattern.
wait_status() {
	local pattern=$1
	until "$genex" --url "$url" sanctions status 2>/dev/null | grep -q -- "$pattern"; do sleep 0.2; done
}
# The applied list's hash.
applied_hash() {
	"$genex" --url "$url" sanctions status | sed -n 's/^applied list: \(0x[0-9a-f]*\) .*/\1/p'
}

mkdir -p "$work/lists"
cp "$GENEX_ROOT/../shared/testdata/ofac/sanctioned_addresses_ETH.txt" "$work/lists/list.txt"
"$sim_bin" --listen 127.0.0.1:0 --lists "$work/lists" > "$work/sim.out" &
pids+=($!)
until grep -q listening "$work/sim.out"; do sleep 0.1; done
sim=$(sed 's/.*listening on //' "$work/sim.out")

rpc=$(free_port)
"$GENEX_NODE" --dev --tmp --rpc-port "$rpc" --port "$(free_port)" --prometheus-port "$(free_port)" \
	--no-mdns --no-telemetry 2> "$work/node.log" &
pids+=($!)
url="ws://127.0.0.1:$rpc"
until "$genex" --url "$url" sanctions status > /dev/null 2>&1; do sleep 0.5; done

"$genex" --url "$url" sanctions sources set "$sim/lists/list.txt" --format text --interval 10s \
	--max-age 1h --max-shrink 100 --sudo --signer alith > /dev/null
wait_status "with 152 entries"

seed=1
for n in "$@"; do
	"$sim_bin" generate --addresses "$n" --format text --seed "$seed" --out "$work/next.txt"
	seed=$((seed + 1))
	before=$(applied_hash)
	lines_before=$(wc -l < "$work/node.log")
	changed=$(now_ms)
	mv "$work/next.txt" "$work/lists/list.txt"
	until [ "$(applied_hash)" != "$before" ]; do sleep 0.2; done
	applied=$(now_ms)
	wait_status "with $n entries"
	fetch_line=$(tail -n +"$((lines_before + 1))" "$work/node.log" | grep -m1 "part(s)")
	# The log line starts with the local time, `YYYY-MM-DD hh:mm:ss` (second resolution).
	fetched=$(date -d "$(echo "$fetch_line" | cut -c1-19)" +%s%3N)
	parts=$(echo "$fetch_line" | sed 's/.* in \([0-9]*\) part(s).*/\1/')
	echo "$n addresses ($parts parts): change -> finalized $((applied - changed)) ms;" \
		"fetch -> last part finalized $((applied - fetched)) ms (±1 s: the log has seconds)"
	sleep 11
done
