/**
 * The LLM behind the command interpreter, by backend name: `hailo` (the in-process GenAI LLM on the
 * process's shared VDevice, on the scheduler's LLM lane at the lowest priority, its system prompt
 * primed once and restored from a saved context), `ollama` (hailo-ollama or Ollama over HTTP) or
 * `openai` (an OpenAI-compatible chat-completions server: llama.cpp, vLLM).
 */
import { z } from "zod";
import type { DeviceKind } from "hailort-node";
import { OllamaLlmClient, type OllamaFlavor } from "../adapters/llm-http/ollama-llm-client.ts";
import { OpenAiLlmClient } from "../adapters/llm-http/openai-llm-client.ts";
import type { HttpLlmTimeouts } from "../adapters/llm-http/http-token-stream.ts";
import { RobotCommand } from "../core/command/robot-command.ts";
import type { AcceleratorScheduler } from "../core/scheduling/accelerator-scheduler.ts";
import { ScheduledLlmClient } from "../nodes/kit/scheduled-llm.ts";
import type { LlmClient } from "../ports/llm.ts";
import { createProductionScheduler } from "./production-scheduler.ts";

export type LlmBackendName = "hailo" | "ollama" | "openai";
export const LLM_BACKENDS: readonly LlmBackendName[] = ["hailo", "ollama", "openai"];

export interface CommandLlmOptions {
  readonly backend: LlmBackendName;
  /** ollama/openai: the server's base URL (defaults: hailo-ollama 8000, Ollama 11434, llama.cpp 8080). */
  readonly url?: string;
  /** ollama/openai: the model's name; hailo: the LLM HEF (or a simulated LLM file on the simulated device). */
  readonly model?: string;
  /** ollama: which server speaks (default hailo-ollama). */
  readonly flavor?: OllamaFlavor;
  /** openai: send the command's JSON schema as response_format (llama.cpp and vLLM support it). */
  readonly jsonSchema?: boolean;
  /** ollama: keep_alive in whole seconds. */
  readonly keepAliveS?: number;
  readonly timeouts?: Partial<HttpLlmTimeouts>;
  /** hailo: the device ("sim" only when asked for). Default "hailort". */
  readonly device?: DeviceKind;
  /** hailo: the process's accelerator scheduler, shared with the vision nodes. Default: one of its own. */
  readonly scheduler?: AcceleratorScheduler;
}

/** RobotCommand as JSON Schema, for servers that constrain decoding to one (Ollama's `format`, `response_format`). */
export function robotCommandJsonSchema(): Record<string, unknown> {
  const { $schema: _drop, ...schema } = z.toJSONSchema(RobotCommand) as Record<string, unknown>;
  return schema;
}

export async function openCommandLlm(options: CommandLlmOptions): Promise<LlmClient> {
  const timeouts = options.timeouts === undefined ? {} : { timeouts: options.timeouts };
  switch (options.backend) {
    case "ollama": {
      const flavor = options.flavor ?? "hailo-ollama";
      if (options.model === undefined)
        throw new Error(`--llm ollama needs --llm-model NAME (a model the ${flavor} server has pulled, e.g. qwen2.5-instruct:1.5b)`);
      return new OllamaLlmClient({
        model: options.model,
        flavor,
        ...(options.url === undefined ? {} : { url: options.url }),
        ...(options.keepAliveS === undefined ? {} : { keepAliveS: options.keepAliveS }),
        ...(flavor === "ollama" ? { format: robotCommandJsonSchema() } : {}),
        ...timeouts,
      });
    }
    case "openai":
      return new OpenAiLlmClient({
        ...(options.model === undefined ? {} : { model: options.model }),
        ...(options.url === undefined ? {} : { url: options.url }),
        ...(options.jsonSchema === true ? { responseSchema: robotCommandJsonSchema() } : {}),
        ...timeouts,
      });
    case "hailo": {
      if (options.model === undefined) throw new Error("--llm hailo needs --llm-model PATH (an LLM HEF from the Hailo GenAI model zoo)");
      const [{ HailoLlmClient }, { ContextCachedLlmClient }] = await Promise.all([
        import("../adapters/hailo/hailo-llm-client.ts"),
        import("../adapters/hailo/context-cached-llm.ts"),
      ]);
      const hailo = await HailoLlmClient.open({ device: options.device ?? "hailort", modelPath: options.model });
      const own = options.scheduler === undefined ? createProductionScheduler() : undefined;
      const scheduled = new ScheduledLlmClient({
        llm: new ContextCachedLlmClient({ llm: hailo, context: hailo.llm }),
        scheduler: options.scheduler ?? own!.scheduler,
      });
      if (own === undefined) return scheduled;
      return {
        name: scheduled.name,
        generate: (messages, generateOptions) => scheduled.generate(messages, generateOptions),
        clearContext: () => scheduled.clearContext(),
        async close() {
          await scheduled.close();
          own.close();
        },
      };
    }
  }
}
