#!/usr/bin/env bash
# Builds rclnodejs for the ROS 2 sourced in this shell: installs it if npm left it out, builds its
# native addon (prebuilt binary where one matches, else a node-gyp source build) and generates the
# JavaScript for every ROS 2 interface installed, then checks the ones our nodes use. rclnodejs is
# an optional dependency: npm 11 installs it without running its scripts ("allowScripts"), npm 10
# runs them and, without ROS 2 sourced, they fail and npm leaves rclnodejs out. Run once after
# `npm install` (or `npm ci`), and again after installing ROS 2 message packages:
#
#   source /opt/ros/jazzy/setup.bash     # or humble
#   npm run ros:setup
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

# Interface packages our nodes publish, subscribe or call; rclnodejs generates code only for installed ones.
interfaces=(builtin_interfaces std_msgs std_srvs geometry_msgs sensor_msgs vision_msgs diagnostic_msgs rcl_interfaces)
missing=()
for interface_pkg in "${interfaces[@]}"; do
  ros2 pkg prefix "$interface_pkg" >/dev/null 2>&1 || missing+=("ros-$ROS_DISTRO-${interface_pkg//_/-}")
done
if ((${#missing[@]} > 0)); then
  fail "missing ROS 2 interface packages; install them with: sudo apt install ${missing[*]}"
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Where rclnodejs is installed; another location only for checking this script.
pkg="${HAILO_ROS_RCLNODEJS_DIR:-$root/node_modules/rclnodejs}"
# rclnodejs's rebuild step runs `npx rimraf`, which cancels without a terminal unless told yes.
export npm_config_yes=true

if [[ ! -f "$pkg/package.json" ]]; then
  echo "build-rclnodejs: rclnodejs is not installed (npm left the optional dependency out); installing it"
  (cd "$root" && npm install --ignore-scripts --no-audit --no-fund) ||
    fail "npm could not install rclnodejs; see the output above (the registry must be reachable)"
  [[ -f "$pkg/package.json" ]] || fail "npm install did not install $pkg; check 'optionalDependencies' in package.json"
fi

cd "$pkg"
echo "build-rclnodejs: native addon for ROS 2 $ROS_DISTRO (prebuilt if one matches, else a source build; can take minutes)"
node scripts/install.cjs || fail "the native build failed; see the output above (a source build needs g++, make and python3)"

echo "build-rclnodejs: generating message code for every installed ROS 2 interface"
# generate_messages.cjs reports a failure as "Caught error: ..." and still exits 0.
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
node scripts/generate_messages.cjs 2>&1 | tee "$log" || fail "message generation failed; see the output above"
if grep -q "Caught error" "$log"; then
  fail "message generation failed: $(grep -m1 'Caught error' "$log"). Fix the ROS 2 installation it names, then run 'npm run ros:setup' again"
fi
ungenerated=()
for interface_pkg in "${interfaces[@]}"; do
  compgen -G "$pkg/generated/$interface_pkg/*.js" >/dev/null || ungenerated+=("$interface_pkg")
done
if ((${#ungenerated[@]} > 0)); then
  fail "no code was generated for: ${ungenerated[*]} (under $pkg/generated); check that 'ros2 interface list' shows them, then run 'npm run ros:setup' again"
fi

echo "build-rclnodejs: checking that rclnodejs loads and knows our interfaces"
node --input-type=module -e '
  const m = await import("rclnodejs");
  const rcl = m.default ?? m;
  await rcl.init(undefined, []);
  for (const type of ["sensor_msgs/msg/Image", "vision_msgs/msg/Detection2DArray", "diagnostic_msgs/msg/DiagnosticArray"]) rcl.require(type);
  rcl.shutdown();
  console.log("build-rclnodejs: rclnodejs loads and initialises");
' || fail "rclnodejs was built but does not load; see the error above"
echo "build-rclnodejs: done. Run the ROS 2 tests with: npm run test:ros"
