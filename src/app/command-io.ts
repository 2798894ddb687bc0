/**
 * The command node's I/O: the LLM its `llm_*` parameters name (none, hailo, ollama, openai), opened
 * only when the node starts with one (hailo: on the process's device and accelerator scheduler), and
 * the LLM path's interpreter over it.
 */
import { LlmInterpreter } from "../nodes/command/llm-interpreter.ts";
import type { CommandNodeIo } from "../nodes/command/command-node-io.ts";
import type { CommandNodeParameters } from "../nodes/command/parameters.ts";
import { JSON_REPLY_TOKENS, replyIsJson } from "./command-interpreter.ts";
import { openCommandLlm, type CommandLlmOptions } from "./command-llm.ts";

/** The LLM options the parameters give, or undefined for `llm_backend: none`. */
export function commandLlmOptionsOf(p: CommandNodeParameters): CommandLlmOptions | undefined {
  if (p.llm_backend === "none") return undefined;
  return {
    backend: p.llm_backend as CommandLlmOptions["backend"],
    ...(p.llm_url !== "" ? { url: p.llm_url } : {}),
    ...(p.llm_model !== "" ? { model: p.llm_model } : {}),
    flavor: p.llm_flavor as NonNullable<CommandLlmOptions["flavor"]>,
    ...(p.llm_backend === "hailo" ? { device: p.llm_device as NonNullable<CommandLlmOptions["device"]> } : {}),
  };
}

export function createCommandNodeIo(): CommandNodeIo {
  return {
    llm: async (parameters, scheduler) => {
      const options = commandLlmOptionsOf(parameters);
      if (options === undefined) return undefined;
      if (options.model === undefined && options.backend !== "openai") {
        const what =
          options.backend === "hailo" ? "the LLM HEF's path" : `a model the ${options.flavor} server has, e.g. qwen2.5-instruct:1.5b`;
        throw new Error(`llm_backend '${options.backend}' needs llm_model: set llm_model:=<${what}>`);
      }
      // hailo: the LLM leases the process's one device (shared with detection and depth) and runs on
      // the runner's scheduler, on its LLM lane at the lowest priority; one of its own only without a runner.
      return openCommandLlm({ ...options, ...(scheduler !== undefined ? { scheduler } : {}) });
    },
    llmInterpreter: (llm, parameters) => {
      const options = commandLlmOptionsOf(parameters);
      return new LlmInterpreter({
        llm,
        timeoutMs: parameters.llm_timeout_s * 1000,
        ...(options !== undefined && replyIsJson(options) ? { maxReplyTokens: JSON_REPLY_TOKENS } : {}),
      });
    },
  };
}
