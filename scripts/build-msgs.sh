#!/usr/bin/env bash
# Builds the hailo_ros_msgs interface package (msgs/) with colcon and generates its rclnodejs
# JavaScript, so `hailo-ros node command` can serve ~/parse_command and its actions under ROS 2.
# Idempotent: colcon rebuilds only what changed and the generation rewrites hailo_ros_msgs alone
# (the other packages' code, made by build-rclnodejs.sh, is left as it is). `npm run ros:setup`
# runs it after build-rclnodejs.sh. Then source the overlay wherever a node or `ros2` uses the types:
#
#   source /opt/ros/jazzy/setup.bash
#   bash scripts/build-msgs.sh [BASE]        # default BASE: ros2_ws/msgs-build
#   source BASE/install/setup.bash
set -euo pipefail

fail() {
  echo "build-msgs: $*" >&2
  exit 1
}

[[ -n "${ROS_DISTRO:-}" && -n "${AMENT_PREFIX_PATH:-}" ]] ||
  fail "ROS 2 is not sourced (ROS_DISTRO/AMENT_PREFIX_PATH are unset). Run e.g. 'source /opt/ros/jazzy/setup.bash' first."
command -v colcon >/dev/null || fail "colcon is not on PATH; install it with: sudo apt install python3-colcon-common-extensions"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
base="${1:-${HAILO_ROS_MSGS_BASE:-$root/ros2_ws/msgs-build}}"
pkg="${HAILO_ROS_RCLNODEJS_DIR:-$root/node_modules/rclnodejs}"
[[ -f "$pkg/rosidl_gen/index.cjs" ]] || fail "rclnodejs is not installed at $pkg; run 'npm run ros:setup' (build-rclnodejs.sh) first"

echo "build-msgs: building hailo_ros_msgs into $base"
# The ROS 2 CMake code generators run on the system Python (its em, catkin_pkg), not a pyenv one first on PATH.
PATH="/usr/bin:$PATH" colcon --log-base "$base/log" build \
  --base-paths "$root/msgs" \
  --build-base "$base/build" \
  --install-base "$base/install" \
  --cmake-args -DPython3_EXECUTABLE=/usr/bin/python3 -DBUILD_TESTING=OFF ||
  fail "colcon could not build msgs/; see the output above"

prefix="$base/install/hailo_ros_msgs"
echo "build-msgs: generating the rclnodejs code of hailo_ros_msgs from $prefix"
HAILO_ROS_MSGS_PREFIX="$prefix" node -e '
  const generator = require(process.argv[1]);
  generator.generateInPath(process.env.HAILO_ROS_MSGS_PREFIX).catch((error) => {
    console.error(`build-msgs: generation failed: ${error}`);
    process.exit(1);
  });
' "$pkg/rosidl_gen/index.cjs" || fail "rclnodejs could not generate the hailo_ros_msgs code"
for file in hailo_ros_msgs__msg__RobotCommand.js hailo_ros_msgs__srv__ParseCommand.js hailo_ros_msgs__action__ExecuteCommand.js; do
  [[ -f "$pkg/generated/hailo_ros_msgs/$file" ]] || fail "no $file under $pkg/generated/hailo_ros_msgs after generation"
done
echo "build-msgs: done. Source $base/install/setup.bash before starting the command node or calling its interfaces."
