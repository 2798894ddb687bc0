import assert from "node:assert/strict";
import { checkNodeName, normalizeNamespace, resolveName, type NameContext } from "../../../src/adapters/ros-common/names.ts";

const inRobot: NameContext = { nodeName: "detector", namespace: "/robot" };
const atRoot: NameContext = { nodeName: "detector", namespace: "/" };

describe("local names: resolveName", () => {
  const cases: readonly { name: string; context: NameContext; expected: string }[] = [
    { name: "image", context: inRobot, expected: "/robot/image" },
    { name: "camera/image", context: inRobot, expected: "/robot/camera/image" },
    { name: "/image", context: inRobot, expected: "/image" },
    { name: "~/debug", context: inRobot, expected: "/robot/detector/debug" },
    { name: "~", context: inRobot, expected: "/robot/detector" },
    { name: "image", context: atRoot, expected: "/image" },
    { name: "~/debug", context: atRoot, expected: "/detector/debug" },
    { name: "image", context: { ...inRobot, remappings: { image: "/camera/image_raw" } }, expected: "/camera/image_raw" },
    { name: "/robot/image", context: { ...inRobot, remappings: { image: "rect" } }, expected: "/robot/rect" },
    { name: "~/debug", context: { ...inRobot, remappings: { "~/debug": "~/overlay" } }, expected: "/robot/detector/overlay" },
    { name: "other", context: { ...inRobot, remappings: { image: "/x" } }, expected: "/robot/other" },
  ];
  for (const { name, context, expected } of cases) {
    it(`resolves "${name}" in ${context.namespace} with ${JSON.stringify(context.remappings ?? {})} to ${expected}`, () => {
      assert.deepEqual(resolveName(name, context), { ok: true, value: expected });
    });
  }

  const bad: readonly { name: string; error: RegExp }[] = [
    { name: "", error: /empty name/ },
    { name: "image/", error: /invalid name "image\/"/ },
    { name: "a//b", error: /invalid name "a\/\/b"/ },
    { name: "1image", error: /invalid name "1image"/ },
    { name: "image-raw", error: /invalid name "image-raw"/ },
  ];
  for (const { name, error } of bad) {
    it(`rejects "${name}" with a message saying how to write a name`, () => {
      const result = resolveName(name, inRobot);
      assert.equal(result.ok, false);
      assert.match(result.ok ? "" : result.error, error);
    });
  }
});

describe("local names: namespaces and node names", () => {
  const namespaces: readonly [string | undefined, string][] = [
    [undefined, "/"],
    ["", "/"],
    ["/", "/"],
    ["robot", "/robot"],
    ["/robot/", "/robot"],
    ["/robot/arm", "/robot/arm"],
  ];
  for (const [input, expected] of namespaces) {
    it(`normalises namespace ${JSON.stringify(input)} to ${expected}`, () => {
      assert.deepEqual(normalizeNamespace(input), { ok: true, value: expected });
    });
  }
  it("rejects a namespace with a bad token", () => {
    assert.equal(normalizeNamespace("/robot/2arm").ok, false);
  });
  it("rejects a node name with a slash or a leading digit", () => {
    assert.equal(checkNodeName("a/b").ok, false);
    assert.equal(checkNodeName("9lives").ok, false);
    assert.equal(checkNodeName("detector_1").ok, true);
  });
});
