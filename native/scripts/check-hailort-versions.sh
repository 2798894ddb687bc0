#!/bin/sh
# Runs check-hailort-headers.sh against every HailoRT release the build accepts (5.1.1 and 5.2.0 by
# default). Needs the HailoRT sources, which are not part of this project and are never committed:
#   native/scripts/check-hailort-versions.sh --git-dir <hailort.git> [tag ...]
#       exports hailort/libhailort/include of each tag (default: v5.1.1 v5.2.0) into a temp dir;
#   native/scripts/check-hailort-versions.sh <include-dir> ...
#       checks include trees already on disk (each the directory that contains hailo/).
# Prints one "== <version>" header and the per-source lines for each; exits non-zero if any fails.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
check="$here/check-hailort-headers.sh"
status=0
if [ "${1:-}" = "--git-dir" ]; then
  [ $# -ge 2 ] || { echo "usage: $0 --git-dir <hailort.git> [tag ...]" >&2; exit 2; }
  git_dir=$2
  shift 2
  [ $# -gt 0 ] || set -- v5.1.1 v5.2.0
  work=$(mktemp -d "${TMPDIR:-/tmp}/hailort-headers.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  for tag in "$@"; do
    echo "== HailoRT $tag"
    mkdir -p "$work/$tag"
    if ! git --git-dir="$git_dir" archive "$tag" hailort/libhailort/include | tar -x -C "$work/$tag"; then
      echo "FAIL cannot export hailort/libhailort/include at $tag from $git_dir" >&2
      status=1
      continue
    fi
    sh "$check" "$work/$tag/hailort/libhailort/include" || status=1
  done
else
  [ $# -gt 0 ] || { echo "usage: $0 --git-dir <hailort.git> [tag ...] | $0 <include-dir> ..." >&2; exit 2; }
  for dir in "$@"; do
    echo "== $dir"
    sh "$check" "$dir" || status=1
  done
fi
exit $status
