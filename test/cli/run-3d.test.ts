/** hailo-ros run with detection, depth, tracking and fusion: the recording holds 3D detections with track ids and markers. */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readMcapMessages } from "../../src/adapters/mcap/read-mcap-messages.ts";
import type { Detection3DArray } from "../../src/messages/vision_msgs.ts";

const MAIN = fileURLToPath(new URL("../../src/cli/main.js", import.meta.url));

describe("hailo-ros run --nodes detection,depth,tracking,fusion", function () {
  this.timeout(180_000);

  it("records Detection3DArray with tracked ids and MarkerArray messages", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hailo-ros-3d-"));
    try {
      const out = join(dir, "out.mcap");
      await new Promise<void>((resolve, reject) =>
        execFile(
          process.execPath,
          [MAIN, "run", "--nodes", "detection,depth,tracking,fusion", "--frames", "20", "--record", out],
          { timeout: 170_000 },
          (error, _stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve()),
        ),
      );
      const counts = new Map<string, number>();
      let fused = 0;
      const ids = new Set<string>();
      for await (const m of readMcapMessages(out)) {
        counts.set(m.schemaName, (counts.get(m.schemaName) ?? 0) + 1);
        if (m.schemaName === "vision_msgs/msg/Detection3DArray") {
          for (const d of (m.message as Detection3DArray).detections) {
            fused++;
            ids.add(d.id);
            assert.ok(d.bbox.center.position.z > 0 && Number.isFinite(d.bbox.center.position.x));
          }
        }
      }
      assert.ok((counts.get("vision_msgs/msg/Detection3DArray") ?? 0) >= 10, JSON.stringify([...counts]));
      assert.ok((counts.get("visualization_msgs/msg/MarkerArray") ?? 0) >= 10);
      assert.ok(fused >= 20, `${fused} 3D detections`);
      assert.ok(![...ids].includes(""), "every 3D detection carries a track id");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
