#!/usr/bin/env bash
# Installs what building Genex Chain needs: the wasm target and rust-src for the runtime,
# and the Debian packages some crates compile against. Safe to run again: it only installs
# what is missing.
set -euo pipefail

packages=(clang libclang-dev protobuf-compiler pkg-config libssl-dev make)
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
echo "setup: ok ($(rustc --version))"
