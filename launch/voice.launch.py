"""Voice commands: the command node turns transcripts into validated robot commands and cmd_vel.

    ros2 launch hailo_ros voice.launch.py                                   # the grammar only
    ros2 launch hailo_ros voice.launch.py parser:=auto llm_backend:=ollama llm_model:=qwen2:1.5b llm_url:=http://127.0.0.1:8000
"""
import os
import sys

from launch import LaunchDescription
from launch.actions import OpaqueFunction

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hailo_ros_nodes import declare_arguments, node_actions  # noqa: E402


def generate_launch_description():
    return LaunchDescription([
        *declare_arguments(['namespace', 'parser', 'llm_backend', 'llm_url', 'llm_model', 'params_dir', 'log_level']),
        OpaqueFunction(function=lambda context: node_actions(context, ['voice'])),
    ])
