#!/usr/bin/python3
"""rclpy side of the ROS 2 image bench (real ROS 2, sourced; run with /usr/bin/python3).

publish:   python3 ros_image_peer.py publish --topic /bench/image --hz 30 --seconds 20 --width 1280 --height 720
           Waits for a subscriber, then publishes rgb8 sensor_msgs/Image at a steady rate (absolute
           deadlines), stamp = send time; prints {"sent": N, "seconds": S} when done.
subscribe: python3 ros_image_peer.py subscribe --topic /bench/image
           Prints "ready", counts images until stdin closes, then prints
           {"received": N, "first_s": .., "last_s": .., "cpu_s": CPU between the first and last image}.
Both use the detection node's image QoS (sensor data: best effort, volatile, depth 1 on the subscriber).
"""
import argparse
import array
import json
import os
import sys
import threading
import time

import rclpy
from rclpy.qos import DurabilityPolicy, HistoryPolicy, QoSProfile, ReliabilityPolicy
from sensor_msgs.msg import Image


def cpu_s():
    t = os.times()
    return t.user + t.system


def qos(depth, reliability):
    return QoSProfile(
        history=HistoryPolicy.KEEP_LAST,
        depth=depth,
        reliability=ReliabilityPolicy.RELIABLE if reliability == "reliable" else ReliabilityPolicy.BEST_EFFORT,
        durability=DurabilityPolicy.VOLATILE,
    )


def publish(args):
    node = rclpy.create_node("bench_image_publisher")
    pub = node.create_publisher(Image, args.topic, qos(5, args.reliability))
    msg = Image()
    msg.header.frame_id = "camera_color_optical_frame"
    msg.height = args.height
    msg.width = args.width
    msg.encoding = "rgb8"
    msg.is_bigendian = 0
    msg.step = args.width * 3
    payload = bytes((i * 7) & 0xFF for i in range(256)) * (args.width * args.height * 3 // 256 + 1)
    msg.data = array.array("B", payload[: args.width * args.height * 3])
    deadline = time.monotonic() + 15
    while pub.get_subscription_count() < args.subscribers:
        if time.monotonic() > deadline:
            sys.stderr.write("ros_image_peer: no subscriber appeared within 15 s\n")
            sys.exit(1)
        time.sleep(0.05)
    time.sleep(0.5)  # let the matched reader settle
    frames = int(round(args.hz * args.seconds))
    period = 1.0 / args.hz
    start = time.monotonic()
    sent = 0
    for i in range(frames):
        target = start + i * period
        delay = target - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        now = node.get_clock().now().to_msg()
        msg.header.stamp = now
        pub.publish(msg)
        sent += 1
    seconds = time.monotonic() - start
    time.sleep(0.5)
    sys.stdout.write(json.dumps({"sent": sent, "seconds": seconds}) + "\n")
    sys.stdout.flush()
    node.destroy_node()


def subscribe(args):
    node = rclpy.create_node("bench_image_subscriber")
    state = {"received": 0, "first_s": 0.0, "last_s": 0.0, "cpu_first": 0.0, "cpu_last": 0.0, "bytes": 0}

    def on_image(msg):
        now = time.monotonic()
        cpu = cpu_s()
        if state["received"] == 0:
            state["first_s"] = now
            state["cpu_first"] = cpu
        state["received"] += 1
        state["last_s"] = now
        state["cpu_last"] = cpu
        # Touch the data as a consumer would (as NumPy array, no copy).
        state["bytes"] = len(msg.data)

    node.create_subscription(Image, args.topic, on_image, qos(1, args.reliability))
    stop = threading.Event()

    def wait_stdin():
        sys.stdin.read()
        stop.set()

    threading.Thread(target=wait_stdin, daemon=True).start()
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    while not stop.is_set():
        rclpy.spin_once(node, timeout_sec=0.1)
    result = {
        "received": state["received"],
        "first_s": state["first_s"],
        "last_s": state["last_s"],
        "cpu_s": state["cpu_last"] - state["cpu_first"],
        "bytes": state["bytes"],
    }
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    node.destroy_node()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["publish", "subscribe"])
    parser.add_argument("--topic", default="/bench/image")
    parser.add_argument("--hz", type=float, default=30)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=720)
    parser.add_argument("--subscribers", type=int, default=1)
    parser.add_argument("--reliability", choices=["best_effort", "reliable"], default="best_effort")
    args = parser.parse_args()
    rclpy.init(args=None)
    try:
        publish(args) if args.mode == "publish" else subscribe(args)
    finally:
        rclpy.try_shutdown()


if __name__ == "__main__":
    main()
