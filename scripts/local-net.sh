#!/usr/bin/env bash
# Runs the local network on loopback: three validators (Alice, Bob, Charlie: the keys of the
# `local_testnet` preset) and one non-validating full node, from the raw chain spec that
# build-spec writes. Ctrl-C stops all four cleanly.
#
#   node       RPC (ws/http)   P2P     Prometheus
#   alice      9944            30333   9615
#   bob        9945            30334   9616
#   charlie    9946            30335   9617
#   full       9947            30336   9618
#
# State and logs live in $GENEX_LOCAL_NET_DIR (default /tmp/genex-local-net); pass --fresh to
# start from genesis again.
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$GENEX_ROOT/scripts/setup.sh"
cd "$GENEX_ROOT"
cargo build --release --locked -p genex-node

net_dir="${GENEX_LOCAL_NET_DIR:-/tmp/genex-local-net}"
if [ "${1:-}" = "--fresh" ]; then rm -rf "$net_dir"; fi
mkdir -p "$net_dir"
spec="$net_dir/genex-local-raw.json"
"$GENEX_NODE" build-spec --chain local --raw --disable-default-bootnode > "$spec" 2>/dev/null

names=(alice bob charlie full)
suris=("//Alice" "//Bob" "//Charlie" "")
peer_ids=()
for i in "${!names[@]}"; do
	base="$net_dir/${names[$i]}"
	key_file="$base/chains/genex_local/network/secret_ed25519"
	if [ ! -f "$key_file" ]; then
		"$GENEX_NODE" key generate-node-key --base-path "$base" --chain "$spec" 2>/dev/null
	fi
	peer_ids+=("$("$GENEX_NODE" key inspect-node-key --file "$key_file")")
	if [ -n "${suris[$i]}" ]; then
		"$GENEX_NODE" key insert --base-path "$base" --chain "$spec" --scheme sr25519 --suri "${suris[$i]}" --key-type aura
		"$GENEX_NODE" key insert --base-path "$base" --chain "$spec" --scheme ed25519 --suri "${suris[$i]}" --key-type gran
	fi
done
bootnode="/ip4/127.0.0.1/tcp/30333/p2p/${peer_ids[0]}"

pids=()
stop() {
	echo "stopping the local network..."
	for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
	wait "${pids[@]}" 2>/dev/null || true
	echo "stopped; state kept in $net_dir"
}
trap stop INT TERM

for i in "${!names[@]}"; do
	args=(--chain "$spec" --base-path "$net_dir/${names[$i]}" --name "${names[$i]}"
		--port $((30333 + i)) --rpc-port $((9944 + i)) --prometheus-port $((9615 + i)) --no-mdns)
	[ -n "${suris[$i]}" ] && args+=(--validator)
	[ "$i" -gt 0 ] && args+=(--bootnodes "$bootnode")
	"$GENEX_NODE" "${args[@]}" > "$net_dir/${names[$i]}.log" 2>&1 &
	pids+=($!)
	echo "${names[$i]}: pid $!, ws://127.0.0.1:$((9944 + i)), log $net_dir/${names[$i]}.log"
done
echo "local network running; Ctrl-C to stop"
wait "${pids[@]}"
