/** The fusion node's topics, declared once: the node creates them from here and the reference docs list them. */
import { DIAGNOSTICS_TOPIC, defineInterfaces } from "../kit/node-interfaces.ts";

export const fusionInterfaces = defineInterfaces({
  subscribes: {
    detections: {
      type: "vision_msgs/msg/Detection2DArray",
      topic: "detections/tracked",
      topicParameter: "detections_topic",
      qos: { preset: "default" },
      description: "2D detections, paired with depth by approximate time (sync_tolerance_ms)",
    },
    depth: {
      type: "sensor_msgs/msg/Image",
      topic: "depth/image",
      qos: { preset: "sensor_data", presetParameter: "depth_qos" },
      description: "Depth registered to the camera image: 32FC1 metres, or 16UC1 in depth_unit_16uc1",
    },
    depthInfo: {
      type: "sensor_msgs/msg/CameraInfo",
      topic: "depth/camera_info",
      // Best effort matches reliable and best-effort publishers alike (a depth camera's driver may offer either).
      qos: { preset: "sensor_data", depth: 10 },
      description: "K of the depth image at its own resolution",
    },
    cameraInfo: {
      type: "sensor_msgs/msg/CameraInfo",
      topic: "camera_info",
      // Best effort, as the depth node takes it: camera drivers publish camera_info with sensor-data QoS or reliable.
      qos: { preset: "sensor_data" },
      description: "K of the image the detections' pixels refer to",
    },
  },
  publishes: {
    detections3d: {
      type: "vision_msgs/msg/Detection3DArray",
      topic: "detections_3d",
      qos: { preset: "default" },
      description: "Metric objects in the depth image's optical frame; results and ids copied",
    },
    markers: {
      type: "visualization_msgs/msg/MarkerArray",
      topic: "markers",
      qos: { preset: "default" },
      description: "DELETEALL, then per object a LINE_LIST outline and a TEXT_VIEW_FACING label",
    },
    diagnostics: { ...DIAGNOSTICS_TOPIC, description: "1 Hz: pairs, objects fused, no depth, outside, unpaired, 2D-only by reason" },
  },
});
