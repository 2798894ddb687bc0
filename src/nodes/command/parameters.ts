/** The command node's parameters, declared once; schema, descriptors, params YAML and docs derive from it. */
import { defineParameters, type ParametersOf } from "../../core/parameters/parameter-spec.ts";

const SPEED = { from: 0.01, to: 10 } as const;
const ACCEL = { from: 0, to: 100 } as const;

export const commandParameterSpec = defineParameters({
  parser: {
    type: "string",
    default: "grammar",
    choices: ["grammar", "auto", "llm"],
    readOnly: true,
    description:
      "How text becomes a command: grammar (instant, no LLM), auto (grammar, then the LLM for what it cannot parse), llm (the LLM only); auto and llm need an LLM backend",
  },
  llm_backend: {
    type: "string",
    default: "none",
    choices: ["none", "hailo", "ollama", "openai"],
    readOnly: true,
    description:
      "The LLM for parser auto/llm and ~/generate: none, hailo (in-process on the Hailo-10H), ollama (hailo-ollama or Ollama over HTTP), openai (chat completions: llama.cpp, vLLM)",
  },
  llm_url: {
    type: "string",
    default: "",
    readOnly: true,
    description: "ollama/openai: the server's base URL (empty: hailo-ollama :8000, Ollama :11434, llama.cpp :8080)",
  },
  llm_model: {
    type: "string",
    default: "",
    readOnly: true,
    description: "ollama/openai: the model's name (ollama needs one); hailo: the LLM HEF's path",
  },
  llm_device: {
    type: "string",
    default: "hailort",
    choices: ["hailort", "sim"],
    readOnly: true,
    description:
      "hailo: the device the LLM runs on, the one detection and depth use in this process: hailort (the Hailo-10H) or sim (the simulated device; llm_model is then a simulated LLM file)",
  },
  llm_flavor: {
    type: "string",
    default: "hailo-ollama",
    choices: ["hailo-ollama", "ollama"],
    readOnly: true,
    description: "ollama: which server speaks (Ollama is sent the command's JSON schema as format; hailo-ollama ignores it)",
  },
  llm_timeout_s: {
    type: "double",
    default: 20,
    range: { from: 0.1, to: 600 },
    readOnly: true,
    description: "Longest the LLM may take to interpret one utterance (both attempts), s",
  },
  control_rate: {
    type: "double",
    default: 50,
    range: { from: 1, to: 1000 },
    readOnly: true,
    description: "Executor control rate, Hz: one cmd_vel per tick while a command runs; a stop is sent at once",
  },
  use_stamped: {
    type: "bool",
    default: true,
    readOnly: true,
    description: "cmd_vel is geometry_msgs/TwistStamped (Jazzy's diff_drive_controller); false: geometry_msgs/Twist",
  },
  default_linear_speed_mps: { type: "double", default: 0.2, range: SPEED, description: "Speed of a move that names none, m/s" },
  default_angular_speed_rps: { type: "double", default: 1.0, range: SPEED, description: "Turn rate of a turn that names none, rad/s" },
  max_linear_speed_mps: { type: "double", default: 0.5, range: SPEED, description: "Largest |forward speed| sent, m/s" },
  max_angular_speed_rps: { type: "double", default: 2.0, range: SPEED, description: "Largest |turn rate| sent, rad/s" },
  max_linear_acceleration: {
    type: "double",
    default: 0.5,
    range: ACCEL,
    description: "Largest change of forward speed, m/s² (0 = unlimited; a stop is always immediate)",
  },
  max_angular_acceleration: {
    type: "double",
    default: 3.0,
    range: ACCEL,
    description: "Largest change of turn rate, rad/s² (0 = unlimited; a stop is always immediate)",
  },
  max_distance_m: { type: "double", default: 2.0, range: { from: 0.01, to: 100 }, description: "Largest |distance| of one move, m" },
  max_turn_rad: {
    type: "double",
    default: 6.283185307179586,
    range: { from: 0.01, to: 62.9 },
    description: "Largest |angle| of one turn, rad",
  },
  max_drive_duration_s: { type: "double", default: 10, range: { from: 0.1, to: 3600 }, description: "Longest drive, s" },
  stop_distance_m: {
    type: "double",
    default: 0.6,
    range: { from: 0.05, to: 20 },
    description: "goto and follow stop this far from the target (3D detections), m",
  },
  stop_box_fraction: {
    type: "double",
    default: 0.6,
    range: { from: 0.05, to: 1 },
    description: "With 2D detections only: goto arrives when the target's box is this share of the image height",
  },
  search_timeout_s: {
    type: "double",
    default: 20,
    range: { from: 0.5, to: 600 },
    description: "goto/follow/find give up after this long without seeing the target, s",
  },
  search_angular_speed_rps: { type: "double", default: 0.6, range: SPEED, description: "Rotation while searching, rad/s" },
  lost_after_s: {
    type: "double",
    default: 1.0,
    range: { from: 0.05, to: 30 },
    description: "A target not in detections for this long is lost (the robot then searches), s",
  },
  min_score: { type: "double", default: 0.4, range: { from: 0, to: 1 }, description: "Detections below this score are ignored" },
  horizontal_fov_deg: {
    type: "double",
    default: 66,
    range: { from: 1, to: 179 },
    description: "Camera's horizontal field of view for the bearing from 2D detections, degrees (Pi Camera Module 3: 66)",
  },
  image_width: {
    type: "integer",
    default: 640,
    range: { from: 1, to: 100000, step: 1 },
    description: "Width of the images 2D detections are in, px",
  },
  image_height: {
    type: "integer",
    default: 480,
    range: { from: 1, to: 100000, step: 1 },
    description: "Height of the images 2D detections are in, px",
  },
  odom_timeout_s: {
    type: "double",
    default: 0.5,
    range: { from: 0.01, to: 10 },
    description: "odom older than this is not used: moves and turns run open loop on time, s",
  },
  llm_max_tokens: {
    type: "integer",
    default: 256,
    range: { from: 1, to: 8192, step: 1 },
    description: "~/generate: largest reply when the goal asks for no limit, tokens",
  },
});

export type CommandNodeParameters = ParametersOf<typeof commandParameterSpec>;
