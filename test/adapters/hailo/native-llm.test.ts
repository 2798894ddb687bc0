import assert from "node:assert/strict";
import { openDevice, type Device, type Llm } from "hailort-node";
import { rejection, simLlm, tempDir, type TempDir } from "./sim-fixtures.ts";

async function collect(stream: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const t of stream) out.push(t);
  return out;
}

const user = (content: string) => ({ role: "user", content });

describe("hailort-node simulated device: LLM", () => {
  let dir: TempDir;
  let device: Device;
  let llm: Llm;

  async function load(overrides: Record<string, unknown> = {}): Promise<Llm> {
    await llm?.close();
    llm = await device.loadLlm(dir.write(`llm-${Math.random()}.json`, simLlm(overrides)));
    return llm;
  }

  beforeEach(async () => {
    dir = tempDir();
    device = await openDevice({ device: "sim" });
    llm = await device.loadLlm(dir.write("llm.json", simLlm()));
  });
  afterEach(async () => {
    await device.close();
    dir.remove();
  });

  it("streams the scripted tokens and ends logically", async () => {
    const stream = llm.generate([user("which way?")]);
    assert.deepEqual(await collect(stream), ["Turn", "ing", " left", "."]);
    assert.equal(stream.endReason, "logical_end");
    assert.deepEqual(llm.stats(), { generations: 1, aborted: 0, tokens: 4, abortRequests: 0 });
  });

  // HailoRT's read() returns the end-of-turn token (logical end) or the recovery sequence (max tokens,
  // abort) as the state leaves GENERATING; neither is reply text.
  const endings: Array<{ name: string; params: Record<string, number>; abortAfter?: number; tokens: string[]; reason: string }> = [
    { name: "a logical end", params: {}, tokens: ["Turn", "ing", " left", "."], reason: "logical_end" },
    { name: "maxGeneratedTokens", params: { maxGeneratedTokens: 3 }, tokens: ["Turn", "ing", " left"], reason: "max_tokens" },
    { name: "maxGeneratedTokens: 0", params: { maxGeneratedTokens: 0 }, tokens: [], reason: "max_tokens" },
    { name: "an abort", params: {}, abortAfter: 2, tokens: ["Turn", "ing"], reason: "aborted" },
  ];
  for (const e of endings) {
    it(`streams reply text only, never the end-of-turn token or the recovery sequence: ${e.name}`, async () => {
      await load({ end_token: "<|end|>", recovery_sequence: "<|recovery|>", token_interval_ms: 5 });
      const stream = llm.generate([user("which way?")], e.params);
      const seen: string[] = [];
      for await (const t of stream) {
        seen.push(t);
        if (seen.length === e.abortAfter) await stream.abort();
      }
      assert.deepEqual(seen, e.tokens);
      assert.equal(stream.endReason, e.reason);
      assert.equal(llm.stats().tokens, e.tokens.length);
    });
  }

  // After abort() HailoRT keeps the completion GENERATING until read() sees the recovery sequence;
  // destroying it earlier sends a second abort, which would hit the next generation.
  const aborts: Array<{
    name: string;
    stop: (stream: AsyncIterable<string> & { abort(): Promise<void> }, controller: AbortController) => Promise<void>;
  }> = [
    { name: "stream.abort()", stop: (s) => s.abort() },
    { name: "an AbortSignal", stop: async (s, c) => void (c.abort(new Error("stop")), await s.abort()) },
    { name: "breaking out of the loop", stop: async (s) => void (await s[Symbol.asyncIterator]().return?.()) },
  ];
  for (const a of aborts) {
    it(`an abort by ${a.name} sends one abort request, and a generation started right after it is not aborted`, async () => {
      await load({ tokens: Array.from({ length: 50 }, (_, i) => `t${i}`), token_interval_ms: 5 });
      const controller = new AbortController();
      const stream = llm.generate([user("go")], {}, { signal: controller.signal });
      await stream[Symbol.asyncIterator]().next();
      await a.stop(stream, controller);
      assert.equal(stream.endReason, "aborted");
      const next = llm.generate([user("again")], { maxGeneratedTokens: 5 });
      assert.deepEqual(await collect(next), ["t0", "t1", "t2", "t3", "t4"]);
      assert.equal(next.endReason, "max_tokens");
      assert.deepEqual({ ...llm.stats(), tokens: 0 }, { generations: 2, aborted: 1, tokens: 0, abortRequests: 1 });
    });
  }

  it("stops at maxGeneratedTokens", async () => {
    const stream = llm.generate([user("hi")], { maxGeneratedTokens: 2 });
    assert.deepEqual(await collect(stream), ["Turn", "ing"]);
    assert.equal(stream.endReason, "max_tokens");
  });

  it("an AbortSignal mid-generation reaches the device", async () => {
    await load({ tokens: Array.from({ length: 200 }, (_, i) => `t${i}`), token_interval_ms: 5 });
    const controller = new AbortController();
    const seen: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const t of llm.generate([user("go")], {}, { signal: controller.signal })) {
          seen.push(t);
          if (seen.length === 3) controller.abort(new Error("user said stop"));
        }
      })(),
    );
    assert.equal(error.message, "user said stop");
    assert.ok(seen.length >= 3 && seen.length < 200, `stopped early after ${seen.length} tokens`);
    assert.equal(llm.stats().aborted, 1, "the device saw the abort");
    // The device is free again at once.
    assert.equal((await collect(llm.generate([user("again")], { maxGeneratedTokens: 1 }))).length, 1);
  });

  it("breaking out of the stream aborts the generation on the device", async () => {
    await load({ tokens: ["a", "b", "c", "d", "e"], token_interval_ms: 5 });
    for await (const t of llm.generate([user("x")])) if (t === "b") break;
    assert.equal(llm.stats().aborted, 1);
  });

  it("refuses a second concurrent generation with a clear error", async () => {
    await load({ token_interval_ms: 20 });
    const first = llm.generate([user("one")]);
    assert.throws(
      () => llm.generate([user("two")]),
      (e: Error & { code?: string }) => e.code === "HAILORT_NODE_GENERATION_IN_PROGRESS" && /one generation at a time/.test(e.message),
    );
    await collect(first);
  });

  it("a stalled stream fails with HAILO_TIMEOUT and aborts on the device", async () => {
    await load({ faults: { hang_after_tokens: 1 } });
    const seen: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const t of llm.generate([user("x")], {}, { tokenTimeoutMs: 40 })) seen.push(t);
      })(),
    );
    assert.equal(error.code, "HAILO_TIMEOUT");
    assert.match(error.message, /no token within 40 ms/);
    assert.deepEqual(seen, ["Turn"]);
    assert.equal(llm.stats().aborted, 1);
  });

  it("reports an injected device error in the stream", async () => {
    await load({ faults: { fail_after_tokens: 2, fail_status: "HAILO_RPC_FAILED" } });
    const seen: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const t of llm.generate([user("x")])) seen.push(t);
      })(),
    );
    assert.equal(error.code, "HAILO_RPC_FAILED");
    assert.deepEqual(seen, ["Turn", "ing"]);
  });

  it("tracks context usage, and clears, saves and restores it", async () => {
    const fresh = await llm.contextUsage();
    assert.deepEqual(fresh, { used: 0, capacity: 2048 });
    await collect(llm.generate([{ role: "system", content: "You drive a robot." }, user("hi")]));
    const primed = await llm.contextUsage();
    assert.ok(primed.used > 4, `prompt and reply tokens count (${primed.used})`);
    const saved = await llm.saveContext();
    await llm.clearContext();
    assert.equal((await llm.contextUsage()).used, 0);
    await llm.loadContext(saved);
    assert.equal((await llm.contextUsage()).used, primed.used);
  });

  it("accepts system messages only on a fresh context", async () => {
    await collect(llm.generate([user("hi")]));
    assert.throws(
      () => llm.generate([{ role: "system", content: "again" }]),
      (e: Error & { code?: string }) => e.code === "HAILO_INVALID_OPERATION" && /clearContext/.test(e.message),
    );
    await llm.clearContext();
    await collect(llm.generate([{ role: "system", content: "again" }]));
  });

  it("rejects a context saved from another model", async () => {
    const saved = await llm.saveContext();
    await llm.close();
    const second = await device.loadLlm(dir.write("second.json", simLlm()));
    const error = await rejection(second.loadContext(saved));
    assert.match(error.message, /saved from another model/);
    llm = second;
  });

  it("refuses a second loaded LLM, like the chip's single KV cache", async () => {
    const error = await rejection(device.loadLlm(dir.write("second.json", simLlm())));
    assert.equal(error.code, "HAILO_INVALID_OPERATION");
    assert.match(error.message, /KV-Cache is already in use.*only one LLM/);
  });

  it("tokenizes deterministically", async () => {
    const a = await llm.tokenize("turn left, then stop");
    assert.equal(a.length, 5);
    assert.deepEqual(Array.from(await llm.tokenize("turn left, then stop")), Array.from(a));
    assert.notDeepEqual(Array.from(await llm.tokenize("turn right")), Array.from(a.slice(0, 2)));
  });

  it("close() during a generation aborts it and frees the device for another LLM", async () => {
    await load({ tokens: Array.from({ length: 100 }, () => "x"), token_interval_ms: 5 });
    const stream = llm.generate([user("x")]);
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    await llm.close();
    assert.equal(stream.endReason, "aborted");
    llm = await device.loadLlm(dir.write("next.json", simLlm()));
  });
});
