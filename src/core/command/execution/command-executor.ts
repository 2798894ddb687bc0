/**
 * The command executor: a RobotCommand's steps turned into twists over time, as a state machine
 * stepped by the caller — `tick(now, inputs)` once per control period answers the twist to send,
 * the feedback and, when the command is over, how it ended. No timers and no I/O: the command
 * node drives it from its timer, the tests from virtual time.
 *
 * Safety rules: `stop()` answers the zero twist at once (the caller sends it without waiting for
 * a tick) and ends whatever ran; a command containing a stop is a stop; a new command cancels the
 * running one. Limits are applied to each step before it runs and reported in the result.
 */
import { isStop, stepsOf, type CommandStep, type RobotCommand } from "../robot-command.ts";
import { describeScene } from "./describe-scene.ts";
import type { ExecutorConfig } from "./executor-config.ts";
import { limitStep } from "./limit-step.ts";
import { driveRunner, moveRunner, turnRunner } from "./motion-steps.ts";
import type { ExecutorInputs } from "./observations.ts";
import { servoRunner } from "./servo-step.ts";
import { ZERO_TWIST, type ExecutionPhase, type PlanarTwist, type StepRunner, type StepTick, type TickContext } from "./step-runner.ts";

export type CompletionStatus = "succeeded" | "aborted" | "canceled";

/** How a command ended. */
export interface Completion {
  readonly id: number;
  readonly status: CompletionStatus;
  readonly success: boolean;
  /** What was done, each step's outcome and every limit applied, in words. */
  readonly message: string;
}

export interface ExecutionFeedback {
  readonly id: number;
  readonly phase: ExecutionPhase;
  /** 0..1 over the whole command. */
  readonly progress: number;
  /** 0-based index of the running step. */
  readonly step: number;
  readonly steps: number;
}

export interface ExecutorTick {
  /** What to send now; zero when idle. */
  readonly twist: PlanarTwist;
  readonly feedback?: ExecutionFeedback;
  /** A sentence to say (describe). */
  readonly say?: string;
  /** Set on the tick a command ends. */
  readonly done?: Completion;
}

export interface StartOutcome {
  readonly id: number;
  /** The limits the steps were clamped to, in words. */
  readonly notes: readonly string[];
  /** The command this one cancelled. */
  readonly replaced?: Completion;
  /** Set when the command ended at once (a stop). */
  readonly done?: Completion;
}

interface Run {
  readonly id: number;
  readonly steps: readonly CommandStep[];
  readonly notes: readonly string[];
  readonly outcomes: string[];
  index: number;
  runner: StepRunner;
}

const DEG = 180 / Math.PI;

function stepSummary(step: CommandStep): string {
  switch (step.action) {
    case "move":
      return `move ${step.distance_m.toFixed(2)} m`;
    case "turn":
      return `turn ${Math.round(step.angle_rad * DEG)}°`;
    case "drive":
      return `drive for ${step.duration_s.toFixed(1)} s`;
    case "goto":
    case "follow":
    case "find":
      return `${step.action} ${step.target}`;
    default:
      return step.action;
  }
}

export class CommandExecutor {
  #config: ExecutorConfig;
  #run: Run | undefined;
  #nextId = 1;

  constructor(config: ExecutorConfig) {
    this.#config = config;
  }

  get config(): ExecutorConfig {
    return this.#config;
  }

  /** New limits apply to steps that start from now on. */
  configure(config: ExecutorConfig): void {
    this.#config = config;
  }

  get busy(): boolean {
    return this.#run !== undefined;
  }

  get runningId(): number | undefined {
    return this.#run?.id;
  }

  /** Starts a command, cancelling the running one; a command with a stop in it stops. */
  start(command: RobotCommand): StartOutcome {
    const id = this.#nextId++;
    if (isStop(command)) {
      const replaced = this.#end("canceled", `cancelled by a stop (command ${id})`);
      const done: Completion = { id, status: "succeeded", success: true, message: "stopped" };
      return { id, notes: [], ...(replaced !== undefined ? { replaced } : {}), done };
    }
    const replaced = this.#end("canceled", `cancelled by a newer command (${id})`);
    const limited = stepsOf(command).map((step) => limitStep(step, this.#config));
    const steps = limited.map((l) => l.step);
    const notes = limited.flatMap((l) => l.notes);
    this.#run = { id, steps, notes, outcomes: [], index: 0, runner: this.#runnerOf(steps[0]!) };
    return { id, notes, ...(replaced !== undefined ? { replaced } : {}) };
  }

  /** Stops now: the twist to send at once is zero; the running command ends as cancelled. */
  stop(reason = "stopped"): { readonly twist: PlanarTwist; readonly replaced?: Completion } {
    const replaced = this.#end("canceled", reason);
    return { twist: ZERO_TWIST, ...(replaced !== undefined ? { replaced } : {}) };
  }

  /** Ends the running command (e.g. its goal was cancelled); the next tick's twist is zero. */
  cancel(reason = "cancelled"): Completion | undefined {
    return this.#end("canceled", reason);
  }

  tick(nowMs: number, inputs: ExecutorInputs): ExecutorTick {
    const run = this.#run;
    if (run === undefined) return { twist: ZERO_TWIST };
    const context: TickContext = { nowMs, inputs, config: this.#config };
    let said: string | undefined;
    // A step that ends hands over to the next within the same tick.
    for (;;) {
      const step = run.runner.tick(context);
      if (step.say !== undefined) said = said === undefined ? step.say : `${said}. ${step.say}`;
      if (step.done === undefined) return this.#running(run, step, said);
      run.outcomes.push(step.done.message);
      if (!step.done.success) {
        const failed = `${stepSummary(run.steps[run.index]!)} failed: ${step.done.message}`;
        return this.#finished(run, "aborted", false, failed, said);
      }
      run.index++;
      if (run.index >= run.steps.length) return this.#finished(run, "succeeded", true, undefined, said);
      run.runner = this.#runnerOf(run.steps[run.index]!);
    }
  }

  #running(run: Run, step: StepTick, say: string | undefined): ExecutorTick {
    const feedback: ExecutionFeedback = {
      id: run.id,
      phase: step.phase,
      progress: (run.index + step.progress) / run.steps.length,
      step: run.index,
      steps: run.steps.length,
    };
    return { twist: step.twist, feedback, ...(say !== undefined ? { say } : {}) };
  }

  #finished(run: Run, status: CompletionStatus, success: boolean, failure: string | undefined, say: string | undefined): ExecutorTick {
    this.#run = undefined;
    const parts = failure === undefined ? [...run.outcomes] : [...run.outcomes.slice(0, -1), failure];
    const message = [...parts, ...run.notes].join("; ");
    return { twist: ZERO_TWIST, done: { id: run.id, status, success, message }, ...(say !== undefined ? { say } : {}) };
  }

  #end(status: CompletionStatus, reason: string): Completion | undefined {
    const run = this.#run;
    if (run === undefined) return undefined;
    this.#run = undefined;
    const message = [...run.outcomes, `${stepSummary(run.steps[run.index]!)}: ${reason}`, ...run.notes].join("; ");
    return { id: run.id, status, success: false, message };
  }

  #runnerOf(step: CommandStep): StepRunner {
    switch (step.action) {
      case "move":
        return moveRunner(step, this.#config.defaultLinearSpeed);
      case "turn":
        return turnRunner(step, this.#config.defaultAngularSpeed);
      case "drive":
        return driveRunner(step);
      case "goto":
      case "follow":
      case "find":
        return servoRunner(step.action, step.target);
      case "describe":
        return describeRunner();
      case "stop":
        // Unreachable: a command with a stop never runs (start() stops instead).
        return { tick: () => ({ twist: ZERO_TWIST, phase: "moving", progress: 1, done: { success: true, message: "stopped" } }) };
    }
  }
}

/** describe: one sentence from the current detections, at once. */
function describeRunner(): StepRunner {
  return {
    tick({ nowMs, inputs, config }: TickContext): StepTick {
      const observations = inputs.observations;
      let say: string;
      if (observations === undefined) say = "I can't see anything: no detections are arriving";
      else {
        const ageS = (nowMs - observations.receivedMs) / 1000;
        say =
          ageS > Math.max(config.lostAfter, 2)
            ? `I have no recent detections (the last came ${ageS.toFixed(1)} s ago)`
            : describeScene(observations.objects, config.minScore);
      }
      return { twist: ZERO_TWIST, phase: "describing", progress: 1, say, done: { success: true, message: `said: ${say}` } };
    },
  };
}
