/** The motor node's topics and services, declared once: the node creates them from here and the reference docs list them. */
import { DIAGNOSTICS_TOPIC, defineInterfaces } from "../kit/node-interfaces.ts";

export const motorInterfaces = defineInterfaces({
  lifecycle: true,
  subscribes: {
    cmdVelStamped: {
      type: "geometry_msgs/msg/TwistStamped",
      topic: "cmd_vel",
      qos: { preset: "default" },
      when: "use_stamped is true",
      description: "linear.x m/s, angular.z rad/s; a zero stamp counts as now, older than cmd_vel_timeout is ignored",
    },
    cmdVel: {
      type: "geometry_msgs/msg/Twist",
      topic: "cmd_vel",
      qos: { preset: "default" },
      when: "use_stamped is false",
      description: "linear.x m/s, angular.z rad/s",
    },
  },
  publishes: {
    state: {
      type: "sensor_msgs/msg/JointState",
      topic: "motors/state",
      qos: { preset: "default" },
      description: "Commanded wheel velocities (rad/s), at control_rate while active",
    },
    blocked: {
      type: "std_msgs/msg/String",
      topic: "motors/blocked",
      qos: { preset: "latched" },
      description: "Why forward motion is blocked (range or bumper), empty when clear",
    },
    odom: {
      type: "nav_msgs/msg/Odometry",
      topic: "odom",
      qos: { preset: "default" },
      when: "encoder_type is not none",
      description: "Wheel odometry with covariance (diff_drive_controller's integration)",
    },
    tf: {
      type: "tf2_msgs/msg/TFMessage",
      topic: "/tf",
      qos: { preset: "default" },
      when: "encoder_type is not none",
      description: "odom → base_link; none with enable_odom_tf:=false",
    },
    joints: {
      type: "sensor_msgs/msg/JointState",
      topic: "joint_states",
      qos: { preset: "default" },
      when: "encoder_type is not none",
      description: "Measured wheel positions and velocities",
    },
    bumper: {
      type: "std_msgs/msg/Bool",
      topic: "bumper",
      qos: { preset: "latched" },
      when: "bumper_pins is not empty",
      description: "true while a bumper is pressed (debounced)",
    },
    range: {
      type: "sensor_msgs/msg/Range",
      topic: "range/<name>",
      qos: { preset: "sensor_data" },
      when: "range_sensors names it (one topic per name)",
      description: "Ultrasonic range at range_rate",
    },
    diagnostics: {
      ...DIAGNOSTICS_TOPIC,
      description: "1 Hz: lifecycle, enabled, e-stop, duties, stop reason, command and watchdog counts, sensors",
    },
  },
  services: {
    resetEstop: {
      type: "std_srvs/srv/Trigger",
      name: "~/reset_estop",
      description: "Unlatches the e-stop once the button is released; the wheels wait for the next command",
    },
    enable: {
      type: "std_srvs/srv/SetBool",
      name: "~/enable",
      description: "false halts and refuses commands until true",
    },
  },
});
