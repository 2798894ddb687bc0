#!/usr/bin/env bash
# Builds hailo_ros on the robot, in order: npm install (the hailort-node addon against the installed
# HailoRT), the TypeScript build, rclnodejs against the sourced ROS 2 (npm run ros:setup), the colcon
# workspace ros2_ws/ (hailo_ros_msgs first once msgs/ is a package, then rclnodejs's bindings for it,
# then hailo_ros), and last `hailo-ros doctor`. Run from anywhere, with ROS 2 sourced:
#
#   source /opt/ros/jazzy/setup.bash
#   scripts/setup-robot.sh [--link] [--skip-npm]
#
#   --link       link node_modules into the install instead of copying it (development)
#   --skip-npm   do not run npm install (node_modules is already there)
#
# Then: source ros2_ws/install/setup.bash && ros2 launch hailo_ros robot.launch.py
# See docs/robot-setup.md.
set -euo pipefail

fail() {
  echo "setup-robot: $*" >&2
  exit 1
}
step() { printf '\n=== setup-robot: %s ===\n' "$*"; }

link=OFF
skip_npm=false
for arg in "$@"; do
  case "$arg" in
    --link) link=ON ;;
    --skip-npm) skip_npm=true ;;
    -h | --help)
      sed -n '2,15p' "$0"
      exit 0
      ;;
    *) fail "unknown option '$arg' (options: --link, --skip-npm)" ;;
  esac
done

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[[ -n "${ROS_DISTRO:-}" && -n "${AMENT_PREFIX_PATH:-}" ]] ||
  fail "ROS 2 is not sourced; run 'source /opt/ros/jazzy/setup.bash' in this shell first"
command -v node >/dev/null || fail "node is not installed; install Node 20.20+ (docs/robot-setup.md)"
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=20)?0:1)' ||
  fail "Node $(node --version) is too old; hailo_ros needs 20.20 or newer"
command -v colcon >/dev/null || fail "colcon is not installed; 'sudo apt install python3-colcon-common-extensions' (Ubuntu) or 'colcon python3-colcon-ros' (Debian)"

cd "$root"
if [[ "$skip_npm" == false ]]; then
  step "npm install (builds hailort-node against HailoRT where it is installed)"
  npm install --no-audit --no-fund
fi
step "npm run build"
npm run build
step "rclnodejs for ROS 2 $ROS_DISTRO (npm run ros:setup)"
npm run ros:setup

cd "$root/ros2_ws"
colcon_args=(--cmake-args "-DHAILO_ROS_LINK_NODE_MODULES=$link")
if [[ -f src/hailo_ros_msgs/package.xml ]]; then
  step "colcon build: hailo_ros_msgs"
  colcon build --packages-select hailo_ros_msgs
  set +u
  # shellcheck disable=SC1091
  source install/setup.bash
  set -u
  step "rclnodejs bindings for hailo_ros_msgs"
  (cd "$root/node_modules/rclnodejs" && node scripts/generate_messages.cjs)
  [[ -d "$root/node_modules/rclnodejs/generated/hailo_ros_msgs" ]] ||
    fail "rclnodejs generated no code for hailo_ros_msgs; check 'ros2 interface package hailo_ros_msgs'"
else
  echo "setup-robot: msgs/ has no package.xml yet: no hailo_ros_msgs to build"
fi
step "colcon build: hailo_ros"
colcon build --packages-select hailo_ros "${colcon_args[@]}"

step "hailo-ros doctor"
set +u
# shellcheck disable=SC1091
source install/setup.bash
set -u
node "$root/dist/src/cli/main.js" doctor || echo "setup-robot: doctor found something to fix (see above); the build itself is done"
echo
echo "setup-robot: done. Next: source $root/ros2_ws/install/setup.bash && ros2 launch hailo_ros robot.launch.py"
