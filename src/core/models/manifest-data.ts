/**
 * The models `hailo-ros models` knows, as published by Hailo: Hailo-10H HEFs of the Hailo Model
 * Zoo (docs/public_models/HAILO10H/*.rst: https://hailo-model-zoo.s3.eu-west-2.amazonaws.com/
 * ModelZoo/Compiled/v<release>/hailo10h/<name>.hef), the GenAI HEFs of the Hailo GenAI Model Zoo
 * (https://dev-public.hailo.ai/v<hailort>/blob/<Name>.hef, as hailo-apps' resources_config.yaml
 * builds it), and for the CPU backend the ONNX models in the Model Zoo's pretrained archives.
 *
 * None of the sha256 could be checked against a download where this manifest was written, so
 * every entry is unpinned (the Model Zoo publishes no checksums for its HEFs; the GenAI zoo's
 * manifest lists a hash per model but not which HailoRT release it belongs to). `models fetch`
 * records what it downloaded and `models verify` holds the file to that. Pin an entry by putting
 * the sha256 of a download you trust here. Validated by ModelManifestSchema when loaded.
 */
const MODEL_ZOO = "https://hailo-model-zoo.s3.eu-west-2.amazonaws.com";
const HEF_URL = (name: string) => `${MODEL_ZOO}/ModelZoo/Compiled/v{model_zoo_version}/hailo10h/${name}.hef`;
const GENAI_URL = (name: string) => `https://dev-public.hailo.ai/v{hailort_version}/blob/${name}.hef`;
const UNPINNED_HEF = "the Hailo Model Zoo publishes no checksum for its HEFs, and none was verified against a download";
const UNPINNED_ONNX = "the Model Zoo publishes no checksum for its pretrained archives, and none was verified against a download";
const UNPINNED_LLM =
  "hailo_model_zoo_genai's manifests list a hash per model without its HailoRT release, and none was verified against a download";
const DETECTION_DOC = "hailo_model_zoo docs/public_models/HAILO10H/HAILO10H_object_detection.rst";
const DEPTH_DOC = "hailo_model_zoo docs/public_models/HAILO10H/HAILO10H_depth_estimation.rst";
const GENAI_DOC = "hailo_model_zoo_genai docs/MODELS.rst; hailo-apps hailo_apps/config/resources_config.yaml (gen-ai-mz)";

const yoloHef = (name: string) => ({
  name: `${name}-h10h`,
  task: "detection",
  format: "hef",
  target: "hailo10h",
  url: HEF_URL(name),
  file: `${name}.hef`,
  sha256: null,
  unpinned: UNPINNED_HEF,
  input: { height: 640, width: 640, channels: 3 },
  postprocess: "hailo_nms_by_class",
  labels: "coco80",
  source: DETECTION_DOC,
});

const yoloOnnx = (name: string, date: string) => ({
  name: `${name}-onnx`,
  task: "detection",
  format: "onnx",
  target: "cpu",
  url: `${MODEL_ZOO}/ObjectDetection/Detection-COCO/yolo/${name}/${date}/${name}.zip`,
  file: `${name}.onnx`,
  archive: { format: "zip", member: `${name}.onnx` },
  sha256: null,
  unpinned: UNPINNED_ONNX,
  input: { height: 640, width: 640, channels: 3 },
  postprocess: "yolo_raw_head",
  labels: "coco80",
  source: `${DETECTION_DOC} (PT link: the Ultralytics ONNX export Hailo compiles from)`,
});

const llmHef = (hefName: string, name: string) => ({
  name,
  task: "llm",
  format: "hef",
  target: "hailo10h",
  url: GENAI_URL(hefName),
  file: `${hefName}.hef`,
  sha256: null,
  unpinned: UNPINNED_LLM,
  postprocess: "llm_chat",
  labels: null,
  source: GENAI_DOC,
});

export const MODEL_MANIFEST_DATA = {
  schema: 1,
  modelZooReleases: ["5.0.0", "5.1.0", "5.2.0", "5.3.0"],
  models: [
    yoloHef("yolov8n"),
    yoloHef("yolov8s"),
    yoloHef("yolov8m"),
    yoloHef("yolov11n"),
    yoloHef("yolov11s"),
    yoloHef("yolov11m"),
    {
      name: "scdepthv3-h10h",
      task: "depth",
      format: "hef",
      target: "hailo10h",
      url: HEF_URL("scdepthv3"),
      file: "scdepthv3.hef",
      sha256: null,
      unpinned: UNPINNED_HEF,
      input: { height: 256, width: 320, channels: 3 },
      postprocess: "depth_relative",
      labels: null,
      source: DEPTH_DOC,
    },
    {
      name: "fast_depth-h10h",
      task: "depth",
      format: "hef",
      target: "hailo10h",
      url: HEF_URL("fast_depth"),
      file: "fast_depth.hef",
      sha256: null,
      unpinned: UNPINNED_HEF,
      input: { height: 224, width: 224, channels: 3 },
      postprocess: "depth_relative",
      labels: null,
      source: DEPTH_DOC,
    },
    llmHef("Qwen2.5-1.5B-Instruct", "qwen2.5-1.5b-instruct-h10h"),
    llmHef("Qwen2-1.5B-Instruct", "qwen2-1.5b-instruct-h10h"),
    yoloOnnx("yolov8n", "2023-01-30"),
    yoloOnnx("yolov8s", "2023-02-02"),
    yoloOnnx("yolov8m", "2023-02-02"),
  ],
} as const;
