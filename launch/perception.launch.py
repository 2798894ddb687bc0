"""Perception on the accelerator: detection, depth, fusion and tracking (those this build has).

    ros2 launch hailo_ros perception.launch.py image_topic:=/camera/image_raw detection_model:=/opt/models/yolov8n.hef
    ros2 launch hailo_ros perception.launch.py use_hailo:=false          # ONNX on the CPU
"""
import os
import sys

from launch import LaunchDescription
from launch.actions import OpaqueFunction

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hailo_ros_nodes import declare_arguments, node_actions  # noqa: E402


def generate_launch_description():
    return LaunchDescription([
        *declare_arguments(['namespace', 'use_hailo', 'image_topic', 'camera_info_topic', 'detection_model',
                            'depth_model', 'params_dir', 'log_level']),
        OpaqueFunction(function=lambda context: node_actions(context, ['perception'])),
    ])
