/** The params YAML and README tables derived from the parameter specs must be what the specs give now. */
import assert from "node:assert/strict";
import { generatedFiles, staleFiles } from "../../scripts/generate-parameters.ts";

describe("generated parameter files (npm run generate)", () => {
  it("are up to date with every node's parameter spec", async () => {
    assert.deepEqual(await staleFiles(), [], "run `npm run generate` and commit the result");
  });

  it("cover every node: a params file and a README table each", async () => {
    const files = (await generatedFiles()).map((f) => f.path.split("/").slice(-2).join("/"));
    assert.ok(files.includes("config/detection.yaml"));
    assert.ok(files.some((f) => f.endsWith("README.md")));
  });
});
