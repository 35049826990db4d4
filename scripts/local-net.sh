#!/usr/bin/env bash
# Runs the local network on loopback: three validators (Alice, Bob, Charlie: the keys of the
# `local_testnet` preset) and one non-validating full node, from the raw chain spec that
# build-spec writes, plus the gateway simulator on :9960 serving the sanctions lists of
# $GENEX_DEV_LISTS (default ../shared/testdata/ofac) and running the two simulated banks
# (primary_bank, backup_processor: 100 M USDC and USDT of reserves each when their ledgers are
# new; the ledgers live with the network's state). Each validator's node holds one fiat-bridge
# attestor's key (`gxor`, inserted as an operator would): Alice's the dev oracle Gareth's, which
# also syncs the OFAC list, Bob's Heath's and Charlie's Ida's; a deposit mints once two of the
# three have attested it.
# Ctrl-C stops everything cleanly.
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
cargo build --release --locked -p genex-node -p genex-gateway-sim

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
# The attestors' keys (public dev keys, genex_primitives::dev::ATTESTORS): Gareth (the dev
# sanctions oracle) on Alice's node, Heath on Bob's, Ida on Charlie's.
attestor_secrets=(
	0x96b8a38e12e1a31dee1eab2fffdf9d9990045f5b37e44d8cc27766ef294acf18
	0x0d6dcaaef49272a5411896be8ad16c01c35d6f8c18873387b71fbc734759b0ab
	0x4c42532034540267bf568198ccec4cb822a025da542861fcb146a5fab6433ff8
)
for i in 0 1 2; do
	"$GENEX_NODE" key insert --base-path "$net_dir/${names[$i]}" --chain "$spec" --scheme ecdsa \
		--suri "${attestor_secrets[$i]}" --key-type gxor
done
bootnode="/ip4/127.0.0.1/tcp/30333/p2p/${peer_ids[0]}"

pids=()
lists="${GENEX_DEV_LISTS:-$GENEX_ROOT/../shared/testdata/ofac}"
reserves=()
for bank in primary_bank backup_processor; do
	for asset in USDC USDT; do reserves+=(--reserve "$bank:$asset=100000000000000"); done
done
"$CARGO_TARGET_DIR/release/genex-gateway-sim" --listen 127.0.0.1:9960 --lists "$lists" \
	--data-dir "$net_dir/banks" "${reserves[@]}" > "$net_dir/gateway-sim.log" 2>&1 &
pids+=($!)
echo "gateway-sim: pid $!, http://127.0.0.1:9960, lists $lists"
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
