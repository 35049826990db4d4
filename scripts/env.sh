# Shared settings for the scripts; source it, don't run it.
# One cargo target directory outside the checkout, shared by every checkout and CI on this
# machine, so that builds after the first are incremental.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/genex-target}"
GENEX_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export GENEX_ROOT
GENEX_NODE="$CARGO_TARGET_DIR/release/genex-node"
export GENEX_NODE
# A free TCP port on loopback, and the clock in milliseconds, for the measuring scripts.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }
