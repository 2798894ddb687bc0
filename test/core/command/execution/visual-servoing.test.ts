import assert from "node:assert/strict";
import { DEFAULT_EXECUTOR_CONFIG, type ExecutorConfig } from "../../../../src/core/command/execution/executor-config.ts";
import { SimulatedRobot, type SceneObject } from "./simulated-robot.ts";

const config: ExecutorConfig = { ...DEFAULT_EXECUTOR_CONFIG, tickMs: 20, searchTimeout: 10 };

describe("command executor: goto, follow and find as visual servoing (synthetic scene)", () => {
  const scenes: Array<[string, "3d" | "2d", SceneObject]> = [
    ["3D: a person 2.5 m ahead, slightly left", "3d", { label: "person", x: 2.5, y: 0.4 }],
    ["3D: a chair 1.5 m away, 25° right", "3d", { label: "chair", x: 1.36, y: -0.63 }],
    ["3D: a person behind (out of view: search first)", "3d", { label: "person", x: -2, y: 0.5 }],
    ["2D bearing: a person 3 m ahead, 20° left", "2d", { label: "person", x: 2.82, y: 1.03, heightM: 1.7 }],
  ];
  for (const [what, camera, target] of scenes) {
    it(`goto, ${what}: ends facing it at the stop distance`, () => {
      const robot = new SimulatedRobot(config, [target, { label: "dog", x: 1, y: 2 }], { camera });
      robot.start({ action: "goto", target: target.label });
      const done = robot.runToEnd(60);
      assert.equal(done?.status, "succeeded", done?.message);
      assert.match(done.message, new RegExp(`^reached the ${target.label}`));
      assert.ok(Math.abs(robot.bearingTo(target)) < 0.15, `bearing ${robot.bearingTo(target)}`);
      const distance = robot.distanceTo(target);
      if (camera === "3d") {
        assert.ok(
          distance >= config.stopDistance - 0.02 && distance <= config.stopDistance + config.arriveTolerance + 0.01,
          `at ${distance} m`,
        );
      } else {
        // 2D: arrives when the box fills stop_box_fraction of the image: f·h/d = 0.6 → d ≈ 1.02 m.
        const expected = (0.36 * 1.7) / config.stopBoxFraction;
        assert.ok(Math.abs(distance - expected) < 0.05, `at ${distance} m, expected ${expected}`);
      }
      const phases = new Set(robot.records.flatMap(({ tick }) => (tick.feedback ? [tick.feedback.phase] : [])));
      assert.ok(phases.has("approaching"));
      assert.equal(phases.has("searching"), target.x < 0, "searches only when the target starts out of view");
      for (const { tick } of robot.records) {
        assert.ok(tick.twist.linear >= 0 && tick.twist.linear <= config.maxLinearSpeed + 1e-9, "never backwards or over the limit");
        assert.ok(Math.abs(tick.twist.angular) <= config.maxAngularSpeed + 1e-9);
      }
    });
  }

  it("find turns until the target is centred and stays where it is", () => {
    const cup = { label: "cup", x: 0.5, y: 1.2 };
    const robot = new SimulatedRobot(config, [cup], { camera: "3d" });
    robot.start({ action: "find", target: "cup" });
    const done = robot.runToEnd(30);
    assert.equal(done?.status, "succeeded");
    assert.match(done.message, /^found the cup: 1\.30 m away, (ahead|\d° (left|right))$/);
    assert.ok(Math.abs(robot.bearingTo(cup)) <= config.bearingTolerance + 0.02);
    assert.ok(Math.hypot(robot.x, robot.y) < 1e-9, "find does not drive");
  });

  it("no target anywhere: searches by rotating, then gives up after the search timeout", () => {
    const robot = new SimulatedRobot(config, [{ label: "chair", x: 1, y: 0 }], { camera: "3d" });
    robot.start({ action: "goto", target: "person" });
    const done = robot.runToEnd(60);
    assert.equal(done?.status, "aborted");
    assert.match(done.message, /goto person failed: gave up: no person seen for 10 s$/);
    const end = robot.records[robot.records.length - 1]!.tMs / 1000;
    assert.ok(Math.abs(end - config.searchTimeout) <= 0.05, `gave up at ${end} s`);
    const searching = robot.records.filter(({ tick }) => tick.feedback?.phase === "searching");
    assert.ok(searching.length > 0.9 * robot.records.length);
    assert.ok(
      searching.slice(20).every(({ tick }) => tick.twist.linear === 0 && Math.abs(tick.twist.angular - config.searchAngularSpeed) < 1e-9),
    );
  });

  it("no detections at all: the reason names the topics", () => {
    const robot = new SimulatedRobot(config, [], { camera: "none" });
    robot.start({ action: "find", target: "cup" });
    assert.match(robot.runToEnd(60)!.message, /no cup seen for 10 s \(no detections arrived on detections_3d or detections\)/);
  });

  it("a target lost mid-approach: waits, searches toward where it was last seen, finds it again", () => {
    const person = { label: "person", x: 3, y: 0.6, visible: true } as SceneObject;
    const robot = new SimulatedRobot(config, [person], { camera: "3d" });
    robot.start({ action: "goto", target: "person" });
    for (let i = 0; i < 50; i++) robot.step();
    person.visible = false;
    // Gone for 1.6 s: the robot holds still for lostAfter, then turns left (where the person was).
    for (let i = 0; i < 80; i++) robot.step();
    const lost = robot.records.slice(50).map(({ tick }) => tick.feedback?.phase);
    assert.ok(
      lost.slice(0, 49).every((p) => p === "waiting"),
      "holds still while briefly lost",
    );
    assert.ok(lost.slice(50).every((p) => p === "searching"));
    assert.ok(
      robot.records.slice(-20).every(({ tick }) => tick.twist.angular > 0),
      "searches to the left",
    );
    person.visible = true;
    const done = robot.runToEnd(60);
    assert.equal(done?.status, "succeeded", done?.message);
    assert.ok(Math.abs(robot.distanceTo(person) - config.stopDistance) < config.arriveTolerance + 0.02);
  });

  it("a target lost for longer than the search timeout: gives up, 'since it was lost'", () => {
    const person = { label: "person", x: 3, y: 0, visible: true } as SceneObject;
    const robot = new SimulatedRobot(config, [person], { camera: "3d" });
    robot.start({ action: "follow", target: "person" });
    for (let i = 0; i < 50; i++) robot.step();
    person.visible = false;
    const lostAt = robot.nowMs;
    const done = robot.runToEnd(60);
    assert.equal(done?.status, "aborted");
    assert.match(done.message, /no person seen for 10 s since it was lost/);
    assert.ok(Math.abs(robot.nowMs - lostAt - 10_000) <= 2 * config.tickMs + 20);
  });

  it("follow keeps the stop distance from a walking person and never ends by itself", () => {
    const person = { label: "person", x: 2, y: 0 } as SceneObject;
    const robot = new SimulatedRobot(config, [person], { camera: "3d" });
    robot.start({ action: "follow", target: "person" });
    for (let i = 0; i < 1500; i++) {
      person.x += 0.1 * (config.tickMs / 1000); // walks away at 0.1 m/s
      assert.equal(robot.step().done, undefined);
    }
    const distance = robot.distanceTo(person);
    // Proportional approach at distanceGain: the steady lag is v / gain beyond the stop distance.
    assert.ok(Math.abs(distance - (config.stopDistance + 0.1 / config.distanceGain)) < 0.05, `keeps ${distance} m`);
    assert.ok(robot.records.slice(-50).every(({ tick }) => tick.feedback?.phase === "following"));
  });

  it("of two people, keeps to the one it was tracking", () => {
    const left = { label: "person", x: 3, y: 1 };
    const right = { label: "person", x: 3, y: -0.9 };
    const robot = new SimulatedRobot(config, [left], { camera: "3d" });
    robot.start({ action: "goto", target: "person" });
    for (let i = 0; i < 25; i++) robot.step();
    robot.objects.push(right);
    assert.equal(robot.runToEnd(60)?.status, "succeeded");
    assert.ok(robot.distanceTo(left) < robot.distanceTo(right));
  });
});
