/**
 * The layers, enforced: `core/` is pure (no Node built-ins, no I/O packages, nothing from the
 * adapters or the layers above it), `ports/` depends on core only, `nodes/` depends on core, ports
 * and messages (never on adapters, the composition root or rclnodejs). `adapters/`, `app/`, `cli/`
 * and `standalone/` may do I/O. Checked on the TypeScript sources' import specifiers, static and dynamic.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const src = path.join(root, "src");

interface Rule {
  readonly layer: string;
  /** Source folders (under src/) a file of this layer may import from. */
  readonly mayImport: readonly string[];
  /** Packages it may import (beyond relative imports). */
  readonly packages: readonly string[];
  readonly builtins: boolean;
}

const RULES: readonly Rule[] = [
  { layer: "core", mayImport: ["core", "ports", "messages"], packages: ["rxjs", "zod"], builtins: false },
  { layer: "ports", mayImport: ["core", "ports", "messages"], packages: ["rxjs", "zod"], builtins: false },
  // Message types and their ROS 2 definition texts (read from the @foxglove definition packages).
  {
    layer: "messages",
    mayImport: ["messages", "core", "ports"],
    packages: [
      "@foxglove/rosmsg-msgs-common",
      "@foxglove/rosmsg",
      "@foxglove/message-definition",
      "@foxglove/rosmsg2-serialization",
      "zod",
    ],
    builtins: true,
  },
  { layer: "nodes", mayImport: ["core", "ports", "messages", "nodes", "testing"], packages: ["rxjs", "zod"], builtins: false },
];

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

export function importsOf(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /^\s*(?:import|export)\s[^'"]*?from\s+["']([^"']+)["']/gm,
    /^\s*import\s+["']([^"']+)["']/gm,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.push(match[1]!);
  return found;
}

/** What is wrong with one file's imports under its layer's rule; empty when nothing is. */
export function violations(file: string, source: string): string[] {
  const relative = path.relative(src, file);
  const layer = relative.split(path.sep)[0]!;
  const rule = RULES.find((r) => r.layer === layer);
  if (rule === undefined) return [];
  const problems: string[] = [];
  for (const specifier of importsOf(source)) {
    if (specifier.startsWith(".")) {
      const target = path.relative(src, path.resolve(path.dirname(file), specifier)).split(path.sep)[0]!;
      if (!rule.mayImport.includes(target)) problems.push(`${relative}: imports ${specifier} (${layer}/ may not depend on ${target}/)`);
    } else if (BUILTINS.has(specifier)) {
      if (!rule.builtins) problems.push(`${relative}: imports the Node built-in ${specifier} (${layer}/ does no I/O)`);
    } else {
      const pkg = specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0]!;
      if (!rule.packages.includes(pkg)) problems.push(`${relative}: imports the package ${specifier} (not allowed in ${layer}/)`);
    }
  }
  return problems;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sources(full) : entry.name.endsWith(".ts") ? [full] : [];
  });
}

describe("architecture: layers and what they may import", () => {
  it("holds for every source file", () => {
    const files = sources(src);
    assert.ok(files.length > 50, `found the sources under ${src}`);
    const problems = files.flatMap((file) => violations(file, readFileSync(file, "utf8")));
    assert.deepEqual(problems, []);
  });

  const planted: Array<[string, string, string, RegExp]> = [
    ["core importing a Node built-in", "core/vision/bad.ts", `import { readFileSync } from "node:fs";`, /Node built-in node:fs/],
    [
      "core importing an adapter",
      "core/vision/bad.ts",
      `import { LocalRuntime } from "../../adapters/local/local-runtime.ts";`,
      /core\/ may not depend on adapters\//,
    ],
    ["core loading onnxruntime dynamically", "core/bad.ts", `const ort = await import("onnxruntime-node");`, /package onnxruntime-node/],
    [
      "a node importing an adapter",
      "nodes/motor/bad.ts",
      `import type { X } from "../../adapters/rclnodejs/rcl-api.ts";`,
      /nodes\/ may not depend on adapters\//,
    ],
    [
      "a node importing the composition root",
      "nodes/motor/bad.ts",
      `export { x } from "../../app/node-io.ts";`,
      /nodes\/ may not depend on app\//,
    ],
    ["a node importing rclnodejs", "nodes/motor/bad.ts", `import rcl from "rclnodejs";`, /package rclnodejs/],
    ["a port importing onoff", "ports/gpio.ts", `import { Gpio } from "onoff";`, /package onoff/],
  ];
  for (const [what, file, line, problem] of planted) {
    it(`fails on a planted violation: ${what}`, () => {
      const found = violations(path.join(src, file), `${line}\nexport const ok = 1;\n`);
      assert.equal(found.length, 1, found.join("\n"));
      assert.match(found[0]!, problem);
    });
  }

  it("lets adapters and the composition root do I/O", () => {
    assert.deepEqual(violations(path.join(src, "adapters/fs/x.ts"), `import { readFileSync } from "node:fs";`), []);
    assert.deepEqual(violations(path.join(src, "app/x.ts"), `import { LocalRuntime } from "../adapters/local/local-runtime.ts";`), []);
  });
});
