#!/bin/bash
# Sources ROS 2 and the hailo_ros workspace, then runs the command (default: robot.launch.py).
set -e
set +u
source /opt/ros/jazzy/setup.bash
source /opt/hailo_ros/ros2_ws/install/setup.bash
set -u
exec "$@"
