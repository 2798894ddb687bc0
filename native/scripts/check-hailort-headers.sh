#!/bin/sh
# Compile-checks the real HailoRT device (and the addon built with it) against a HailoRT include
# directory, without needing libhailort or a Hailo device: `-fsyntax-only` on every source.
# Usage: native/scripts/check-hailort-headers.sh <include-dir>   (the directory that contains hailo/)
set -eu
if [ $# -ne 1 ] || [ ! -f "$1/hailo/hailort.hpp" ]; then
  echo "usage: $0 <include-dir containing hailo/hailort.hpp>" >&2
  exit 2
fi
include_dir=$1
here=$(cd "$(dirname "$0")/.." && pwd)
addon_include=$(cd "$here" && node -p "require('node:path').resolve(require('node-addon-api').include_dir)")
node_include=$(node -p "require('node:path').join(process.execPath, '..', '..', 'include', 'node')")
[ -f "$node_include/node_api.h" ] || node_include=/usr/include/node
status=0
for src in $(cd "$here" && find src -name '*.cpp' | sort); do
  if ${CXX:-g++} -std=c++17 -fsyntax-only -Wall -Wextra -Wno-unused-parameter -DHAILORT_NODE_WITH_HAILORT=1 -DNAPI_VERSION=9 \
    -DNODE_ADDON_API_DISABLE_DEPRECATED -I"$include_dir" -I"$addon_include" -I"$node_include" "$here/$src"; then
    echo "ok   $src"
  else
    echo "FAIL $src" >&2
    status=1
  fi
done
exit $status
