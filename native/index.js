// hailort-node: HailoRT 5 for the Hailo-10H from Node.js (vision InferModels + GenAI LLM on one
// shared VDevice), and a simulated device for machines without the accelerator.
import { access } from "node:fs/promises";
import { createRequire } from "node:module";
import { detectHailort } from "./scripts/hailort-location.js";
import { readSimLlm, readSimModel } from "./sim-model-file.js";

export { SIM_LLM_FORMAT, SIM_MODEL_FORMAT, parseSimLlm, parseSimModel } from "./sim-model-file.js";

const require = createRequire(import.meta.url);

function loadAddon() {
  const errors = [];
  for (const p of ["./build/Release/hailort_node.node", "./build/Debug/hailort_node.node"]) {
    try {
      return require(p);
    } catch (e) {
      errors.push(`${p}: ${e.message}`);
    }
  }
  const e = new Error(
    `hailort-node: the native addon is not built (${errors.join("; ")}). Run \`npm rebuild hailort-node\` (needs a C++17 compiler, make and python3).`,
  );
  e.code = "HAILORT_NODE_NOT_BUILT";
  throw e;
}

const addon = loadAddon();

export const DEFAULT_GROUP_ID = "SHARED";
const DEVICE_ENV = "HAILORT_NODE_DEVICE";

function codedError(code, message, options) {
  const e = new Error(message, options);
  e.code = code;
  return e;
}

/** Whether this build can use a real Hailo device; `reason` says why not and how to fix it. */
export function isHailoAvailable() {
  if (addon.builtWithHailort) return { available: true };
  const found = detectHailort();
  const why = found.found
    ? `HailoRT is installed now (${found.include}) but hailort-node was built before it was: run \`npm rebuild hailort-node\``
    : `hailort-node was built without HailoRT (no HailoRT >= 5.1.1 headers and libhailort found: ${found.reasons.join("; ")}). Install HailoRT (\`sudo apt install hailo-h10-all\` on Raspberry Pi OS) and run \`npm rebuild hailort-node\``;
  return {
    available: false,
    reason: `${why}. For tests without the accelerator use the simulated device: openDevice({ device: "sim" }) or ${DEVICE_ENV}=sim.`,
  };
}

function resolveKind(requested) {
  const kind = requested ?? process.env[DEVICE_ENV] ?? "hailort";
  if (kind !== "hailort" && kind !== "sim") {
    const from = requested !== undefined ? "the device option" : `${DEVICE_ENV}`;
    throw codedError(
      "HAILORT_NODE_INVALID_ARGUMENT",
      `${from} is ${JSON.stringify(kind)}: use "hailort" (the real Hailo device) or "sim" (the simulated device)`,
    );
  }
  return kind;
}

function abortError(signal) {
  return signal.reason instanceof Error ? signal.reason : codedError("ABORT_ERR", "The operation was aborted", { cause: signal.reason });
}

async function checkReadable(path, what) {
  if (typeof path !== "string" || path.length === 0)
    throw codedError("HAILORT_NODE_INVALID_ARGUMENT", `${what}: the model path must be a non-empty string`);
  try {
    await access(path);
  } catch (cause) {
    throw codedError(
      "HAILO_OPEN_FILE_FAILURE",
      `${path}: ${what}: the file cannot be read (${cause.code ?? cause.message}); check the path`,
      { cause },
    );
  }
}

/**
 * Opens the device. One per process is enough: all models and the LLM share it.
 * `device` (or HAILORT_NODE_DEVICE) must say "sim" to get the simulated device; it is never chosen silently.
 */
export async function openDevice(options = {}) {
  const kind = resolveKind(options.device);
  const groupId = options.groupId ?? DEFAULT_GROUP_ID;
  if (typeof groupId !== "string" || groupId.length === 0)
    throw codedError("HAILORT_NODE_INVALID_ARGUMENT", "groupId must be a non-empty string");
  if (kind === "hailort") {
    const avail = isHailoAvailable();
    if (!avail.available) throw codedError("HAILORT_NODE_UNAVAILABLE", `Cannot open the Hailo device: ${avail.reason}`);
  }
  const native = await addon.openDevice(kind, groupId);
  return new Device(native, kind, groupId);
}

export class Device {
  #native;
  #closed = false;
  #children = new Set();

  constructor(native, kind, groupId) {
    this.#native = native;
    this.kind = kind;
    this.groupId = groupId;
  }

  #ensureOpen(what) {
    if (this.#closed) throw codedError("HAILORT_NODE_CLOSED", `${what}: the device is closed`);
  }

  /** Identity: serial, architecture, firmware version, library version. */
  async info() {
    this.#ensureOpen("info()");
    return this.#native.identity();
  }

  /** Chip temperature in °C ({ available: false, reason } when the device does not report it). */
  async temperature() {
    this.#ensureOpen("temperature()");
    return this.#native.temperature();
  }

  /** Health, performance and power readings; each says `available` and, if not, why. */
  async stats() {
    this.#ensureOpen("stats()");
    return this.#native.stats();
  }

  async loadModel(path, options = {}) {
    this.#ensureOpen(`loadModel(${path})`);
    await checkReadable(path, "loadModel");
    const sim = this.kind === "sim" ? await readSimModel(path) : undefined;
    const native = await this.#native.loadModel(path, options, sim);
    const model = new Model(native, path, () => this.#children.delete(model));
    this.#children.add(model);
    return model;
  }

  async loadLlm(path, options = {}) {
    this.#ensureOpen(`loadLlm(${path})`);
    await checkReadable(path, "loadLlm");
    const sim = this.kind === "sim" ? await readSimLlm(path) : undefined;
    const native = await this.#native.loadLlm(path, options, sim);
    const llm = new Llm(native, path, () => this.#children.delete(llm));
    this.#children.add(llm);
    return llm;
  }

  /** Closes every model and LLM loaded on it, then releases the device. */
  async close() {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.allSettled([...this.#children].map((c) => c.close()));
    await this.#native.close();
  }
}

export class Model {
  #native;
  #onClose;
  #closing;

  constructor(native, path, onClose) {
    this.#native = native;
    this.#onClose = onClose;
    this.path = path;
    this.info = native.info;
  }

  /** Inferences submitted and not yet completed. */
  get inFlight() {
    return this.#native.inFlight;
  }

  /**
   * Runs one inference on a tightly packed uint8 NHWC frame. The frame is copied at once, so the caller
   * may reuse its buffer. Resolves with one array per output name, typed by the output's formatType.
   */
  infer(input, options = {}) {
    const { signal, timeoutMs } = options;
    if (signal?.aborted) return Promise.reject(abortError(signal));
    const done = this.#native.infer(input);
    if (signal === undefined && timeoutMs === undefined) return done;
    // The device cannot cancel a submitted frame: the promise settles early, the frame completes unseen.
    return new Promise((resolve, reject) => {
      let timer;
      const cleanup = () => {
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      };
      const onAbort = () => {
        cleanup();
        reject(abortError(signal));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          cleanup();
          reject(
            codedError(
              "HAILO_TIMEOUT",
              `${this.path}: inference did not complete within ${timeoutMs} ms. Check that the chip is not overloaded or hung (\`hailortcli scan\`, dmesg)`,
            ),
          );
        }, timeoutMs);
      }
      done.then(
        (v) => {
          cleanup();
          resolve(v);
        },
        (e) => {
          cleanup();
          reject(e);
        },
      );
    });
  }

  /**
   * Every inference the device has not returned yet rejects with HAILORT_NODE_CLOSED: queued ones at once,
   * frames on the device once HailoRT's shutdown() aborts them. Ones already returned keep their result.
   */
  close() {
    this.#closing ??= this.#native.close().finally(this.#onClose);
    return this.#closing;
  }
}

const END_REASONS = new Set(["logical_end", "max_tokens", "aborted"]);

/** Streams one generation's tokens; `endReason` is set once the stream ends. */
class TokenStream {
  #queue = [];
  #waiter;
  #finished = false;
  #error;
  #generation;
  #signal;
  #tokenTimeoutMs;
  #path;
  #ended;
  #resolveEnded;
  #aborting = false;
  endReason = undefined;

  constructor(start, { signal, tokenTimeoutMs, path }) {
    this.#signal = signal;
    this.#tokenTimeoutMs = tokenTimeoutMs;
    this.#path = path;
    this.#ended = new Promise((r) => (this.#resolveEnded = r));
    this.#generation = start((kind, value) => this.#onEvent(kind, value));
    if (signal !== undefined) {
      const onAbort = () => void this.abort();
      signal.addEventListener("abort", onAbort, { once: true });
      this.#ended.then(() => signal.removeEventListener("abort", onAbort));
    }
  }

  #onEvent(kind, value) {
    if (kind === "token") {
      // After abort() the consumer wants no more text, even tokens the device sent before it saw the abort.
      if (!this.#aborting) this.#queue.push(value);
    } else {
      this.#finished = true;
      if (kind === "end" && END_REASONS.has(value)) this.endReason = value;
      else this.#error = value;
      this.#resolveEnded();
    }
    const w = this.#waiter;
    this.#waiter = undefined;
    w?.();
  }

  /** Requests a device-side abort and waits until the device confirms it; no token is yielded after this call. */
  async abort() {
    this.#aborting = true;
    this.#queue.length = 0;
    this.#generation.abort();
    await this.#ended;
  }

  async #next() {
    for (;;) {
      if (this.#queue.length > 0) return { done: false, value: this.#queue.shift() };
      if (this.#finished) {
        if (this.#error !== undefined) throw this.#error;
        if (this.endReason === "aborted" && this.#signal?.aborted) throw abortError(this.#signal);
        return { done: true, value: undefined };
      }
      if (this.#signal?.aborted) {
        await this.abort();
        continue;
      }
      const timedOut = await new Promise((resolve) => {
        const timer = setTimeout(() => resolve(true), this.#tokenTimeoutMs);
        this.#waiter = () => {
          clearTimeout(timer);
          resolve(false);
        };
      });
      if (timedOut) {
        this.#waiter = undefined;
        await this.abort();
        this.#queue.length = 0;
        throw codedError(
          "HAILO_TIMEOUT",
          `${this.#path}: no token within ${this.#tokenTimeoutMs} ms; the generation was aborted. Check the device (\`hailortcli fw-control identify\`) or raise tokenTimeoutMs`,
        );
      }
    }
  }

  [Symbol.asyncIterator]() {
    return {
      next: () => this.#next(),
      // A consumer that stops early (break/return) aborts the generation on the device.
      return: async () => {
        if (!this.#finished) await this.abort();
        return { done: true, value: undefined };
      },
    };
  }
}

export class Llm {
  #native;
  #onClose;
  #closing;
  #active;

  constructor(native, path, onClose) {
    this.#native = native;
    this.#onClose = onClose;
    this.path = path;
  }

  /**
   * Streams a reply to chat messages (each a JSON string such as '{"role":"user","content":"hi"}', or an
   * object that is serialized) through the model's chat template. One generation at a time.
   */
  generate(messages, params = {}, options = {}) {
    if (this.#closing) throw codedError("HAILORT_NODE_CLOSED", `${this.path}: generate after close()`);
    if (!Array.isArray(messages) || messages.length === 0) {
      throw codedError("HAILORT_NODE_INVALID_ARGUMENT", `${this.path}: generate(messages) needs a non-empty array of chat messages`);
    }
    const json = messages.map((m) => (typeof m === "string" ? m : JSON.stringify({ role: m.role, content: m.content })));
    const tokenTimeoutMs = options.tokenTimeoutMs ?? 10_000;
    const stream = new TokenStream((onEvent) => this.#native.generate(json, params, tokenTimeoutMs, onEvent), {
      signal: options.signal,
      tokenTimeoutMs,
      path: this.path,
    });
    this.#active = stream;
    return stream;
  }

  clearContext() {
    return this.#native.clearContext();
  }

  /** An opaque snapshot of the device context (e.g. a primed system prompt), tied to this model. */
  saveContext() {
    return this.#native.saveContext();
  }

  loadContext(context) {
    return this.#native.loadContext(context);
  }

  /** { used, capacity } in tokens. */
  contextUsage() {
    return this.#native.contextUsage();
  }

  tokenize(text) {
    return this.#native.tokenize(text);
  }

  /** Counters kept by the binding: generations started, aborted, tokens streamed. */
  stats() {
    return this.#native.stats();
  }

  /** Aborts a running generation on the device, then unloads the model. */
  close() {
    this.#closing ??= (async () => {
      try {
        if (this.#active !== undefined && this.#active.endReason === undefined) await this.#active.abort().catch(() => {});
        await this.#native.close();
      } finally {
        this.#onClose();
      }
    })();
    return this.#closing;
  }
}

export const pageSize = addon.pageSize;

/**
 * The 2:1 downscale of packed 3-byte pixels (rgb8/bgr8) used to letterbox camera frames into a
 * model input: each output pixel is the rounded 2x2 mean, identical to the TypeScript letterbox.
 * Synchronous; throws RangeError on sizes that do not fit the buffers.
 */
export function average2x2Packed3(src, srcStep, outWidth, outHeight, dst, dstOffset, dstStep, swapRB) {
  addon.average2x2Packed3(src, srcStep, outWidth, outHeight, dst, dstOffset, dstStep, swapRB);
}

/**
 * The odd integer-ratio (k = 3, 5, …) sampling of packed 3-byte pixels: output (x, y) is source
 * pixel (k x + (k-1)/2, k y + (k-1)/2), identical to the TypeScript letterbox. Synchronous;
 * throws RangeError on sizes that do not fit the buffers.
 */
export function sampleOddPacked3(src, srcStep, k, outWidth, outHeight, dst, dstOffset, dstStep, swapRB) {
  addon.sampleOddPacked3(src, srcStep, k, outWidth, outHeight, dst, dstOffset, dstStep, swapRB);
}
