import assert from "node:assert/strict";
import { DEFAULT_EXECUTOR_CONFIG, type ExecutorConfig } from "../../../../src/core/command/execution/executor-config.ts";
import { profileDuration } from "../../../../src/core/command/execution/ramp.ts";
import type { RobotCommand } from "../../../../src/core/command/robot-command.ts";
import { SimulatedRobot } from "./simulated-robot.ts";

const config: ExecutorConfig = { ...DEFAULT_EXECUTOR_CONFIG, tickMs: 20 };
const tickS = config.tickMs / 1000;

function durationS(robot: SimulatedRobot): number {
  return robot.records[robot.records.length - 1]!.tMs / 1000;
}

describe("command executor: move and turn, open loop on time", () => {
  const cases: Array<[string, RobotCommand, "linear" | "angular", number, number, number]> = [
    // what, command, axis, amount, cruise, acceleration
    ["1 m forward at the default speed (trapezoid)", { action: "move", distance_m: 1 }, "linear", 1, 0.2, 0.5],
    ["0.5 m back at 0.4 m/s", { action: "move", distance_m: -0.5, speed_mps: 0.4 }, "linear", -0.5, 0.4, 0.5],
    ["3 cm forward (triangle: too short to reach cruise)", { action: "move", distance_m: 0.03 }, "linear", 0.03, 0.2, 0.5],
    ["a quarter turn left", { action: "turn", angle_rad: Math.PI / 2 }, "angular", Math.PI / 2, 1, 3],
    ["half a turn right at 2 rad/s", { action: "turn", angle_rad: -Math.PI, angular_speed_rps: 2 }, "angular", -Math.PI, 2, 3],
  ];
  for (const [what, command, axis, amount, cruise, acceleration] of cases) {
    it(`${what}: covers the amount in the profile's time within the limits`, () => {
      const robot = new SimulatedRobot(config, [], { camera: "none" });
      robot.start(command);
      const done = robot.runToEnd();
      assert.equal(done?.status, "succeeded", done?.message);
      const covered = axis === "linear" ? robot.travelled : robot.turned;
      assert.ok(Math.abs(covered - amount) <= 0.011, `covered ${covered}, asked ${amount}`);
      const expected = profileDuration(amount, cruise, acceleration);
      assert.ok(Math.abs(durationS(robot) - expected) <= 3 * tickS, `took ${durationS(robot)} s, profile ${expected} s`);
      let previous = 0;
      for (const { tick } of robot.records) {
        const value = tick.twist[axis];
        const other = tick.twist[axis === "linear" ? "angular" : "linear"];
        assert.equal(other, 0, "only one axis moves");
        assert.ok(value * Math.sign(amount) >= 0, "never the wrong way");
        assert.ok(Math.abs(value) <= cruise + 1e-9, `|${value}| over the cruise speed ${cruise}`);
        // a·dt per tick; the landing tick up to 1.125·a·dt (see rampSpeed).
        assert.ok(Math.abs(value - previous) <= 1.125 * acceleration * tickS + 1e-9, `speed step ${value - previous} over the limit`);
        previous = value;
      }
      assert.equal(robot.records[robot.records.length - 1]!.tick.twist[axis], 0, "ends stopped");
    });
  }

  it("reports progress from 0 to 1 and the phase while moving", () => {
    const robot = new SimulatedRobot(config, [], { camera: "none" });
    robot.start({ action: "move", distance_m: 0.5 });
    robot.runToEnd();
    const progress = robot.records.flatMap(({ tick }) => (tick.feedback !== undefined ? [tick.feedback.progress] : []));
    assert.ok(
      progress.every((p, i) => i === 0 || p >= progress[i - 1]!),
      "monotonic",
    );
    assert.ok(progress[0]! < 0.05 && progress[progress.length - 1]! > 0.95);
    assert.ok(robot.records.every(({ tick }) => tick.feedback === undefined || tick.feedback.phase === "moving"));
  });

  it("drive: the velocity for the duration, reached and left within the acceleration limits", () => {
    const robot = new SimulatedRobot(config, [], { camera: "none" });
    robot.start({ action: "drive", linear_mps: 0.3, angular_rps: -0.5, duration_s: 2 });
    const done = robot.runToEnd();
    assert.equal(done?.status, "succeeded");
    const at = (s: number) => robot.records.find((r) => r.tMs >= s * 1000)!.tick.twist;
    assert.deepEqual(at(1.5), { linear: 0.3, angular: -0.5 });
    // 0.6 s up at 0.5 m/s², 1.4 s at speed, 0.6 s down: 0.09 + 0.42 + 0.09 m.
    assert.ok(Math.abs(robot.travelled - 0.6) < 0.01, `travelled ${robot.travelled}`);
    assert.ok(Math.abs(durationS(robot) - 2.6) <= 2 * tickS, `took ${durationS(robot)}`);
  });
});

describe("command executor: limits clamp and are reported", () => {
  const cases: Array<[string, RobotCommand, RegExp, (robot: SimulatedRobot) => void]> = [
    [
      "a 5 m move",
      { action: "move", distance_m: 5 },
      /distance limited to 2\.0 m \(max_distance_m\)/,
      (r) => assert.ok(Math.abs(r.travelled - 2) < 0.011),
    ],
    [
      "a -9 m move keeps its sign",
      { action: "move", distance_m: -9 },
      /distance limited to 2\.0 m \(max_distance_m\)/,
      (r) => assert.ok(Math.abs(r.travelled + 2) < 0.011),
    ],
    [
      "a move at 3 m/s",
      { action: "move", distance_m: 1, speed_mps: 3 },
      /speed limited to 0\.50 m\/s \(max_linear_speed_mps\)/,
      (r) => assert.ok(Math.max(...r.records.map((x) => x.tick.twist.linear)) <= 0.5 + 1e-9),
    ],
    [
      "three full turns",
      { action: "turn", angle_rad: 6 * Math.PI },
      /turn limited to 360° \(max_turn_rad\)/,
      (r) => assert.ok(Math.abs(r.turned - 2 * Math.PI) < 0.011),
    ],
    [
      "a turn at 9 rad/s",
      { action: "turn", angle_rad: 1, angular_speed_rps: 9 },
      /turn rate limited to 2\.00 rad\/s \(max_angular_speed_rps\)/,
      (r) => assert.ok(Math.max(...r.records.map((x) => x.tick.twist.angular)) <= 2 + 1e-9),
    ],
    [
      "a minute's drive at 2 m/s",
      { action: "drive", linear_mps: 2, angular_rps: 0, duration_s: 60 },
      /speed limited to 0\.50 m\/s \(max_linear_speed_mps\); duration limited to 10\.0 s \(max_drive_duration_s\)/,
      (r) => assert.ok(durationS(r) < 11.1),
    ],
  ];
  for (const [what, command, note, check] of cases) {
    it(`${what}: clamped, and the result says so`, () => {
      const robot = new SimulatedRobot(config, [], { camera: "none" });
      const started = robot.start(command);
      assert.match(started.notes.join("; "), note);
      const done = robot.runToEnd();
      assert.equal(done?.status, "succeeded");
      assert.match(done.message, note);
      check(robot);
    });
  }

  it("a command within the limits carries no note", () => {
    const robot = new SimulatedRobot(config, [], { camera: "none" });
    assert.deepEqual(robot.start({ action: "move", distance_m: 0.4 }).notes, []);
    assert.match(robot.runToEnd()!.message, /^moved 0\.40 m$/);
  });
});

describe("command executor: stop and cancel", () => {
  const running: Array<[string, RobotCommand]> = [
    ["a move", { action: "move", distance_m: 2 }],
    ["a turn", { action: "turn", angle_rad: 6 }],
    ["a drive", { action: "drive", linear_mps: 0.4, angular_rps: 0.4, duration_s: 8 }],
    ["a goto", { action: "goto", target: "person" }],
    [
      "a sequence",
      {
        action: "sequence",
        steps: [
          { action: "move", distance_m: 1 },
          { action: "turn", angle_rad: 1 },
        ],
      },
    ],
  ];
  const stops: Array<[string, (robot: SimulatedRobot) => { readonly twist: { linear: number; angular: number } }]> = [
    ["stop()", (r) => r.executor.stop()],
    ["a stop command", (r) => ({ twist: { linear: 0, angular: 0 }, ...r.start({ action: "stop" }) })],
    [
      "a sequence holding a stop",
      (r) => ({
        twist: { linear: 0, angular: 0 },
        ...r.start({ action: "sequence", steps: [{ action: "move", distance_m: 1 }, { action: "stop" }] }),
      }),
    ],
  ];
  for (const [what, command] of running) {
    for (const [how, stop] of stops) {
      it(`${how} during ${what}: zero at once and on the next tick, the command cancelled`, () => {
        const robot = new SimulatedRobot(config, [{ label: "person", x: 5, y: 0.5 }], { camera: "3d" });
        const { id } = robot.start(command);
        for (let i = 0; i < 60; i++) robot.step();
        const before = robot.records[robot.records.length - 1]!.tick.twist;
        assert.ok(before.linear !== 0 || before.angular !== 0, "moving before the stop");
        const stopped = stop(robot) as { twist: { linear: number; angular: number }; replaced?: { id: number; status: string } };
        assert.deepEqual(stopped.twist, { linear: 0, angular: 0 });
        assert.equal(stopped.replaced?.id, id);
        assert.equal(stopped.replaced?.status, "canceled");
        assert.equal(robot.executor.busy, false);
        const next = robot.step();
        assert.deepEqual(next.twist, { linear: 0, angular: 0 }, "the first tick after the stop is zero");
      });
    }
  }

  it("a new command cancels the running one and runs instead", () => {
    const robot = new SimulatedRobot(config, [], { camera: "none" });
    const first = robot.start({ action: "move", distance_m: 2 });
    for (let i = 0; i < 50; i++) robot.step();
    const second = robot.start({ action: "turn", angle_rad: 1 });
    assert.equal(second.replaced?.id, first.id);
    assert.equal(second.replaced?.status, "canceled");
    assert.match(second.replaced.message, /move 2\.00 m: cancelled by a newer command/);
    const done = robot.runToEnd();
    assert.equal(done?.id, second.id);
    assert.equal(done.status, "succeeded");
    assert.match(done.message, /turned 57°/);
  });

  it("cancel() ends the command; the next tick is zero and idle", () => {
    const robot = new SimulatedRobot(config, [], { camera: "none" });
    const { id } = robot.start({ action: "move", distance_m: 1 });
    for (let i = 0; i < 30; i++) robot.step();
    assert.equal(robot.executor.cancel("goal cancelled")?.id, id);
    const next = robot.step();
    assert.deepEqual(next.twist, { linear: 0, angular: 0 });
    assert.equal(next.feedback, undefined);
    assert.equal(robot.executor.cancel(), undefined, "nothing left to cancel");
  });

  it("a sequence runs its steps in order and reports each", () => {
    const robot = new SimulatedRobot(config, [], { camera: "none" });
    robot.start({
      action: "sequence",
      steps: [
        { action: "move", distance_m: 0.5 },
        { action: "turn", angle_rad: -Math.PI / 2 },
      ],
    });
    const done = robot.runToEnd();
    assert.equal(done?.message, "moved 0.50 m; turned -90°");
    assert.ok(Math.abs(robot.x - 0.5) < 0.011 && Math.abs(robot.yaw + Math.PI / 2) < 0.011);
    const stepsSeen = new Set(robot.records.flatMap(({ tick }) => (tick.feedback ? [tick.feedback.step] : [])));
    assert.deepEqual([...stepsSeen], [0, 1]);
  });
});

describe("command executor: closed loop on odometry", () => {
  it("a move on odometry covers the distance although the wheels slip (open loop falls short)", () => {
    const closed = new SimulatedRobot(config, [], { camera: "none", odom: true, slip: 0.8 });
    closed.start({ action: "move", distance_m: 1 });
    const done = closed.runToEnd();
    assert.equal(done?.status, "succeeded");
    assert.match(done.message, /moved 1\.00 m \(odometry\)/);
    assert.ok(Math.abs(closed.travelled - 1) < 0.011, `travelled ${closed.travelled}`);

    const open = new SimulatedRobot(config, [], { camera: "none", odom: false, slip: 0.8 });
    open.start({ action: "move", distance_m: 1 });
    open.runToEnd();
    assert.ok(Math.abs(open.travelled - 0.8) < 0.011, `open loop travelled ${open.travelled}`);
  });

  it("a turn on odometry across ±π unwraps the yaw", () => {
    const robot = new SimulatedRobot(config, [], { camera: "none", odom: true, slip: 0.9 });
    robot.yaw = 3;
    robot.start({ action: "turn", angle_rad: 1.5 });
    assert.equal(robot.runToEnd()?.status, "succeeded");
    assert.ok(Math.abs(robot.turned - 1.5) < 0.011, `turned ${robot.turned}`);
  });

  it("odometry that stops arriving mid-move aborts the move, saying how far it got", () => {
    const robot = new SimulatedRobot(config, [], { camera: "none", odom: true });
    robot.start({ action: "move", distance_m: 1 });
    for (let i = 0; i < 100; i++) robot.step();
    const last = robot.inputs().odom!;
    let done;
    for (let i = 0; i < 100 && done === undefined; i++) done = robot.step({ odom: last }).done;
    assert.equal(done?.status, "aborted");
    assert.match(done.message, /move 1\.00 m failed: odom stopped arriving \(last 0\.5 s old\) after moved 0\.\d\d m/);
  });

  it("a robot that does not move on odometry gives up after twice the profile's time", () => {
    const robot = new SimulatedRobot(config, [], { camera: "none", odom: true, slip: 0 });
    robot.start({ action: "move", distance_m: 0.5 });
    const done = robot.runToEnd();
    assert.equal(done?.status, "aborted");
    assert.match(done.message, /not there after \d+\.\d s: moved 0\.00 m/);
    const expected = 2 * profileDuration(0.5, 0.2, 0.5) + 3;
    assert.ok(Math.abs(durationS(robot) - expected) <= 2 * tickS);
  });
});
