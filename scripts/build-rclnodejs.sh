#!/usr/bin/env bash
# Builds rclnodejs on the robot: its native addon (prebuilt binary or node-gyp source build) and
# the JavaScript/TypeScript code generated from the ROS 2 interfaces installed there.
# `npm install` skips both because package.json's "allowScripts" denies rclnodejs's install scripts
# (they need a sourced ROS 2 and fail everywhere else). Run once after `npm install`, and again
# after installing new ROS 2 message packages:
#
#   source /opt/ros/jazzy/setup.bash     # or humble
#   scripts/build-rclnodejs.sh
set -euo pipefail

fail() {
  echo "build-rclnodejs: $*" >&2
  exit 1
}

if [[ -z "${ROS_DISTRO:-}" || -z "${AMENT_PREFIX_PATH:-}" ]]; then
  fail "ROS 2 is not sourced (ROS_DISTRO/AMENT_PREFIX_PATH are unset). Run e.g. 'source /opt/ros/jazzy/setup.bash' (or humble) in this shell first."
fi
case "$ROS_DISTRO" in
  humble | jazzy) ;;
  *) echo "build-rclnodejs: warning: ROS_DISTRO=$ROS_DISTRO; hailo_ros is tested with humble and jazzy" >&2 ;;
esac
command -v ros2 >/dev/null || fail "'ros2' is not on PATH although ROS_DISTRO=$ROS_DISTRO; source the full setup.bash, not a partial overlay"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pkg="$root/node_modules/rclnodejs"
[[ -f "$pkg/package.json" ]] || fail "$pkg is missing; run 'npm install' in $root first"

# Message packages our nodes publish or call; rclnodejs generates code only for installed ones.
missing=()
for interface_pkg in std_msgs sensor_msgs vision_msgs diagnostic_msgs geometry_msgs std_srvs rcl_interfaces; do
  ros2 pkg prefix "$interface_pkg" >/dev/null 2>&1 || missing+=("ros-$ROS_DISTRO-${interface_pkg//_/-}")
done
if ((${#missing[@]} > 0)); then
  fail "missing ROS 2 interface packages; install them with: sudo apt install ${missing[*]}"
fi

cd "$pkg"
echo "build-rclnodejs: native addon for ROS 2 $ROS_DISTRO (prebuilt if one matches, else a source build; can take minutes)"
node scripts/install.cjs || fail "the native build failed; see the output above (a source build needs build-essential and python3)"

echo "build-rclnodejs: generating message code and types/interfaces.d.ts"
node scripts/generate_messages.cjs || fail "message generation failed; see the output above"
[[ -d "$pkg/generated" ]] || fail "message generation produced no $pkg/generated directory"

echo "build-rclnodejs: checking that rclnodejs loads"
node --input-type=module -e '
  const m = await import("rclnodejs");
  const rcl = m.default ?? m;
  await rcl.init(undefined, []);
  rcl.shutdown();
  console.log("build-rclnodejs: rclnodejs loads and initialises");
' || fail "rclnodejs was built but does not load; see the error above"
echo "build-rclnodejs: done. Run the ROS contract tests with: npm run test:ros"
