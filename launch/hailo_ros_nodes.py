"""The hailo_ros nodes as the launch files start them: one table, one builder.

Every launch file of this folder starts its nodes from NODE_TABLE, so a node's executable, its
parameters from the launch arguments and its remappings are written once. A node the installed
package has no executable for (not in the registry of this build yet) is skipped with a printed
note. scripts/check_launch.py checks this table against the registry (dist/scripts/list-nodes.js):
executables, parameter names and parameter files.

This module imports nothing from launch at import time, so the checker runs without ROS 2.
"""

import os
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Tuple

PACKAGE = 'hailo_ros'

# name: (default, description)
ARGUMENTS: Dict[str, Tuple[str, str]] = {
    'namespace': ('', 'Namespace of every node (e.g. robot1)'),
    'use_hailo': ('true', 'Run detection and depth on the Hailo-10H (false: ONNX on the CPU)'),
    'image_topic': ('/camera/image_raw', 'Camera image topic (sensor_msgs/Image)'),
    'camera_info_topic': ('/camera/camera_info', 'Camera calibration topic (sensor_msgs/CameraInfo)'),
    'detection_model': ('', 'Detection model: a .hef with use_hailo, else a .onnx (empty: the parameter file\'s)'),
    'depth_model': ('', 'Depth model: a .hef with use_hailo, else a .onnx (empty: the parameter file\'s)'),
    'parser': ('', 'How the command node reads transcripts: grammar, auto (grammar, then the LLM) or llm '
                   '(empty: the parameter file\'s)'),
    'llm_backend': ('', 'The LLM for parser auto/llm: none, hailo (in-process on the Hailo-10H), ollama or openai '
                        '(empty: the parameter file\'s)'),
    'llm_url': ('', 'ollama/openai: the LLM server\'s base URL (empty: the parameter file\'s)'),
    'llm_model': ('', 'ollama/openai: the model\'s name; hailo: the LLM HEF\'s path (empty: the parameter file\'s)'),
    'motors': ('true', 'Start the motor node'),
    'dry_run': ('false', 'The motor node drives no GPIO and prints what it would write'),
    'autostart': ('true', 'Configure and activate the managed (lifecycle) nodes at start; false leaves them '
                          'unconfigured for a lifecycle manager (ros2 lifecycle set /motor configure, then activate)'),
    'rviz': ('false', 'Start rviz2 with the hailo_ros view'),
    'params_dir': ('', 'Folder of <node>.yaml parameter files (empty: the installed share/hailo_ros/config)'),
    'log_level': ('info', 'Log level of the nodes (debug, info, warn, error)'),
    'camera': ('none', 'Image source to start on image_topic: none (a camera driver publishes it), synthetic (the '
                       'synthetic scenes with camera_info and ground_truth), or an .mcap file or image folder to replay'),
    'camera_rate': ('', 'Frames per second of the camera node (empty: the parameter file\'s)'),
}

Value = Callable[[Callable[[str], str]], Optional[object]]


def argument(name: str) -> Value:
    """The launch argument as a string; unset (empty) leaves the parameter file's value."""
    return lambda get: get(name) or None


def boolean(name: str) -> Value:
    def value(get: Callable[[str], str]) -> Optional[object]:
        text = get(name).strip().lower()
        if text in ('true', '1', 'yes', 'on'):
            return True
        if text in ('false', '0', 'no', 'off'):
            return False
        raise ValueError(f"launch argument '{name}' must be true or false (got '{get(name)}')")
    return value


def number(name: str) -> Value:
    """The launch argument as a float (a double parameter); unset (empty) leaves the parameter file's value."""
    def value(get: Callable[[str], str]) -> Optional[object]:
        text = get(name).strip()
        if text == '':
            return None
        try:
            return float(text)
        except ValueError:
            raise ValueError(f"launch argument '{name}' must be a number (got '{text}')") from None
    return value


def backend(get: Callable[[str], str]) -> Optional[object]:
    return 'hailo' if boolean('use_hailo')(get) else 'onnx'


@dataclass(frozen=True)
class LaunchNode:
    name: str
    group: str
    parameters: Dict[str, Value] = field(default_factory=dict)
    # node topic -> launch argument holding the topic it is remapped to
    remappings: Dict[str, str] = field(default_factory=dict)

    @property
    def executable(self) -> str:
        return f'{self.name}_node'

    @property
    def params_file(self) -> str:
        return f'{self.name}.yaml'


NODE_TABLE: Tuple[LaunchNode, ...] = (
    LaunchNode('detection', 'perception',
               {'backend': backend, 'model_path': argument('detection_model')},
               {'image': 'image_topic'}),
    LaunchNode('depth', 'perception',
               {'backend': backend, 'model_path': argument('depth_model')},
               {'image': 'image_topic', 'camera_info': 'camera_info_topic'}),
    LaunchNode('fusion', 'perception', remappings={'camera_info': 'camera_info_topic'}),
    LaunchNode('tracking', 'perception'),
    LaunchNode('command', 'voice', {'parser': argument('parser'), 'llm_backend': argument('llm_backend'),
                                    'llm_url': argument('llm_url'), 'llm_model': argument('llm_model')}),
    LaunchNode('motor', 'motors', {'dry_run': boolean('dry_run'), 'autostart': boolean('autostart')}),
    LaunchNode('camera', 'camera', {'source': argument('camera'), 'rate_hz': number('camera_rate')},
               {'image': 'image_topic', 'camera_info': 'camera_info_topic'}),
)

GROUPS = ('perception', 'voice', 'motors', 'camera')


def camera_group(get: Callable[[str], str]) -> List[str]:
    """['camera'] when the camera argument names a source to start, [] for none (a driver publishes)."""
    return [] if get('camera').strip() in ('', 'none') else ['camera']


def declare_arguments(names: List[str]):
    from launch.actions import DeclareLaunchArgument
    return [DeclareLaunchArgument(n, default_value=ARGUMENTS[n][0], description=ARGUMENTS[n][1]) for n in names]


def node_actions(context, groups: List[str]):
    """The Node actions of `groups` (OpaqueFunction body): skipped nodes get a LogInfo note."""
    from ament_index_python.packages import get_package_prefix, get_package_share_directory
    from launch.actions import LogInfo
    from launch.substitutions import LaunchConfiguration
    from launch_ros.actions import Node

    def get(name: str) -> str:
        return LaunchConfiguration(name).perform(context) if name in context.launch_configurations else ARGUMENTS[name][0]

    lib = os.path.join(get_package_prefix(PACKAGE), 'lib', PACKAGE)
    params_dir = get('params_dir') or os.path.join(get_package_share_directory(PACKAGE), 'config')
    namespace = get('namespace')
    actions = []
    for entry in NODE_TABLE:
        if entry.group not in groups:
            continue
        if not os.access(os.path.join(lib, entry.executable), os.X_OK):
            actions.append(LogInfo(msg=f'hailo_ros: skipping the {entry.name} node: this build of {PACKAGE} has no '
                                       f'{entry.executable} (the node is not in its registry)'))
            continue
        parameters: List[object] = []
        params_file = os.path.join(params_dir, entry.params_file)
        if os.path.isfile(params_file):
            parameters.append(params_file)
        overrides = {}
        for key, value in entry.parameters.items():
            evaluated = value(get)
            if evaluated is not None:
                overrides[key] = evaluated
        if overrides:
            parameters.append(overrides)
        actions.append(Node(
            package=PACKAGE,
            executable=entry.executable,
            name=entry.name,
            namespace=namespace,
            parameters=parameters,
            remappings=[(topic, get(arg)) for topic, arg in entry.remappings.items()],
            ros_arguments=['--log-level', get('log_level')],
            output='screen',
            emulate_tty=True,
        ))
    return actions
