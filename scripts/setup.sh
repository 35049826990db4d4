#!/usr/bin/env bash
# Installs what building Genex Chain needs: the wasm target and rust-src for the runtime,
# and the Debian packages some crates compile against. Safe to run again: it only installs
# what is missing.
set -euo pipefail

# chromium: the JavaScript SDK's example page is tested in a real headless browser.
packages=(clang libclang-dev protobuf-compiler pkg-config libssl-dev make chromium)
# Node.js 20+ and npm for the JavaScript SDK (sdk/js); Debian's packages when the machine has none.
command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)
missing=()
for package in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "setup: installing ${missing[*]}"
	sudo=""
	[ "$(id -u)" -ne 0 ] && sudo="sudo"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# rustup does not install on demand here (RUSTUP_AUTO_INSTALL=0): add them explicitly.
# wasm32v1-none is what substrate-wasm-builder prefers on Rust >= 1.84 (no post-MVP wasm
# features); wasm32-unknown-unknown is its fallback.
for target in wasm32-unknown-unknown wasm32v1-none; do
	rustup target list --installed | grep -qx "$target" || rustup target add "$target"
done
rustup component list --installed | grep -q '^rust-src' || rustup component add rust-src
# The JavaScript SDK's packages, exactly as package-lock.json pins them (again only when the
# lockfile changed), then its PAPI descriptors generated from client/metadata/genex.scale.
sdk="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/sdk/js"
lock_sum="$(sha256sum "$sdk/package-lock.json" | cut -d' ' -f1)"
if [ "$(cat "$sdk/node_modules/.genex-lock-sha256" 2>/dev/null)" != "$lock_sum" ]; then
	echo "setup: installing the SDK's Node packages (npm ci)"
	(cd "$sdk" && npm ci --no-audit --no-fund --loglevel=error)
	echo "$lock_sum" >"$sdk/node_modules/.genex-lock-sha256"
fi
# (papi runs npm itself: only its errors are worth printing.)
(cd "$sdk" && npm_config_loglevel=error npx --no-install papi generate >/dev/null)
echo "setup: ok ($(rustc --version), node $(node --version))"
