"""Perception on the accelerator: detection, depth, fusion and tracking (those this build has).

    ros2 launch hailo_ros perception.launch.py image_topic:=/camera/image_raw detection_model:=/opt/models/yolov8n.hef
    ros2 launch hailo_ros perception.launch.py use_hailo:=false          # ONNX on the CPU
    ros2 launch hailo_ros perception.launch.py use_hailo:=false camera:=synthetic   # and a camera to look at
"""
import os
import sys

from launch import LaunchDescription
from launch.actions import OpaqueFunction
from launch.substitutions import LaunchConfiguration

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hailo_ros_nodes import camera_group, declare_arguments, node_actions  # noqa: E402


def generate_launch_description():
    return LaunchDescription([
        *declare_arguments(['namespace', 'use_hailo', 'image_topic', 'camera_info_topic', 'detection_model',
                            'depth_model', 'params_dir', 'log_level', 'camera', 'camera_rate']),
        OpaqueFunction(function=lambda context: node_actions(
            context, ['perception'] + camera_group(lambda name: LaunchConfiguration(name).perform(context)))),
    ])
