#!/usr/bin/env bash
# Builds native/test/downscale_test.cpp for this machine and, where a cross compiler and qemu are
# installed (Debian: g++-aarch64-linux-gnu qemu-user), for arm64, then runs each with the SIMD
# kernels and with the generic code. Prints one line per run; exits non-zero on any mismatch.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
sources=("$here/test/downscale_test.cpp" "$here/src/preprocess/downscale.cpp")
run() { # name, runner...
  local name=$1
  shift
  printf '%s simd: ' "$name"
  "$@"
  printf '%s generic: ' "$name"
  HAILORT_NODE_NO_SIMD=1 "$@"
}
g++ -O3 -std=c++17 -Wall -Wextra -Werror "${sources[@]}" -o "$out/host"
run "$(uname -m)" "$out/host"
if command -v aarch64-linux-gnu-g++ >/dev/null && command -v qemu-aarch64 >/dev/null; then
  aarch64-linux-gnu-g++ -O3 -std=c++17 -Wall -Wextra -Werror -static "${sources[@]}" -o "$out/arm64"
  run "arm64 (qemu)" qemu-aarch64 "$out/arm64"
else
  echo "arm64: skipped (install g++-aarch64-linux-gnu and qemu-user to test the NEON kernel)"
fi
