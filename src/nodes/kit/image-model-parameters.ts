/** Parameter declarations every node that runs an image model on the accelerator shares (detection, depth). */
import { INFERENCE_BACKENDS } from "../../ports/inference-backend.ts";

/** The QoS a camera topic may be subscribed with. */
export const IMAGE_QOS_CHOICES = ["sensor_data", "default"] as const;

/** Which inference backend serves the model. */
export const BACKEND_PARAMETER = {
  type: "string",
  default: "onnx",
  choices: INFERENCE_BACKENDS,
  readOnly: true,
  description: "Inference backend: onnx (CPU, onnxruntime), hailo (Hailo-10H through HailoRT), sim (simulated Hailo device, tests only)",
} as const;
