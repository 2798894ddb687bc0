/** The camera node's topics, declared once: the node creates them from here and the reference docs list them. */
import { DIAGNOSTICS_TOPIC, defineInterfaces } from "../kit/node-interfaces.ts";

export const cameraInterfaces = defineInterfaces({
  subscribes: {},
  publishes: {
    image: {
      type: "sensor_msgs/msg/Image",
      topic: "image",
      qos: { preset: "sensor_data", presetParameter: "image_qos" },
      description: "The frames of the source (rgb8 from the synthetic scenes; as recorded from an .mcap), at rate_hz",
    },
    cameraInfo: {
      type: "sensor_msgs/msg/CameraInfo",
      topic: "camera_info",
      qos: { preset: "sensor_data", presetParameter: "image_qos" },
      description: "The calibration of each frame, same header",
    },
    groundTruth: {
      type: "vision_msgs/msg/Detection2DArray",
      topic: "ground_truth",
      qos: { preset: "default" },
      description: "The objects the synthetic scene drew (class, box), same header; for checking detections",
    },
    diagnostics: { ...DIAGNOSTICS_TOPIC, description: "1 Hz: frames published, skipped and late, whether the source ended" },
  },
});
