export * from "./simulated-device.ts";
export * from "./simulated-backend.ts";
export * from "./simulated-llm.ts";
export * from "./model-profiles.ts";
