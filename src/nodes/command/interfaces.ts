/** The command node's topics, service and actions, declared once: the node creates them from here and the reference docs list them. */
import { DIAGNOSTICS_TOPIC, defineInterfaces } from "../kit/node-interfaces.ts";

export const commandInterfaces = defineInterfaces({
  subscribes: {
    transcript: {
      type: "std_msgs/msg/String",
      topic: "voice/transcript",
      qos: { preset: "default" },
      description: "One utterance per message, from any speech-to-text node",
    },
    odom: {
      type: "nav_msgs/msg/Odometry",
      topic: "odom",
      qos: { preset: "sensor_data" },
      description: "Closed-loop moves and turns while fresh (odom_timeout_s)",
    },
    detections3d: {
      type: "vision_msgs/msg/Detection3DArray",
      topic: "detections_3d",
      qos: { preset: "sensor_data" },
      description: "Targets for goto/follow/find: bearing atan2(−x, z) and distance in the camera optical frame",
    },
    detections: {
      type: "vision_msgs/msg/Detection2DArray",
      topic: "detections",
      qos: { preset: "sensor_data" },
      description: "Used when no 3D detections are fresh: bearing from the box centre, arrival by box height",
    },
  },
  publishes: {
    cmdVelStamped: {
      type: "geometry_msgs/msg/TwistStamped",
      topic: "cmd_vel",
      qos: { preset: "default" },
      when: "use_stamped is true",
      description: "While a command runs, and zero on every stop and end",
    },
    cmdVel: {
      type: "geometry_msgs/msg/Twist",
      topic: "cmd_vel",
      qos: { preset: "default" },
      when: "use_stamped is false",
      description: "As above, unstamped",
    },
    command: {
      type: "hailo_ros_msgs/msg/RobotCommand",
      topic: "command",
      qos: { preset: "default" },
      description: "Every command interpreted, with its text and parser",
    },
    response: {
      type: "std_msgs/msg/String",
      topic: "voice/response",
      qos: { preset: "default" },
      description: "describe's sentence, failures of spoken commands",
    },
    diagnostics: { ...DIAGNOSTICS_TOPIC, description: "1 Hz: phase, perception source, odometry, last result, counts" },
  },
  services: {
    parse: {
      type: "hailo_ros_msgs/srv/ParseCommand",
      name: "~/parse_command",
      description: "Text → command (and its JSON form) or the error; runs nothing",
    },
  },
  actions: {
    execute: {
      type: "hailo_ros_msgs/action/ExecuteCommand",
      name: "~/execute_command",
      description: "Text or command → run; feedback phase/progress/step; cancelable; one goal at a time",
    },
    generate: {
      type: "hailo_ros_msgs/action/Generate",
      name: "~/generate",
      description: "Prompt → streamed text as feedback → final text, on the node's LLM (rejected without one)",
    },
  },
});
