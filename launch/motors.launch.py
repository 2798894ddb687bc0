"""The motor node (differential drive over GPIO) on its own.

    ros2 launch hailo_ros motors.launch.py dry_run:=true
    ros2 launch hailo_ros motors.launch.py dry_run:=true autostart:=false   # unconfigured, for a lifecycle manager
    ros2 launch hailo_ros motors.launch.py namespace:=robot1 params_dir:=/etc/hailo_ros
"""
import os
import sys

from launch import LaunchDescription
from launch.actions import OpaqueFunction

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hailo_ros_nodes import declare_arguments, node_actions  # noqa: E402


def generate_launch_description():
    return LaunchDescription([
        *declare_arguments(['namespace', 'dry_run', 'autostart', 'params_dir', 'log_level']),
        OpaqueFunction(function=lambda context: node_actions(context, ['motors'])),
    ])
