/**
 * The command node: spoken text (or a command) in, validated robot commands and motion out.
 *
 * - `voice/transcript` (std_msgs/String): each utterance is interpreted and run; a stop, found by
 *   the grammar in any utterance whatever the `parser`, zeroes `cmd_vel` inside the callback and
 *   cancels what runs and any LLM request in flight. A newer utterance cancels an older one.
 * - `~/parse_command` (hailo_ros_msgs/srv/ParseCommand): text → command, not run.
 * - `~/execute_command` (hailo_ros_msgs/action/ExecuteCommand): text or command → run, with
 *   phase/progress feedback; cancelable; one goal at a time (a newer goal or utterance preempts).
 * - `~/generate` (hailo_ros_msgs/action/Generate): prompt → streamed text, on the node's LLM;
 *   without one, goals are rejected and the log says why.
 * - publishes `command` (hailo_ros_msgs/msg/RobotCommand), `cmd_vel` (TwistStamped, or Twist),
 *   `voice/response` (std_msgs/String: describe's sentence, failures) and /diagnostics.
 * - uses `odom` (closed-loop moves and turns), `detections_3d` (bearing and distance) and, when no
 *   3D detections are fresh, `detections` (2D bearing through `horizontal_fov_deg`).
 */
import { CommandExecutor, type Completion, type ExecutorTick } from "../../core/command/execution/command-executor.ts";
import {
  observationsFrom2d,
  observationsFrom3d,
  yawOf,
  type Observations,
  type OdomPose,
} from "../../core/command/execution/observations.ts";
import type { PlanarTwist } from "../../core/command/execution/step-runner.ts";
import { GrammarInterpreter } from "../../core/command/grammar/grammar-interpreter.ts";
import { emptyRobotCommandMessage, fromRobotCommandMessage, toRobotCommandMessage } from "../../core/command/robot-command-message.ts";
import { isStop, type RobotCommand } from "../../core/command/robot-command.ts";
import { DiagnosticLevel, type DiagnosticStatus } from "../../messages/diagnostic_msgs.ts";
import type { ExecuteCommandResult, RobotCommandMessage } from "../../messages/hailo_ros_msgs.ts";
import type { Header } from "../../messages/std_msgs.ts";
import type { CommandInterpreter, Interpretation } from "../../ports/command-interpreter.ts";
import type { LlmClient } from "../../ports/llm.ts";
import type { Publisher, RosNode, RosRuntime, ServerGoal, Timer } from "../../ports/ros.ts";
import { createActionServerOf, createPublisherOf, createServiceOf, createSubscriptionOf } from "../kit/node-interfaces.ts";
import { commandInterfaces } from "./interfaces.ts";
import { ParameterHandler } from "../kit/parameter-handler.ts";
import type { CommandNodeIo, CommandNodeOptions } from "./command-node-io.ts";
import { cameraOf, executorConfigOf } from "./executor-config-of.ts";
import { commandParameterSpec, type CommandNodeParameters } from "./parameters.ts";

export type { CommandNodeIo, CommandNodeOptions } from "./command-node-io.ts";

/** Where a command came from and who waits for its end. */
interface CommandOwner {
  readonly message: RobotCommandMessage;
  readonly settle?: (completion: Completion) => void;
  readonly goal?: ServerGoal<"hailo_ros_msgs/action/ExecuteCommand">;
}

export interface CommandNodeStats {
  utterances: number;
  commands: number;
  stops: number;
  not_understood: number;
  succeeded: number;
  failed: number;
  cancelled: number;
}

/** grammar first; the LLM only for what the grammar cannot parse. */
class GrammarThenLlm implements CommandInterpreter {
  constructor(
    readonly grammar: GrammarInterpreter,
    readonly llm: CommandInterpreter,
  ) {}

  async interpret(text: string, options?: { signal?: AbortSignal }): Promise<Interpretation> {
    const first = this.grammar.interpretNow(text);
    return first.ok ? first : this.llm.interpret(text, options);
  }
}

export class CommandNode {
  readonly node: RosNode;
  readonly #parameters: ParameterHandler<typeof commandParameterSpec>;
  readonly #grammar = new GrammarInterpreter();
  readonly #interpreter: CommandInterpreter;
  readonly #llm: LlmClient | undefined;
  readonly #executor: CommandExecutor;
  readonly #owners = new Map<number, CommandOwner>();
  readonly #stamped: Publisher<"geometry_msgs/msg/TwistStamped"> | undefined;
  readonly #twist: Publisher<"geometry_msgs/msg/Twist"> | undefined;
  readonly #command: Publisher<"hailo_ros_msgs/msg/RobotCommand">;
  readonly #response: Publisher<"std_msgs/msg/String">;
  readonly #diagnostics: Publisher<"diagnostic_msgs/msg/DiagnosticArray">;
  readonly #timers: Timer[] = [];
  readonly #stats: CommandNodeStats = { utterances: 0, commands: 0, stops: 0, not_understood: 0, succeeded: 0, failed: 0, cancelled: 0 };
  #observations3d: Observations | undefined;
  #observations2d: Observations | undefined;
  #odom: OdomPose | undefined;
  #interpreting: AbortController | undefined;
  #utteranceSeq = 0;
  #lastPhase = "idle";
  #lastResult = "";
  #destroyed = false;

  static async create(runtime: RosRuntime, io: CommandNodeIo, options: CommandNodeOptions = {}): Promise<CommandNode> {
    const node = runtime.createNode(options.name ?? "command", {
      ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
      ...(options.parameterOverrides !== undefined ? { parameterOverrides: options.parameterOverrides } : {}),
    });
    let llm: LlmClient | undefined;
    try {
      const holder: { command?: CommandNode } = {};
      const parameters = new ParameterHandler(node, commandParameterSpec, { apply: (next) => holder.command?.applyParameters(next) });
      if (!parameters.initial.ok) throw new Error(parameters.initial.reason);
      llm = await io.llm?.(parameters.values, options.scheduler);
      const parser = parameters.values.parser;
      let interpreter: CommandInterpreter | undefined = options.interpreter;
      if (interpreter === undefined && parser !== "grammar") {
        if (llm === undefined || io.llmInterpreter === undefined) {
          throw new Error(
            `parser '${parser}' needs an LLM and none is configured (llm_backend '${parameters.values.llm_backend}'): ` +
              "set llm_backend:=hailo|ollama|openai (with llm_url and llm_model) or use parser:=grammar",
          );
        }
        const viaLlm = io.llmInterpreter(llm, parameters.values);
        interpreter = parser === "llm" ? viaLlm : new GrammarThenLlm(new GrammarInterpreter(), viaLlm);
      }
      holder.command = new CommandNode(node, parameters, interpreter, llm, options);
      return holder.command;
    } catch (error) {
      await llm?.close().catch(() => undefined);
      node.destroy();
      throw error;
    }
  }

  private constructor(
    node: RosNode,
    parameters: ParameterHandler<typeof commandParameterSpec>,
    interpreter: CommandInterpreter | undefined,
    llm: LlmClient | undefined,
    options: CommandNodeOptions,
  ) {
    this.node = node;
    this.#parameters = parameters;
    this.#interpreter = interpreter ?? this.#grammar;
    this.#llm = llm;
    const p = parameters.values;
    this.#executor = new CommandExecutor(executorConfigOf(p));
    const { publishes, subscribes, services, actions } = commandInterfaces;
    if (p.use_stamped) this.#stamped = createPublisherOf(node, publishes.cmdVelStamped);
    else this.#twist = createPublisherOf(node, publishes.cmdVel);
    this.#command = createPublisherOf(node, publishes.command);
    this.#response = createPublisherOf(node, publishes.response);
    this.#diagnostics = createPublisherOf(node, publishes.diagnostics);

    createSubscriptionOf(node, subscribes.transcript, (m) => this.#onTranscript(m.data));
    createSubscriptionOf(node, subscribes.odom, (m) => {
      this.#odom = { receivedMs: this.#nowMs(), x: m.pose.pose.position.x, y: m.pose.pose.position.y, yaw: yawOf(m.pose.pose.orientation) };
    });
    createSubscriptionOf(node, subscribes.detections3d, (m) => {
      this.#observations3d = observationsFrom3d(m, this.#nowMs());
    });
    createSubscriptionOf(node, subscribes.detections, (m) => {
      this.#observations2d = observationsFrom2d(m, cameraOf(this.#parameters.values), this.#nowMs());
    });

    createServiceOf(node, services.parse, async (request) => {
      const result = await this.#interpret(request.text);
      return result.ok
        ? {
            ok: true,
            command: this.#commandMessage(result.command, request.text, result.parser),
            command_json: JSON.stringify(result.command),
            parser: result.parser,
            error: "",
          }
        : { ok: false, command: emptyRobotCommandMessage(), command_json: "", parser: result.parser ?? "", error: result.error };
    });
    createActionServerOf(node, actions.execute, (goal) => this.#executeGoal(goal), {
      singleGoal: true,
    });
    createActionServerOf(node, actions.generate, (goal) => this.#generate(goal), {
      onGoal: () => {
        if (this.#llm !== undefined) return true;
        node.logger.warn("~/generate: goal rejected: no LLM is configured for this node (the grammar parser needs none; ~/generate does)");
        return false;
      },
    });

    this.#timers.push(node.createTimer(1000 / p.control_rate, () => this.#tick()));
    const period = options.diagnosticsPeriodMs ?? 1000;
    if (period > 0) this.#timers.push(node.createTimer(period, () => this.publishDiagnostics()));
    node.logger.info(
      `parser ${p.parser}${llm !== undefined ? ` (LLM ${llm.name})` : ""}; cmd_vel as ${p.use_stamped ? "TwistStamped" : "Twist"} at ${p.control_rate} Hz; ` +
        `limits ${p.max_linear_speed_mps} m/s, ${p.max_angular_speed_rps} rad/s, ${p.max_distance_m} m per move`,
    );
  }

  get parameters(): Readonly<CommandNodeParameters> {
    return this.#parameters.values;
  }

  get busy(): boolean {
    return this.#executor.busy;
  }

  stats(): Readonly<CommandNodeStats> {
    return { ...this.#stats };
  }

  #nowMs(): number {
    const t = this.node.now();
    return t.sec * 1000 + t.nanosec / 1e6;
  }

  #header(): Header {
    const now = this.node.now();
    return { stamp: { sec: now.sec, nanosec: now.nanosec }, frame_id: "" };
  }

  #commandMessage(command: RobotCommand, text: string, parser: string): RobotCommandMessage {
    return toRobotCommandMessage(command, { header: this.#header(), text, parser });
  }

  #publishTwist(twist: PlanarTwist): void {
    const body = { linear: { x: twist.linear, y: 0, z: 0 }, angular: { x: 0, y: 0, z: twist.angular } };
    if (this.#stamped !== undefined) this.#stamped.publish({ header: this.#header(), twist: body });
    else this.#twist?.publish(body);
  }

  #say(text: string): void {
    this.#response.publish({ data: text });
  }

  /** New limits and tuning apply to steps that start from now on. */
  applyParameters(next: CommandNodeParameters): void {
    this.#executor.configure(executorConfigOf(next));
  }

  #interpret(text: string, signal?: AbortSignal): Promise<Interpretation> {
    return this.#interpreter.interpret(text, signal !== undefined ? { signal } : {});
  }

  /** A stop: zero out now, end what runs, drop any interpretation in flight. */
  #stopNow(reason: string): void {
    this.#interpreting?.abort();
    this.#interpreting = undefined;
    const stopped = this.#executor.stop(reason);
    this.#publishTwist(stopped.twist);
    this.#stats.stops++;
    if (stopped.replaced !== undefined) this.#ended(stopped.replaced);
  }

  #onTranscript(text: string): void {
    if (this.#destroyed) return;
    this.#stats.utterances++;
    const seq = ++this.#utteranceSeq;
    // Safety first, whatever the parser: the grammar finds a stop anywhere in an utterance, synchronously.
    const quick = this.#grammar.interpretNow(text);
    if (quick.ok && isStop(quick.command)) {
      this.#stopNow(`stopped by voice: "${text}"`);
      this.#command.publish(this.#commandMessage(quick.command, text, quick.parser));
      return;
    }
    this.#interpreting?.abort();
    const controller = new AbortController();
    this.#interpreting = controller;
    const answer = this.#interpreter === this.#grammar ? Promise.resolve(quick) : this.#interpret(text, controller.signal);
    void answer.then(
      (result) => {
        if (this.#destroyed || seq !== this.#utteranceSeq) return; // a newer utterance won
        if (this.#interpreting === controller) this.#interpreting = undefined;
        if (!result.ok) {
          this.#stats.not_understood++;
          this.node.logger.info(`voice/transcript: not a command: "${text}": ${result.error}`);
          return;
        }
        this.#run(result.command, { message: this.#commandMessage(result.command, text, result.parser) });
      },
      (error: unknown) => this.node.logger.error(`voice/transcript: interpreting "${text}" failed: ${String(error)}`),
    );
  }

  /** Runs a command for its owner; a running command is cancelled first. */
  #run(command: RobotCommand, owner: CommandOwner): void {
    this.#command.publish(owner.message);
    this.#stats.commands++;
    if (isStop(command)) {
      this.#stopNow("stopped by a stop command");
      owner.settle?.({ id: 0, status: "succeeded", success: true, message: "stopped" });
      return;
    }
    const started = this.#executor.start(command);
    if (started.replaced !== undefined) this.#ended(started.replaced);
    this.#owners.set(started.id, owner);
    for (const note of started.notes) this.node.logger.warn(`command: ${note}`);
    this.node.logger.info(`running ${JSON.stringify(command)}`);
    // The first twist goes out now, not a tick later.
    this.#handleTick(this.#executor.tick(this.#nowMs(), this.#inputs()));
  }

  #inputs() {
    const now = this.#nowMs();
    const fresh3d =
      this.#observations3d !== undefined && now - this.#observations3d.receivedMs <= this.#parameters.values.lost_after_s * 1000;
    const observations = fresh3d ? this.#observations3d : (this.#observations2d ?? this.#observations3d);
    return { ...(observations !== undefined ? { observations } : {}), ...(this.#odom !== undefined ? { odom: this.#odom } : {}) };
  }

  #tick(): void {
    if (this.#destroyed || !this.#executor.busy) return;
    this.#handleTick(this.#executor.tick(this.#nowMs(), this.#inputs()));
  }

  #handleTick(tick: ExecutorTick): void {
    this.#publishTwist(tick.twist);
    if (tick.say !== undefined) this.#say(tick.say);
    if (tick.feedback !== undefined) {
      this.#lastPhase = tick.feedback.phase;
      const owner = this.#owners.get(tick.feedback.id);
      owner?.goal?.publishFeedback({
        phase: tick.feedback.phase,
        progress: tick.feedback.progress,
        step: tick.feedback.step,
        steps: tick.feedback.steps,
      });
    }
    if (tick.done !== undefined) this.#ended(tick.done);
  }

  #ended(completion: Completion): void {
    this.#lastPhase = "idle";
    this.#lastResult = `${completion.status}: ${completion.message}`;
    if (completion.status === "succeeded") this.#stats.succeeded++;
    else if (completion.status === "canceled") this.#stats.cancelled++;
    else this.#stats.failed++;
    const owner = this.#owners.get(completion.id);
    this.#owners.delete(completion.id);
    const log = completion.success ? "info" : "warn";
    this.node.logger[log](`command ${completion.status}: ${completion.message}`);
    if (completion.status === "aborted" && owner?.goal === undefined) this.#say(`I couldn't: ${completion.message}`);
    owner?.settle?.(completion);
  }

  async #executeGoal(goal: ServerGoal<"hailo_ros_msgs/action/ExecuteCommand">) {
    const fail = (message: string, command = emptyRobotCommandMessage()): ExecuteCommandResult => ({ success: false, message, command });
    let command: RobotCommand;
    let message: RobotCommandMessage;
    if (goal.goal.text !== "") {
      const quick = this.#grammar.interpretNow(goal.goal.text);
      const result = quick.ok && isStop(quick.command) ? quick : await this.#interpret(goal.goal.text, goal.signal);
      if (!result.ok) return goal.aborted(fail(`not a command: ${result.error}`));
      command = result.command;
      message = this.#commandMessage(command, goal.goal.text, result.parser);
    } else {
      const check = fromRobotCommandMessage(goal.goal.command);
      if (!check.ok) return goal.aborted(fail(`invalid command: ${check.error}`, goal.goal.command));
      command = check.value;
      message = { ...goal.goal.command, header: this.#header() };
    }
    if (goal.signal.aborted) return goal.canceled(fail("cancelled before it started", message));
    const completion = await new Promise<Completion>((settle) => {
      const onAbort = () => {
        const id = [...this.#owners].find(([, o]) => o.goal === goal)?.[0];
        if (id !== undefined && this.#executor.runningId === id) {
          const cancelled = this.#executor.cancel(goal.stopReason === "cancel" ? "goal cancelled" : "preempted by a newer goal");
          this.#publishTwist({ linear: 0, angular: 0 });
          if (cancelled !== undefined) this.#ended(cancelled);
        }
      };
      goal.signal.addEventListener("abort", onAbort, { once: true });
      this.#run(command, { message, goal, settle });
    });
    const result: ExecuteCommandResult = { success: completion.success, message: completion.message, command: message };
    if (completion.status === "succeeded") return result;
    if (completion.status === "canceled" && goal.stopReason === "cancel") return goal.canceled(result);
    return goal.aborted(result);
  }

  async #generate(goal: ServerGoal<"hailo_ros_msgs/action/Generate">) {
    const llm = this.#llm;
    if (llm === undefined) return goal.aborted({ text: "", tokens: 0, end_reason: "no LLM is configured" });
    const messages = [
      ...(goal.goal.system_prompt !== "" ? [{ role: "system" as const, content: goal.goal.system_prompt }] : []),
      { role: "user" as const, content: goal.goal.prompt },
    ];
    const maxTokens = goal.goal.max_tokens > 0 ? goal.goal.max_tokens : this.#parameters.values.llm_max_tokens;
    let text = "";
    let tokens = 0;
    try {
      for await (const token of llm.generate(messages, { signal: goal.signal, maxGeneratedTokens: maxTokens })) {
        text += token;
        tokens++;
        goal.publishFeedback({ text, tokens });
      }
    } catch (error) {
      if (!goal.signal.aborted) return goal.aborted({ text, tokens, end_reason: `error: ${String(error)}` });
    }
    if (goal.signal.aborted) return goal.canceled({ text, tokens, end_reason: "aborted" });
    return { text, tokens, end_reason: tokens >= maxTokens ? "max_tokens" : "logical_end" };
  }

  diagnosticsStatus(): DiagnosticStatus {
    const s = this.#stats;
    const value = (key: string, v: string | number) => ({ key, value: String(v) });
    const inputs = this.#inputs();
    return {
      level: DiagnosticLevel.OK,
      name: `${this.node.fullyQualifiedName.replace(/^\//, "")}: executor`,
      message: this.#executor.busy ? this.#lastPhase : "idle",
      hardware_id: this.#llm?.name ?? "grammar",
      values: [
        value("parser", this.#parameters.values.parser),
        value("perception", inputs.observations?.source ?? "none"),
        value("odometry", inputs.odom !== undefined ? "yes" : "none"),
        value("last_result", this.#lastResult),
        ...Object.entries(s).map(([k, v]) => value(k, v)),
      ],
    };
  }

  publishDiagnostics(): void {
    if (this.#destroyed) return;
    this.#diagnostics.publish({ header: this.#header(), status: [this.diagnosticsStatus()] });
  }

  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    this.#interpreting?.abort();
    const stopped = this.#executor.stop("node destroyed");
    this.#publishTwist(stopped.twist);
    if (stopped.replaced !== undefined) this.#ended(stopped.replaced);
    this.#destroyed = true;
    for (const timer of this.#timers) timer.cancel();
    this.node.destroy();
    await this.#llm?.close().catch(() => undefined);
  }
}
