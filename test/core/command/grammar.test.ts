import assert from "node:assert/strict";
import { readAmount } from "../../../src/core/command/grammar/amounts.ts";
import { GrammarInterpreter } from "../../../src/core/command/grammar/grammar-interpreter.ts";
import { GRAMMAR_DEFAULTS } from "../../../src/core/command/grammar/grammar-options.ts";
import { normalizeLabel, pluralOf } from "../../../src/core/command/grammar/labels.ts";
import { tokenize } from "../../../src/core/command/grammar/normalize.ts";
import { readNumber } from "../../../src/core/command/grammar/numbers.ts";
import { parseCommandText, splitClauses } from "../../../src/core/command/grammar/parse-command-text.ts";
import { findStopWord } from "../../../src/core/command/grammar/stop-words.ts";
import type { RobotCommand } from "../../../src/core/command/robot-command.ts";

const PI = Math.PI;
const deg = (d: number): number => (d * PI) / 180;

describe("grammar: tokenizer", () => {
  const table: Array<[string, string]> = [
    ["Go forward 1.5m, then turn right 90°.", "go forward 1.5 m , then turn right 90 degrees |"],
    ["um uh please turn left thank you", "turn left"],
    ["DON'T move!", "do not move |"],
    ["what’s in front of you?", "what is in front of you |"],
    ["turn twenty-five degrees", "turn twenty five degrees"],
    ["move .5 m", "move 0.5 m"],
    ["drive at 0.2m/s for 3s", "drive at 0.2 m per s for 3 s"],
    ["turn -90 deg", "turn minus 90 deg"],
    ["ｔｕｒｎ　ｌｅｆｔ", "turn left"],
    ["would you mind turning left", "would you mind turn left"],
  ];
  for (const [text, tokens] of table) it(`'${text}' → '${tokens}'`, () => assert.equal(tokenize(text).join(" "), tokens));
});

describe("grammar: numbers", () => {
  const table: Array<[string, number | undefined, number?]> = [
    ["1.5", 1.5],
    ["1/2", 0.5],
    ["seventy five", 75],
    ["twelve", 12],
    ["two and a half", 2.5],
    ["one and three quarters", 1.75],
    ["one point two", 1.2],
    ["one point two five", 1.25],
    ["point five", 0.5],
    ["half", 0.5],
    ["a quarter", 0.25],
    ["three quarters", 0.75],
    ["a couple of", 2],
    ["a few", 3],
    ["one hundred and twenty", 120],
    ["a hundred", 100],
    ["one eighty", 180],
    ["three sixty", 360],
    ["two thousand five", 2005],
    ["minus forty five", -45],
    ["negative 2", -2],
    ["ninety nine", 99],
    ["zero", 0],
    ["meter", undefined],
    ["a", undefined],
    ["", undefined],
  ];
  for (const [text, value] of table) {
    it(`'${text}' → ${value}`, () => {
      const tokens = text.length === 0 ? [] : text.split(" ");
      const read = readNumber(tokens, 0);
      if (value === undefined) assert.equal(read, undefined);
      else {
        assert.ok(read !== undefined);
        assert.ok(Math.abs(read.value - value) < 1e-12, `${read.value}`);
        assert.equal(read.next, tokens.length);
      }
    });
  }
});

describe("grammar: amounts and units", () => {
  const table: Array<[string, string, number]> = [
    ["2 m", "length", 2],
    ["30 cm", "length", 0.3],
    ["15 mm", "length", 0.015],
    ["3 feet", "length", 3 * 0.3048],
    ["a foot", "length", 0.3048],
    ["10 in", "length", 0.254],
    ["6 inches", "length", 6 * 0.0254],
    ["2 yards", "length", 2 * 0.9144],
    ["half a meter", "length", 0.5],
    ["half of a meter", "length", 0.5],
    ["a meter and a half", "length", 1.5],
    ["one and a half metres", "length", 1.5],
    ["ninety degrees", "angle", PI / 2],
    ["45 deg", "angle", PI / 4],
    ["2 radians", "angle", 2],
    ["a quarter turn", "angle", PI / 2],
    ["half a turn", "angle", PI],
    ["a full turn", "angle", 2 * PI],
    ["full circle", "angle", 2 * PI],
    ["two full rotations", "angle", 4 * PI],
    ["3 seconds", "time", 3],
    ["a second", "time", 1],
    ["two minutes", "time", 120],
    ["0.3 meters per second", "linear_speed", 0.3],
    ["0.3 m per s", "linear_speed", 0.3],
    ["thirty degrees per second", "angular_speed", PI / 6],
    ["seven", "count", 7],
  ];
  for (const [text, kind, value] of table) {
    it(`'${text}' → ${kind} ${value}`, () => {
      const tokens = text.split(" ");
      const amount = readAmount(tokens, 0);
      assert.ok(amount !== undefined);
      assert.equal(amount.kind, kind);
      assert.ok(Math.abs(amount.value - value) < 1e-12, `${amount.value}`);
      assert.equal(amount.next, tokens.length);
    });
  }
  it("a number before 'in front' is not inches", () => assert.equal(readAmount("2 in front".split(" "), 0)?.kind, "count"));
});

describe("grammar: labels", () => {
  const table: Array<[string, string | undefined]> = [
    ["sofa", "couch"],
    ["sofas", "couch"],
    ["couches", "couch"],
    ["television", "tv"],
    ["people", "person"],
    ["man", "person"],
    ["woman", "person"],
    ["me", "person"],
    ["chairs", "chair"],
    ["Chair", "chair"],
    ["knives", "knife"],
    ["mice", "mouse"],
    ["table", "dining table"],
    ["dining tables", "dining table"],
    ["phone", "cell phone"],
    ["fridge", "refrigerator"],
    ["teddy", "teddy bear"],
    ["ski", "skis"],
    ["scissors", "scissors"],
    ["keys", undefined],
    ["kitchen", undefined],
  ];
  for (const [word, label] of table) it(`'${word}' → ${label}`, () => assert.equal(normalizeLabel(word), label));

  it("takes a vocabulary: its labels as given, synonyms only for labels it has", () => {
    const vocabulary = ["person", "forklift", "pallet"];
    assert.equal(normalizeLabel("forklifts", vocabulary), "forklift");
    assert.equal(normalizeLabel("woman", vocabulary), "person");
    assert.equal(normalizeLabel("sofa", vocabulary), undefined);
    assert.deepEqual(parseCommandText("go to the pallet", { vocabulary }), { ok: true, value: { action: "goto", target: "pallet" } });
    assert.equal(parseCommandText("go to the chair", { vocabulary }).ok, false);
  });

  it("pluralizes", () => {
    assert.deepEqual(["cup", "bus", "bench", "potted plant", "teddy bear", "dog", "city", "toothbrush"].map(pluralOf), [
      "cups",
      "buses",
      "benches",
      "potted plants",
      "teddy bears",
      "dogs",
      "cities",
      "toothbrushes",
    ]);
  });
});

describe("grammar: stop words anywhere", () => {
  const stops = [
    "stop",
    "STOP!",
    "halt",
    "freeze",
    "emergency stop",
    "e stop",
    "don't move",
    "do not move",
    "abort",
    "cancel",
    "cancel that",
    "never mind",
    "wait",
    "hold on",
    "stay still",
    "whoa whoa",
    "go forward two meters no stop",
    "turn left um wait",
    "stop following me",
    "please stop moving",
    "no no no",
    "stop sign",
    "enough",
    "pause",
  ];
  for (const text of stops) it(`'${text}' → stop`, () => assert.deepEqual(parseCommandText(text), { ok: true, value: { action: "stop" } }));
  it("'the stop sign' as a target is not a stop", () => {
    assert.equal(findStopWord(tokenize("go to the stop sign")), undefined);
    assert.deepEqual(parseCommandText("go to the stop sign"), { ok: true, value: { action: "goto", target: "stop sign" } });
  });
  it("a stop word in a very long utterance still stops", () => {
    const text = `${"go forward ".repeat(500)}stop`;
    assert.deepEqual(parseCommandText(text), { ok: true, value: { action: "stop" } });
  });
});

describe("grammar: commands", () => {
  const o = GRAMMAR_DEFAULTS;
  const table: Array<[string, RobotCommand]> = [
    ["go forward", { action: "move", distance_m: o.defaultDistanceM }],
    ["move back", { action: "move", distance_m: -o.defaultDistanceM }],
    ["go forward two meters", { action: "move", distance_m: 2 }],
    ["move forward 30 cm", { action: "move", distance_m: 0.3 }],
    ["back up two feet", { action: "move", distance_m: -0.6096 }],
    ["go two and a half meters ahead", { action: "move", distance_m: 2.5 }],
    ["move forward one point two meters", { action: "move", distance_m: 1.2 }],
    ["go forward half a meter", { action: "move", distance_m: 0.5 }],
    ["go forward a little", { action: "move", distance_m: o.smallDistanceM }],
    ["back up a bit", { action: "move", distance_m: -o.smallDistanceM }],
    ["move forward 2", { action: "move", distance_m: 2 }],
    ["go forward slowly", { action: "move", distance_m: 0.5, speed_mps: o.slowLinearMps }],
    ["move forward 1 meter at 0.3 meters per second", { action: "move", distance_m: 1, speed_mps: 0.3 }],
    ["turn left", { action: "turn", angle_rad: PI / 2 }],
    ["turn right", { action: "turn", angle_rad: -PI / 2 }],
    ["turn around", { action: "turn", angle_rad: PI }],
    ["do a full turn", { action: "turn", angle_rad: 2 * PI }],
    ["spin around", { action: "turn", angle_rad: 2 * PI }],
    ["turn right seventy five degrees", { action: "turn", angle_rad: -deg(75) }],
    ["turn 45 degrees", { action: "turn", angle_rad: deg(45) }],
    ["rotate clockwise 30°", { action: "turn", angle_rad: -deg(30) }],
    ["rotate counter clockwise a quarter turn", { action: "turn", angle_rad: PI / 2 }],
    ["turn 1.5 radians", { action: "turn", angle_rad: 1.5 }],
    ["turn right 90", { action: "turn", angle_rad: -PI / 2 }],
    ["turn left a little", { action: "turn", angle_rad: o.smallAngleRad }],
    ["turn left twice", { action: "turn", angle_rad: PI }],
    ["make a u turn", { action: "turn", angle_rad: PI }],
    ["do a one eighty", { action: "turn", angle_rad: PI }],
    ["face right", { action: "turn", angle_rad: -PI / 2 }],
    ["turn around slowly", { action: "turn", angle_rad: PI, angular_speed_rps: o.slowAngularRps }],
    ["drive forward for 3 seconds", { action: "drive", linear_mps: o.driveLinearMps, angular_rps: 0, duration_s: 3 }],
    ["drive backwards for two seconds", { action: "drive", linear_mps: -o.driveLinearMps, angular_rps: 0, duration_s: 2 }],
    ["turn left for 2 seconds", { action: "drive", linear_mps: 0, angular_rps: o.driveAngularRps, duration_s: 2 }],
    ["spin right for five seconds", { action: "drive", linear_mps: 0, angular_rps: -o.driveAngularRps, duration_s: 5 }],
    ["drive forward at 0.5 m/s for 4 s", { action: "drive", linear_mps: 0.5, angular_rps: 0, duration_s: 4 }],
    ["go to the sofa", { action: "goto", target: "couch" }],
    ["take me to the kitchen table", { action: "goto", target: "dining table" }],
    ["come here", { action: "goto", target: "person" }],
    ["head over to the tv", { action: "goto", target: "tv" }],
    ["follow me", { action: "follow", target: "person" }],
    ["follow that woman", { action: "follow", target: "person" }],
    ["follow the dog with the red collar", { action: "follow", target: "dog" }],
    ["find the television", { action: "find", target: "tv" }],
    ["where is my phone", { action: "find", target: "cell phone" }],
    ["look for the red cup", { action: "find", target: "cup" }],
    ["what do you see", { action: "describe" }],
    ["what's in front of you?", { action: "describe" }],
    ["Could you please turn left?", { action: "turn", angle_rad: PI / 2 }],
    ["um go forward like one meter", { action: "move", distance_m: 1 }],
    ["slowly back up one meter", { action: "move", distance_m: -1, speed_mps: o.slowLinearMps }],
    ["hang a left", { action: "turn", angle_rad: PI / 2 }],
    ["look around and tell me what you see", { action: "describe" }],
    [
      "turn left go forward one meter",
      {
        action: "sequence",
        steps: [
          { action: "turn", angle_rad: PI / 2 },
          { action: "move", distance_m: 1 },
        ],
      },
    ],
    [
      "go forward 1 m then turn left",
      {
        action: "sequence",
        steps: [
          { action: "move", distance_m: 1 },
          { action: "turn", angle_rad: PI / 2 },
        ],
      },
    ],
    [
      "turn right and then go forward two meters and after that find the cup",
      {
        action: "sequence",
        steps: [
          { action: "turn", angle_rad: -PI / 2 },
          { action: "move", distance_m: 2 },
          { action: "find", target: "cup" },
        ],
      },
    ],
    [
      "Move forward 1.5m, turn right 90°.",
      {
        action: "sequence",
        steps: [
          { action: "move", distance_m: 1.5 },
          { action: "turn", angle_rad: -PI / 2 },
        ],
      },
    ],
    [
      "go left two meters",
      {
        action: "sequence",
        steps: [
          { action: "turn", angle_rad: PI / 2 },
          { action: "move", distance_m: 2 },
        ],
      },
    ],
  ];
  for (const [text, command] of table) {
    it(`'${text}'`, () => {
      const result = parseCommandText(text);
      assert.ok(result.ok, result.ok ? "" : result.error);
      assert.deepEqual(result.value, command);
    });
  }

  it("takes drive speeds and default amounts from its options, with their sign", () => {
    const options = { driveLinearMps: 0.35, driveAngularRps: 0.9, defaultDistanceM: 0.25, smallDistanceM: 0.05, smallAngleRad: 0.1 };
    assert.deepEqual(parseCommandText("drive back for 2 seconds", options), {
      ok: true,
      value: { action: "drive", linear_mps: -0.35, angular_rps: 0, duration_s: 2 },
    });
    assert.deepEqual(parseCommandText("turn right for 1 second", options), {
      ok: true,
      value: { action: "drive", linear_mps: 0, angular_rps: -0.9, duration_s: 1 },
    });
    assert.deepEqual(parseCommandText("go back", options), { ok: true, value: { action: "move", distance_m: -0.25 } });
    assert.deepEqual(parseCommandText("go forward a bit", options), { ok: true, value: { action: "move", distance_m: 0.05 } });
    assert.deepEqual(parseCommandText("turn right slightly", options), { ok: true, value: { action: "turn", angle_rad: -0.1 } });
  });
});

describe("grammar: not commands", () => {
  const table: Array<[string, RegExp]> = [
    ["tell me a joke", /not a robot command: 'tell me a joke'/],
    ["what's the weather", /not a robot command/],
    ["what time is it", /not a robot command/],
    ["I am going to the store later", /not a robot command/],
    ["turn on the lights", /did not understand 'lights'/],
    ["go to sleep", /'sleep' is not a target the detector knows/],
    ["find my keys", /'keys' is not a target/],
    ["where are my glasses", /'glasses' is not a target/],
    ["turn", /which way/],
    ["move two meters and sing a song", /did not understand 'sing'/],
    ["", /empty utterance/],
    ["um uh", /empty utterance/],
    ["turn 3 meters", /a turn is an angle, not a distance/],
    ["go forward 2 meters 3 meters", /two distances/],
    [`${"go forward and ".repeat(30)}turn`, /utterance too long/],
  ];
  for (const [text, error] of table) {
    it(`'${text.slice(0, 40)}' is refused: ${error}`, () => {
      const result = parseCommandText(text);
      assert.equal(result.ok, false, JSON.stringify(result));
      if (!result.ok) assert.match(result.error, error);
    });
  }
  it("a sequence over 16 steps is refused", () => {
    const result = parseCommandText(Array.from({ length: 17 }, () => "turn left").join(" then "));
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.error, /too many steps \(17/);
  });
});

describe("grammar: clauses", () => {
  const table: Array<[string, string[]]> = [
    ["go forward and then turn left", ["go forward", "turn left"]],
    ["go forward and turn left", ["go forward", "turn left"]],
    ["move one and a half meters", ["move one and a half meters"]],
    ["go next to the chair", ["go next to the chair"]],
    ["first turn left, then go forward; finally stop", ["turn left", "go forward", "stop"]],
  ];
  for (const [text, clauses] of table)
    it(`'${text}'`, () =>
      assert.deepEqual(
        splitClauses(tokenize(text)).map((c) => c.join(" ")),
        clauses,
      ));
});

describe("GrammarInterpreter: the grammar behind the CommandInterpreter port", () => {
  it("answers with the command and parser 'grammar'", async () => {
    const interpreter = new GrammarInterpreter();
    assert.deepEqual(await interpreter.interpret("turn left"), {
      ok: true,
      command: { action: "turn", angle_rad: PI / 2 },
      parser: "grammar",
    });
    const refused = await interpreter.interpret("tell me a joke");
    assert.equal(refused.ok, false);
    assert.equal(refused.parser, "grammar");
  });
  it("passes its options to the parser", () => {
    const interpreter = new GrammarInterpreter({ vocabulary: ["forklift arm"] });
    assert.deepEqual(interpreter.interpretNow("go to the forklift arm"), {
      ok: true,
      command: { action: "goto", target: "forklift arm" },
      parser: "grammar",
    });
  });
  it("answers cancelled when the signal is already aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await new GrammarInterpreter().interpret("turn left", { signal: controller.signal });
    assert.deepEqual(result, { ok: false, error: "cancelled before parsing", parser: "grammar" });
  });
});
