#!/usr/bin/env python3
"""Checks the launch files against what exists: every launch/*.py compiles; the node table
(launch/hailo_ros_nodes.py) names, for each node in the registry, its real executable, only
parameters its spec declares, a parameter file that exists and only declared launch arguments;
every hailo_ros executable a launch file names is one the package installs; every .yaml, .rviz and
.launch.py a launch file names exists. Nodes of the table not in the registry yet are skipped with a
note. With --build (ROS 2 sourced), each launch file's generate_launch_description() is also run.

    node dist/scripts/list-nodes.js > /tmp/nodes.json
    python3 scripts/check_launch.py --nodes /tmp/nodes.json [--build]

Exit 0 when all holds, 1 with one line per problem otherwise.
"""
import argparse
import ast
import importlib.util
import json
import os
import py_compile
import sys
import tempfile

sys.dont_write_bytecode = True
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAUNCH = os.path.join(ROOT, 'launch')
OTHER_PACKAGES = {('tf2_ros', 'static_transform_publisher'), ('rviz2', 'rviz2')}


def load_table():
    spec = importlib.util.spec_from_file_location('hailo_ros_nodes', os.path.join(LAUNCH, 'hailo_ros_nodes.py'))
    module = importlib.util.module_from_spec(spec)
    sys.modules['hailo_ros_nodes'] = module
    spec.loader.exec_module(module)
    return module


def launch_files():
    return sorted(os.path.join(LAUNCH, f) for f in os.listdir(LAUNCH) if f.endswith('.py'))


def keyword(call, name):
    for kw in call.keywords:
        if kw.arg == name and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
            return kw.value.value
    return None


def referenced_files(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
            if ' ' not in text and not text.startswith('.') and text.endswith(('.yaml', '.rviz', '.launch.py')):
                yield text


def exists_in_launch(name):
    for folder, _, files in os.walk(LAUNCH):
        if os.path.basename(name) in files:
            return True
    return False


def check(nodes_json, build):
    problems, notes = [], []
    registry = {n['name']: n for n in nodes_json['nodes']}
    executables = {n['executable'] for n in registry.values()} | {nodes_json['multiNodeExecutable']}

    with tempfile.TemporaryDirectory() as scratch:
        for path in launch_files():
            try:
                py_compile.compile(path, doraise=True, cfile=os.path.join(scratch, 'out.pyc'))
            except py_compile.PyCompileError as error:
                problems.append(f'{os.path.relpath(path, ROOT)}: does not compile: {error.msg}')

    table = load_table()
    for entry in table.NODE_TABLE:
        if entry.group not in table.GROUPS:
            problems.append(f"launch/hailo_ros_nodes.py: node '{entry.name}' is in unknown group '{entry.group}'")
        for arg in entry.remappings.values():
            if arg not in table.ARGUMENTS:
                problems.append(f"launch/hailo_ros_nodes.py: node '{entry.name}' remaps from undeclared argument '{arg}'")
        listed = registry.get(entry.name)
        if listed is None:
            notes.append(f"note: skipping the {entry.name} node: not in the registry yet (src/nodes/registry.ts)")
            continue
        if entry.executable != listed['executable']:
            problems.append(f"launch/hailo_ros_nodes.py: node '{entry.name}' runs '{entry.executable}', the package installs '{listed['executable']}'")
        for parameter in entry.parameters:
            if parameter not in listed['parameters']:
                problems.append(f"launch/hailo_ros_nodes.py: node '{entry.name}' sets parameter '{parameter}', which its spec does not declare "
                                f"(declared: {', '.join(listed['parameters'])})")
        if not os.path.isfile(os.path.join(LAUNCH, 'config', entry.params_file)):
            problems.append(f"launch/config/{entry.params_file} does not exist; run `npm run generate`")
    for name in registry:
        if name not in {e.name for e in table.NODE_TABLE}:
            notes.append(f"note: the {name} node is in the registry but no launch file starts it; add it to launch/hailo_ros_nodes.py")

    for path in launch_files():
        rel = os.path.relpath(path, ROOT)
        with open(path, encoding='utf-8') as f:
            try:
                tree = ast.parse(f.read(), path)
            except SyntaxError:
                continue  # reported above
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            callee = call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, 'attr', None)
            if callee not in ('Node', 'LifecycleNode'):
                continue
            package, executable = keyword(call, 'package'), keyword(call, 'executable')
            if package == 'hailo_ros' and executable is not None and executable not in executables:
                problems.append(f"{rel}: starts hailo_ros executable '{executable}', which the package does not install")
            elif package is not None and package != 'hailo_ros' and (package, executable) not in OTHER_PACKAGES:
                problems.append(f"{rel}: starts {package}/{executable}, not in the known executables of other packages")
        for name in referenced_files(tree):
            if not exists_in_launch(name):
                problems.append(f"{rel}: names '{name}', which is not under launch/")

    if build:
        sys.path.insert(0, LAUNCH)
        for path in launch_files():
            if not path.endswith('.launch.py') or any(p.startswith(os.path.relpath(path, ROOT) + ':') for p in problems):
                continue
            spec = importlib.util.spec_from_file_location(os.path.basename(path)[:-3].replace('.', '_'), path)
            module = importlib.util.module_from_spec(spec)
            try:
                spec.loader.exec_module(module)
                description = module.generate_launch_description()
                if not description.entities:
                    problems.append(f'{os.path.relpath(path, ROOT)}: generate_launch_description() returned no entities')
            except Exception as error:  # noqa: BLE001 - reported as a problem of that file
                problems.append(f'{os.path.relpath(path, ROOT)}: generate_launch_description() failed: {error!r}')
    return problems, notes


def main():
    global LAUNCH
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--nodes', required=True, help='JSON from node dist/scripts/list-nodes.js')
    parser.add_argument('--launch-dir', default=LAUNCH, help='the launch folder to check (default: launch/ of this checkout)')
    parser.add_argument('--build', action='store_true', help='also run generate_launch_description() (needs ROS 2 sourced)')
    args = parser.parse_args()
    LAUNCH = os.path.abspath(args.launch_dir)
    with open(args.nodes, encoding='utf-8') as f:
        nodes_json = json.load(f)
    problems, notes = check(nodes_json, args.build)
    for line in notes:
        print(line)
    for line in problems:
        print(f'problem: {line}')
    print(f"check_launch: {len(launch_files())} launch files, {len(nodes_json['nodes'])} registry nodes, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
