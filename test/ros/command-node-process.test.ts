/**
 * The command node as a robot runs it, on real ROS 2: hailo_ros_msgs built with colcon into a
 * temporary directory and its rclnodejs code generated (scripts/build-msgs.sh, as `npm run
 * ros:setup` does), `hailo-ros node command` in its own process with that overlay sourced, and the
 * ros2 command line in others: `ros2 service call …/parse_command`, `ros2 action send_goal
 * --feedback …/execute_command`, and `ros2 topic pub voice/transcript` → `cmd_vel` seen by
 * `ros2 topic echo`; then with `llm_backend:=ollama` against a hailo-ollama server on loopback,
 * `ros2 action send_goal --feedback …/generate` and a transcript the grammar cannot parse turned into
 * cmd_vel by the LLM. Runs with `npm run test:ros` where ROS 2 is sourced.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { FakeLlmServer } from "../../src/testing/fake-llm-server.ts";
import { rclnodejsFactory, skippedWithoutRuntime } from "./runtime-factories.ts";
import { startProcess, type Started } from "./processes.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../..");
const cli = path.join(root, "dist/src/cli/main.js");

function hasColcon(): boolean {
  try {
    execFileSync("colcon", ["--help"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

describe("command node process on real ROS 2 (hailo_ros_msgs built with colcon)", function () {
  this.timeout(300_000);
  if (skippedWithoutRuntime(rclnodejsFactory)) return;
  if (!hasColcon()) {
    it("builds hailo_ros_msgs with colcon (skipped)", function () {
      console.log("      colcon is not on PATH: sudo apt install python3-colcon-common-extensions");
      this.skip();
    });
    return;
  }

  const ns = `/c${process.pid}`;
  const fqn = `${ns}/command`;
  let base: string;
  let processes: Started[] = [];
  /** A command run with the overlay sourced on top of the ROS 2 of this shell. */
  const overlaid = (command: string, args: readonly string[]) => {
    const started = startProcess("bash", [
      "-c",
      `source ${quote(path.join(base, "install/setup.bash"))} && exec ${[command, ...args].map(quote).join(" ")}`,
    ]);
    processes.push(started);
    return started;
  };
  const finished = async (started: Started, timeoutMs = 60_000) => {
    const timer = setTimeout(() => started.child.kill("SIGKILL"), timeoutMs);
    const { code } = await started.exited();
    clearTimeout(timer);
    return { code, output: started.output() };
  };

  /**
   * Says `text` on <ns>/voice/transcript with `ros2 topic pub` (once a subscriber is there) while
   * `ros2 topic echo` prints <ns>/cmd_vel's angular.z; returns the echo process.
   */
  const sayWhileEchoingTurnRate = async (ns: string, text: string) => {
    const echo = overlaid("ros2", ["topic", "echo", `${ns}/cmd_vel`, "geometry_msgs/msg/TwistStamped", "--field", "twist.angular.z"]);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const pub = await finished(
      overlaid("ros2", ["topic", "pub", "--once", "-w", "1", `${ns}/voice/transcript`, "std_msgs/msg/String", `{data: '${text}'}`]),
    );
    assert.equal(pub.code, 0, pub.output);
    return echo;
  };

  before(async function () {
    base = await mkdtemp(path.join(tmpdir(), "hailo-ros-msgs-colcon-"));
    const build = startProcess("bash", [path.join(root, "scripts/build-msgs.sh"), base]);
    const { code, output } = await finished(build, 280_000);
    assert.equal(code, 0, output);
    assert.match(output, /build-msgs: done/);
  });
  after(async () => {
    for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
    processes = [];
    if (base) await rm(base, { recursive: true, force: true });
  });

  it("build-msgs.sh again is a no-op that succeeds (idempotent)", async () => {
    const again = await finished(startProcess("bash", [path.join(root, "scripts/build-msgs.sh"), base]), 120_000);
    assert.equal(again.code, 0, again.output);
  });

  it("serves ~/parse_command and ~/execute_command to the ros2 CLI, and moves cmd_vel on voice/transcript", async () => {
    const node = overlaid("node", [cli, "node", "command", "--ros-args", "-r", `__ns:=${ns}`]);
    await node.waitFor(/parser grammar; cmd_vel as TwistStamped at 50 Hz/, 30_000);

    const parsed = await finished(
      overlaid("ros2", ["service", "call", `${fqn}/parse_command`, "hailo_ros_msgs/srv/ParseCommand", "{text: 'turn left 90 degrees'}"]),
    );
    assert.equal(parsed.code, 0, parsed.output);
    assert.match(parsed.output, /ok=True/);
    assert.match(parsed.output, /action='turn'/);
    assert.match(parsed.output, /angle_rad=1\.5707963267948966/);
    assert.match(parsed.output, /parser='grammar'/);

    const refused = await finished(
      overlaid("ros2", ["service", "call", `${fqn}/parse_command`, "hailo_ros_msgs/srv/ParseCommand", "{text: 'tell me a joke'}"]),
    );
    assert.match(refused.output, /ok=False/);
    assert.doesNotMatch(refused.output, /error=''/);

    const goal = await finished(
      overlaid("ros2", [
        "action",
        "send_goal",
        "--feedback",
        `${fqn}/execute_command`,
        "hailo_ros_msgs/action/ExecuteCommand",
        "{text: 'go forward twenty centimeters'}",
      ]),
    );
    assert.equal(goal.code, 0, goal.output);
    assert.match(goal.output, /Goal accepted/);
    assert.match(goal.output, /Feedback:\s+phase: moving/);
    assert.match(goal.output, /success: true/);
    assert.match(goal.output, /message: moved 0\.20 m/);
    assert.match(goal.output, /Goal finished with status: SUCCEEDED/);

    // voice/transcript from one process, cmd_vel seen from another.
    const echo = await sayWhileEchoingTurnRate(ns, "turn right a little");
    await node.waitFor(/command succeeded: turned -15°/, 10_000);
    await echo.waitFor(/^-0\.\d+/, 10_000);
    echo.child.kill("SIGINT");

    node.child.kill("SIGTERM");
    const { code } = await node.exited();
    assert.equal(code, 0, node.output());
  });

  it("with llm_backend ollama: ~/generate streams feedback to `ros2 action send_goal`, and the LLM turns what the grammar cannot parse into cmd_vel", async () => {
    // A hailo-ollama server on loopback (its NDJSON with \r\n line ends) in this process, the node in another.
    const server = await FakeLlmServer.start({
      protocol: "hailo-ollama",
      reply: (request) =>
        /port side/.test(request.text)
          ? { kind: "tokens", tokens: ['{"action":"turn",', '"angle_rad":0.5}'] }
          : // The first token waits a little so that the CLI's feedback subscription has matched the node's.
            { kind: "tokens", tokens: ["Hello", ",", " robot", "!"], firstDelayMs: 500, delayMs: 50 },
    });
    try {
      const llmNs = `${ns}_llm`;
      const node = overlaid("node", [
        cli,
        "node",
        "command",
        "--ros-args",
        "-r",
        `__ns:=${llmNs}`,
        "-p",
        "parser:=auto",
        "-p",
        "llm_backend:=ollama",
        "-p",
        `llm_url:=${server.url}`,
        "-p",
        "llm_model:=qwen2:1.5b",
      ]);
      await node.waitFor(/parser auto \(LLM hailo-ollama qwen2:1\.5b at http:\/\/127\.0\.0\.1:\d+\)/, 30_000);

      const generated = await finished(
        overlaid("ros2", [
          "action",
          "send_goal",
          "--feedback",
          `${llmNs}/command/generate`,
          "hailo_ros_msgs/action/Generate",
          "{prompt: 'greet the visitors', system_prompt: 'be brief', max_tokens: 0}",
        ]),
      );
      assert.equal(generated.code, 0, generated.output);
      assert.match(generated.output, /Goal accepted/);
      // Every token as feedback: the text so far and the count.
      for (const [text, tokens] of [
        ["Hello", 1],
        ["Hello,", 2],
        ["Hello, robot", 3],
        ["Hello, robot!", 4],
      ] as const)
        assert.match(generated.output, new RegExp(`Feedback:\\s+text: ${text}\\s+tokens: ${tokens}\\b`), generated.output);
      assert.match(generated.output, /Result:\s+text: Hello, robot!\s+tokens: 4\s+end_reason: logical_end/);
      assert.match(generated.output, /Goal finished with status: SUCCEEDED/);
      const asked = server.requests.find((r) => r.text === "greet the visitors");
      assert.ok(asked !== undefined, JSON.stringify(server.requests.map((r) => r.text)));
      assert.deepEqual(
        (asked.body.messages as Array<{ role: string }>).map((m) => m.role),
        ["system", "user"],
      );

      const echo = await sayWhileEchoingTurnRate(llmNs, "could you rotate yourself a tad to port side");
      await node.waitFor(/command succeeded: turned 29°/, 15_000);
      await echo.waitFor(/^0\.\d*[1-9]/, 10_000);
      echo.child.kill("SIGINT");
      assert.ok(
        server.requests.some((r) => /could you rotate yourself a tad to port side/.test(r.text)),
        "the utterance reached the LLM",
      );

      node.child.kill("SIGTERM");
      const { code } = await node.exited();
      assert.equal(code, 0, node.output());
    } finally {
      await server.close();
    }
  });
});
