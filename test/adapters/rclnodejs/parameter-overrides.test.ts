import assert from "node:assert/strict";
import {
  nodeNamePattern,
  resolveParameterOverrides,
  withoutParameterArguments,
} from "../../../src/adapters/rclnodejs/parameter-overrides.ts";
import { withContiguousTypedArrays } from "../../../src/adapters/rclnodejs/mapping.ts";

describe("rcl parameter overrides for one node", () => {
  const matches: Array<[key: string, fqn: string, expected: boolean]> = [
    ["/**", "/detection", true],
    ["/**", "/robot/front/detection", true],
    ["detection", "/detection", true],
    ["detection", "/robot/detection", false],
    ["/detection", "/detection", true],
    ["/robot/detection", "/robot/detection", true],
    ["/robot/detection", "/detection", false],
    ["/**/detection", "/detection", true],
    ["/**/detection", "/a/b/detection", true],
    ["/**/detection", "/a/b/detection2", false],
    ["/robot/*", "/robot/detection", true],
    ["/robot/*", "/robot/front/detection", false],
    ["/*/detection", "/robot/detection", true],
    ["/*/detection", "/detection", false],
    ["/ro.ot/detection", "/roXot/detection", false],
  ];
  for (const [key, fqn, expected] of matches) {
    it(`key "${key}" ${expected ? "applies" : "does not apply"} to ${fqn}`, () => {
      assert.equal(nodeNamePattern(key).test(fqn), expected);
    });
  }

  it("applies matching entries in rcl's order, later replacing earlier, with integers as numbers", () => {
    const resolved = resolveParameterOverrides("/robot/detection", [
      {
        name: "/**",
        parameters: [
          { name: "a", type: 2, value: 1 },
          { name: "b", type: 4, value: "x" },
        ],
      },
      {
        name: "/robot/detection",
        parameters: [
          { name: "a", type: 2, value: 2n },
          { name: "c", type: 7, value: [1n, 2] },
        ],
      },
      { name: "/other", parameters: [{ name: "b", type: 4, value: "y" }] },
    ]);
    assert.deepEqual(Object.fromEntries([...resolved].map(([k, v]) => [k, [v.value, v.from]])), {
      a: [2, "/robot/detection"],
      b: ["x", "/**"],
      c: [[1, 2], "/robot/detection"],
    });
  });

  const argvs: Array<[string, string[], string[]]> = [
    ["no ROS arguments", ["node", "main.js", "node", "detection"], ["node", "main.js", "node", "detection"]],
    [
      "parameters removed, remaps and log level kept",
      ["x", "--ros-args", "-r", "image:=/cam", "-p", "a:=1", "--params-file", "f.yaml", "--log-level", "debug", "--param", "b:=2"],
      ["x", "--ros-args", "-r", "image:=/cam", "--log-level", "debug"],
    ],
    ["a -p after -- is the program's own", ["x", "--ros-args", "-p", "a:=1", "--", "-p", "keep"], ["x", "--ros-args", "--", "-p", "keep"]],
  ];
  for (const [what, argv, expected] of argvs) {
    it(`strips parameter arguments: ${what}`, () => {
      assert.deepEqual(withoutParameterArguments(argv), expected);
    });
  }
});

describe("typed arrays made contiguous before rclnodejs copies them", () => {
  it("copies a view with an offset, keeps the rest of the message and leaves the original alone", () => {
    const buffer = new Uint8Array([0, 1, 2, 3, 4, 5]);
    const message = {
      header: { frame_id: "f" },
      data: buffer.subarray(2, 5),
      list: [{ d: buffer.subarray(1, 2) }, { d: new Uint8Array(2) }],
    };
    const fixed = withContiguousTypedArrays(message);
    assert.notEqual(fixed, message);
    assert.equal(fixed.header, message.header, "unchanged parts are shared");
    assert.deepEqual(Array.from(fixed.data), [2, 3, 4]);
    assert.equal(fixed.data.byteOffset, 0);
    assert.equal(fixed.data.buffer.byteLength, 3);
    assert.deepEqual(Array.from(fixed.list[0]!.d), [1]);
    assert.equal(fixed.list[1], message.list[1]);
    assert.equal(message.data.byteOffset, 2);
  });

  it("returns a message without partial views as it is", () => {
    const message = { data: new Uint8Array(4), values: [1, 2], text: "t" };
    assert.equal(withContiguousTypedArrays(message), message);
  });
});
