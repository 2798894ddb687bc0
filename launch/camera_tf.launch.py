"""Where the camera sits on the robot, as static transforms (REP-103 axes, REP-105 frames).

base_link (x forward, y left, z up) -> camera_link (the mount, same axes) -> camera_optical_frame
(z forward, x right, y down: the frame the camera's images are stamped in). Measure the mount and
pass it, e.g.:

    ros2 launch hailo_ros camera_tf.launch.py camera_x:=0.08 camera_z:=0.12 camera_pitch:=0.2
"""
from launch import LaunchDescription
from launch.actions import DeclareLaunchArgument
from launch.substitutions import LaunchConfiguration
from launch_ros.actions import Node

MOUNT = {
    'camera_x': ('0.10', 'Camera ahead of base_link, m'),
    'camera_y': ('0.0', 'Camera left of base_link, m'),
    'camera_z': ('0.15', 'Camera above base_link, m'),
    'camera_roll': ('0.0', 'Camera roll, rad'),
    'camera_pitch': ('0.0', 'Camera pitch (positive looks down), rad'),
    'camera_yaw': ('0.0', 'Camera yaw, rad'),
}


def generate_launch_description():
    namespace = LaunchConfiguration('namespace')
    mount = ['--x', LaunchConfiguration('camera_x'), '--y', LaunchConfiguration('camera_y'),
             '--z', LaunchConfiguration('camera_z'), '--roll', LaunchConfiguration('camera_roll'),
             '--pitch', LaunchConfiguration('camera_pitch'), '--yaw', LaunchConfiguration('camera_yaw')]
    return LaunchDescription([
        DeclareLaunchArgument('namespace', default_value=''),
        DeclareLaunchArgument('base_frame', default_value='base_link'),
        DeclareLaunchArgument('camera_frame', default_value='camera_link'),
        DeclareLaunchArgument('optical_frame', default_value='camera_optical_frame'),
        *[DeclareLaunchArgument(name, default_value=default, description=text) for name, (default, text) in MOUNT.items()],
        Node(package='tf2_ros', executable='static_transform_publisher', name='camera_mount_tf', namespace=namespace,
             arguments=[*mount, '--frame-id', LaunchConfiguration('base_frame'),
                        '--child-frame-id', LaunchConfiguration('camera_frame')]),
        # camera_link -> optical: roll -90 deg, yaw -90 deg (REP-103's camera convention).
        Node(package='tf2_ros', executable='static_transform_publisher', name='camera_optical_tf', namespace=namespace,
             arguments=['--roll', '-1.5707963267948966', '--pitch', '0', '--yaw', '-1.5707963267948966',
                        '--frame-id', LaunchConfiguration('camera_frame'),
                        '--child-frame-id', LaunchConfiguration('optical_frame')]),
    ])
