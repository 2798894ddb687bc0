import assert from "node:assert/strict";
import { CpuGuardPolicy } from "../../../src/core/scheduling/cpu-guard.ts";
import {
  ACCELERATOR_PRIORITIES,
  CPU_GUARD_SHEDDING_ORDER,
  DEPTH_PRIORITY,
  DETECTION_PRIORITY,
  LLM_PRIORITY,
} from "../../../src/core/scheduling/priorities.ts";
import { HAILO_PRIORITY_MAX, HAILO_PRIORITY_MIN } from "../../../src/core/scheduling/stream-options.ts";

describe("accelerator priorities", () => {
  it("keeps detection at 20, above depth, above LLM generation", () => {
    assert.equal(DETECTION_PRIORITY, 20);
    assert.ok(DETECTION_PRIORITY > DEPTH_PRIORITY && DEPTH_PRIORITY > LLM_PRIORITY);
  });

  it("lists every stream once, highest first, inside HailoRT's range", () => {
    const priorities = ACCELERATOR_PRIORITIES.map((p) => p.priority);
    assert.deepEqual(
      priorities,
      [...priorities].sort((a, b) => b - a),
    );
    assert.equal(new Set(ACCELERATOR_PRIORITIES.map((p) => p.node)).size, ACCELERATOR_PRIORITIES.length);
    for (const p of priorities) assert.ok(Number.isInteger(p) && p >= HAILO_PRIORITY_MIN && p <= HAILO_PRIORITY_MAX, String(p));
  });

  it("states the order in which the CPU guard actually sheds these streams", () => {
    const guard = new CpuGuardPolicy({ throttleAboveMs: 50, recoverBelowMs: 20 });
    const streams = ACCELERATOR_PRIORITIES.map((p) => ({ name: p.node, priority: p.priority, sheddable: true }));
    let paused: readonly string[] = [];
    for (let i = 0; i < streams.length; i++) paused = [...guard.step(100, streams)];
    assert.deepEqual(paused, CPU_GUARD_SHEDDING_ORDER);
  });
});
