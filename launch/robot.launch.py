"""The whole robot: perception, voice commands, motors, the camera's transforms and optionally rviz.

    ros2 launch hailo_ros robot.launch.py                                   # on the Pi, Hailo-10H
    ros2 launch hailo_ros robot.launch.py use_hailo:=false dry_run:=true rviz:=false
    ros2 launch hailo_ros robot.launch.py use_hailo:=false dry_run:=true camera:=synthetic   # no camera, no Hailo
    ros2 launch hailo_ros robot.launch.py namespace:=robot1 motors:=false image_topic:=/cam/image_raw \\
        detection_model:=/opt/models/yolov8n.hef depth_model:=/opt/models/scdepthv3.hef llm_backend:=auto

Nodes the installed package has no executable for are skipped with a note.
"""
import os
import sys

from launch import LaunchDescription
from launch.actions import IncludeLaunchDescription, OpaqueFunction
from launch.conditions import IfCondition
from launch.launch_description_sources import PythonLaunchDescriptionSource
from launch.substitutions import LaunchConfiguration
from launch_ros.actions import Node

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hailo_ros_nodes import ARGUMENTS, boolean, camera_group, declare_arguments, node_actions  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def robot_nodes(context):
    def get(name):
        return LaunchConfiguration(name).perform(context)
    groups = ['perception', 'voice']
    if boolean('motors')(get):
        groups.append('motors')
    return node_actions(context, groups + camera_group(get))


def rviz_config():
    # Installed: share/hailo_ros/{launch,rviz}; in the checkout: launch/{,rviz}.
    for candidate in (os.path.join(HERE, '..', 'rviz', 'hailo_ros.rviz'), os.path.join(HERE, 'rviz', 'hailo_ros.rviz')):
        if os.path.isfile(candidate):
            return os.path.normpath(candidate)
    return os.path.join(HERE, '..', 'rviz', 'hailo_ros.rviz')


def generate_launch_description():
    return LaunchDescription([
        *declare_arguments(list(ARGUMENTS)),
        IncludeLaunchDescription(PythonLaunchDescriptionSource(os.path.join(HERE, 'camera_tf.launch.py')),
                                 launch_arguments={'namespace': LaunchConfiguration('namespace')}.items()),
        OpaqueFunction(function=robot_nodes),
        Node(package='rviz2', executable='rviz2', name='rviz2', arguments=['-d', rviz_config()],
             condition=IfCondition(LaunchConfiguration('rviz'))),
    ])
