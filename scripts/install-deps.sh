#!/usr/bin/env bash
# Installs the Debian packages that building, testing and benchmarking need.
# Safe to run again: it calls apt-get only for packages that are missing, and
# refreshes the package lists only in that case.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git
  libpoco-dev libyaml-cpp-dev libsimdjson-dev libhowardhinnant-date-dev
  libsqlite3-dev libpq-dev libssl-dev catch2
  sqlite3 postgresql tzdata openssl curl ca-certificates procps
  python3 python3-requests
  clang libclang-rt-14-dev
)

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root or install sudo" >&2; exit 1; }
  sudo=(sudo)
fi

echo "install-deps: installing ${missing[*]}" >&2
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
