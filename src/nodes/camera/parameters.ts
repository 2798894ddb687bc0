/** The camera node's parameters, declared once; schema, descriptors, params YAML and docs derive from it. */
import { defineParameters, type ParametersOf } from "../../core/parameters/parameter-spec.ts";
import { IMAGE_QOS_CHOICES } from "../kit/image-model-parameters.ts";

export const cameraParameterSpec = defineParameters({
  source: {
    type: "string",
    default: "synthetic",
    readOnly: true,
    description:
      "What the camera shows: synthetic (the synthetic scenes with metric depth, their CameraInfo and ground truth), an .mcap file to replay (rosbag2 or hailo-ros recordings) or a folder of PNG/JPEG images",
  },
  rate_hz: {
    type: "double",
    default: 10,
    range: { from: 0.1, to: 120 },
    description: "Frames published per second (a frame not ready in time is skipped and counted)",
  },
  frame_id: {
    type: "string",
    default: "camera_optical_frame",
    description: "frame_id of every image, camera_info and ground truth (the optical frame of camera_tf.launch.py)",
  },
  width: {
    type: "integer",
    default: 640,
    range: { from: 64, to: 4096, step: 1 },
    readOnly: true,
    description: "synthetic: image width, px",
  },
  height: {
    type: "integer",
    default: 480,
    range: { from: 48, to: 4096, step: 1 },
    readOnly: true,
    description: "synthetic: image height, px",
  },
  seed: { type: "integer", default: 1, readOnly: true, description: "synthetic: scene seed (the same seed gives the same frames)" },
  mcap_topic: {
    type: "string",
    default: "",
    readOnly: true,
    description: ".mcap: the Image or CompressedImage topic replayed. Empty: the file's first image topic",
  },
  mcap_camera_info_topic: {
    type: "string",
    default: "",
    readOnly: true,
    description:
      ".mcap: the CameraInfo topic replayed on camera_info with each frame. Empty: camera_info beside the image topic (image_transport's name), else the file's only CameraInfo topic, else none",
  },
  loop: { type: "bool", default: true, readOnly: true, description: ".mcap and folders: start again after the last frame" },
  image_qos: {
    type: "string",
    default: "sensor_data",
    choices: IMAGE_QOS_CHOICES,
    readOnly: true,
    description: "QoS of image and camera_info: sensor_data (best effort, as camera drivers publish) or default (reliable)",
  },
});

export type CameraParameters = ParametersOf<typeof cameraParameterSpec>;
