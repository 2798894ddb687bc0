/** The depth node's topics, declared once: the node creates them from here and the reference docs list them. */
import { DIAGNOSTICS_TOPIC, defineInterfaces } from "../kit/node-interfaces.ts";

export const depthInterfaces = defineInterfaces({
  subscribes: {
    image: {
      type: "sensor_msgs/msg/Image",
      topic: "image",
      // Depth 1 for images: only the newest is used.
      qos: { preset: "sensor_data", depth: 1, presetParameter: "image_qos" },
      description: "Camera images (the detection node's encodings)",
    },
    cameraInfo: {
      type: "sensor_msgs/msg/CameraInfo",
      topic: "camera_info",
      // A few kept so that a match by stamp is not lost.
      qos: { preset: "sensor_data", depth: 5, presetParameter: "image_qos" },
      description: "The camera's calibration, matched to images by stamp (sync_tolerance_ms)",
    },
  },
  publishes: {
    image: {
      type: "sensor_msgs/msg/Image",
      topic: "depth/image",
      qos: { preset: "default" },
      description: "32FC1 metres along the optical axis (NaN = no depth), model resolution, the input image's header",
    },
    cameraInfo: {
      type: "sensor_msgs/msg/CameraInfo",
      topic: "depth/camera_info",
      qos: { preset: "default" },
      description: "K and P of depth/image (letterbox and scale applied), same header",
    },
    points: {
      type: "sensor_msgs/msg/PointCloud2",
      topic: "depth/points",
      qos: { preset: "default" },
      description: "Organized xyz float32 cloud (+ rgb with points_rgb), every point_decimation-th pixel; only while subscribed",
    },
    colored: {
      type: "sensor_msgs/msg/Image",
      topic: "depth/colored",
      qos: { preset: "default" },
      description: "rgb8 colour map of the depth (colormap_near red … colormap_far blue); only while subscribed",
    },
    diagnostics: { ...DIAGNOSTICS_TOPIC, description: "1 Hz: the accelerator stream, the model's state and a 'depth: inputs' status" },
  },
});
