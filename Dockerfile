# hailo_ros in a ROS 2 Jazzy container (Ubuntu 24.04), for a Raspberry Pi 5 with the AI HAT+ 2 whose
# host runs Raspberry Pi OS. The host keeps the Hailo PCIe driver (hailo-h10-all); the container
# needs the same HailoRT library version: put Hailo's HailoRT .deb for arm64 of the host's version
# (e.g. h10-hailort_5.1.1_arm64.deb, from Hailo's Developer Zone) into docker/hailort/ before
# building. Without one the image runs the CPU (ONNX) backend and the simulated device only.
#
#   docker build -t hailo_ros .
#   docker run --rm -it --network host --ipc host \
#     --device /dev/hailo0 \
#     --device /dev/gpiochip0 --device /dev/gpiochip4 -v /sys:/sys \
#     --group-add "$(getent group gpio | cut -d: -f3)" \
#     -v hailo_ros_models:/root/.cache/hailo_ros/models \
#     hailo_ros ros2 launch hailo_ros robot.launch.py
#
# docs/robot-setup.md explains every flag.
FROM ros:jazzy-ros-base

ARG NODE_MAJOR=22
SHELL ["/bin/bash", "-o", "pipefail", "-c"]

# Node from NodeSource (Ubuntu 24.04's nodejs is 18, too old); compilers for the native addons;
# the interface packages the nodes use; tf2_ros for the camera's static transforms.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl gnupg g++ make python3 \
 && curl -fsSL "https://deb.nodesource.com/setup_${NODE_MAJOR}.x" | bash - \
 && apt-get install -y --no-install-recommends nodejs python3-colcon-common-extensions \
      ros-jazzy-vision-msgs ros-jazzy-diagnostic-msgs ros-jazzy-sensor-msgs ros-jazzy-geometry-msgs \
      ros-jazzy-std-srvs ros-jazzy-lifecycle-msgs ros-jazzy-tf2-ros ros-jazzy-launch-ros \
 && rm -rf /var/lib/apt/lists/*

# HailoRT matching the host's driver, when given.
COPY docker/hailort/ /tmp/hailort/
RUN if compgen -G "/tmp/hailort/*.deb" > /dev/null; then \
      apt-get update && apt-get install -y --no-install-recommends /tmp/hailort/*.deb && rm -rf /var/lib/apt/lists/*; \
    else echo "no HailoRT .deb in docker/hailort/: building without the Hailo device"; fi \
 && rm -rf /tmp/hailort

WORKDIR /opt/hailo_ros
# npm ci runs the package's prepare script (the TypeScript build), so the sources come first.
COPY package.json package-lock.json .npmrc tsconfig.json ./
COPY native/ native/
COPY src/ src/
COPY scripts/ scripts/
COPY test/ test/
COPY launch/ launch/
COPY msgs/ msgs/
COPY ros2_ws/ ros2_ws/
RUN source /opt/ros/jazzy/setup.bash \
 && npm ci --no-audit --no-fund \
 && scripts/setup-robot.sh --skip-npm

COPY docker/entrypoint.sh /entrypoint.sh
ENTRYPOINT ["/entrypoint.sh"]
CMD ["ros2", "launch", "hailo_ros", "robot.launch.py"]
