#!/usr/bin/env bash
# Installs the Debian packages that building and testing ashbyknit needs.
# Idempotent: prints nothing and touches nothing when every package is already there.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config python3
  libsimdjson-dev libfmt-dev libcurl4-openssl-dev libssl-dev libsqlite3-dev postgresql libpq-dev
  catch2 libbenchmark-dev libcpp-httplib-dev wrk
  clang libclang-rt-14-dev
)

# The Standard Webhooks cross-check runs the reference implementation on node; a node that is
# already installed (from Debian or elsewhere) will do.
command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}" >&2
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq >/dev/null
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
