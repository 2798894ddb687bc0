import assert from "node:assert/strict";
import { ContextCachedLlmClient } from "../../../src/adapters/hailo/context-cached-llm.ts";
import { HailoLlmClient } from "../../../src/adapters/hailo/hailo-llm-client.ts";
import { sharedDeviceLeases } from "../../../src/adapters/hailo/shared-device.ts";
import { openCommandLlm, robotCommandJsonSchema } from "../../../src/app/command-llm.ts";
import { RobotCommand } from "../../../src/core/command/robot-command.ts";
import { AcceleratorScheduler } from "../../../src/core/scheduling/accelerator-scheduler.ts";
import { LLM_PRIORITY } from "../../../src/core/scheduling/priorities.ts";
import { LlmInterpreter } from "../../../src/nodes/command/llm-interpreter.ts";
import { ScheduledLlmClient } from "../../../src/nodes/kit/scheduled-llm.ts";
import { simLlm, tempDir, type TempDir } from "./sim-fixtures.ts";

const LEFT = { action: "turn", angle_rad: Math.PI / 2 } as const;

describe("the hailo command LLM on the simulated device", function () {
  this.timeout(20_000);
  let dir: TempDir;
  let scheduler: AcceleratorScheduler;
  beforeEach(() => {
    dir = tempDir();
    scheduler = new AcceleratorScheduler();
  });
  afterEach(() => {
    scheduler.close();
    dir.remove();
    assert.equal(sharedDeviceLeases(), 0, "every test releases the shared device");
  });

  it("primes the system prompt once and restores it from the saved context for later utterances", async () => {
    const hailo = await HailoLlmClient.open({ device: "sim", modelPath: dir.write("llm.json", simLlm({ tokens: ["turn", " 90d"] })) });
    const cached = new ContextCachedLlmClient({ llm: hailo, context: hailo.llm });
    const llm = new ScheduledLlmClient({ llm: cached, scheduler });
    try {
      const interpreter = new LlmInterpreter({ llm });
      for (let i = 0; i < 3; i++)
        assert.deepEqual(await interpreter.interpret(`turn left ${i}`), { ok: true, command: LEFT, parser: "llm" });
      assert.equal(cached.primings, 1);
      // One priming generation plus one per utterance; the simulated device refuses a system
      // message on a context that is not fresh, so the later ones sent only the user turn.
      assert.equal(hailo.llm.stats().generations, 4);
      const stream = scheduler.snapshot().streams.find((s) => s.stream === "llm");
      assert.equal(stream?.lane, "llm");
      assert.equal(stream?.priority, LLM_PRIORITY);
      assert.equal(stream?.completed, 3);
    } finally {
      await llm.close();
    }
  });

  it("a repair continues the conversation held on the device without priming again", async () => {
    // The simulated LLM always answers the same: an invalid reply twice, so the repair turn runs.
    const hailo = await HailoLlmClient.open({ device: "sim", modelPath: dir.write("llm.json", simLlm({ tokens: ["turn", " left"] })) });
    const cached = new ContextCachedLlmClient({ llm: hailo, context: hailo.llm });
    const llm = new ScheduledLlmClient({ llm: cached, scheduler });
    try {
      const result = await new LlmInterpreter({ llm }).interpret("turn left");
      assert.equal(result.ok, false);
      assert.match(!result.ok ? result.error : "", /even after one repair/);
      assert.equal(cached.primings, 1);
      assert.equal(hailo.llm.stats().generations, 3);
    } finally {
      await llm.close();
    }
  });

  it("cancelling aborts the generation on the device and frees the LLM lane", async () => {
    const tokens = Array.from({ length: 200 }, () => " x");
    const hailo = await HailoLlmClient.open({ device: "sim", modelPath: dir.write("llm.json", simLlm({ tokens, token_interval_ms: 20 })) });
    const llm = new ScheduledLlmClient({ llm: new ContextCachedLlmClient({ llm: hailo, context: hailo.llm }), scheduler });
    try {
      const controller = new AbortController();
      const pending = new LlmInterpreter({ llm, maxReplyTokens: 500 }).interpret("wander about", { signal: controller.signal });
      await new Promise((resolve) => setTimeout(resolve, 150));
      controller.abort(new Error("cancelled: a newer utterance arrived"));
      assert.deepEqual(await pending, { ok: false, error: "cancelled: a newer utterance arrived", parser: "llm" });
      assert.equal(hailo.llm.stats().aborted, 1);
      assert.equal(scheduler.snapshot().lanes.find((l) => l.lane === "llm")?.inFlight, 0);
    } finally {
      await llm.close();
    }
  });

  it("openCommandLlm builds the hailo backend on the scheduler's LLM lane and closes the device", async () => {
    const llm = await openCommandLlm({
      backend: "hailo",
      device: "sim",
      model: dir.write("llm.json", simLlm({ tokens: ["describe"] })),
      scheduler,
    });
    try {
      assert.deepEqual(await new LlmInterpreter({ llm }).interpret("what is around you"), {
        ok: true,
        command: { action: "describe" },
        parser: "llm",
      });
      assert.equal(scheduler.snapshot().streams.find((s) => s.stream === "llm")?.completed, 1);
    } finally {
      await llm.close();
    }
  });

  it("names what is missing", async () => {
    await assert.rejects(openCommandLlm({ backend: "hailo" }), /--llm hailo needs --llm-model PATH/);
    await assert.rejects(openCommandLlm({ backend: "ollama" }), /--llm ollama needs --llm-model NAME/);
  });

  it("the command's JSON schema describes exactly what the zod schema accepts (checked on its shape)", () => {
    const schema = robotCommandJsonSchema();
    assert.equal(schema.$schema, undefined);
    const variants = (schema.oneOf ?? schema.anyOf) as Array<{ properties: { action: { const: string } } }>;
    assert.deepEqual(
      variants.map((v) => v.properties.action.const),
      RobotCommand.options.map((o) => o.shape.action.value),
    );
  });
});
