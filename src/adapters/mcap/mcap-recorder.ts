/**
 * Records topics to a ROS 2 MCAP file the way rosbag2's MCAP storage does: profile "ros2",
 * one `ros2msg` schema per type holding the complete definition text, one channel per topic
 * with `cdr` messages and `offered_qos_profiles` metadata, chunked (lz4 by default), with the
 * summary and indexes written on close.
 */
import { chunkCompressor, type ChunkCompression } from "./chunk-compression.ts";
import { McapWriter } from "@mcap/core";
import { encodeCdr, ros2msgSchema } from "../../messages/definitions.ts";
import type { MessageOf, MessageTypeName } from "../../messages/types.ts";
import type { QosProfile } from "../../ports/ros.ts";
import { FileWritable } from "./file-writable.ts";
import { OFFERED_QOS_PROFILES_KEY, offeredQosProfilesYaml } from "./offered-qos-profiles.ts";

export interface McapRecorderOptions {
  /**
   * QoS offered on each topic, written as channel metadata so replay offers it again; for topics
   * whose first message does not bring its own `offeredQos` (see WriteOptions).
   */
  topicQos?: Readonly<Record<string, QosProfile>>;
  /** Chunk compression (default lz4; camera frames compress well and recordings stay small). */
  compression?: ChunkCompression;
  /** Uncompressed chunk size in bytes (default 1 MiB, like rosbag2's MCAP storage default). */
  chunkSize?: number;
  /** Written in the MCAP header's library field. */
  library?: string;
}

export interface WriteOptions {
  /**
   * The QoS the topic's publishers offer (one profile each), written as the channel's
   * `offered_qos_profiles`. Only the topic's first message registers its channel, so only its
   * profiles count. Default: the recorder's `topicQos` entry for the topic, else none.
   */
  readonly offeredQos?: readonly QosProfile[];
}

interface ChannelState {
  id: number;
  sequence: number;
}

export class McapRecorder {
  readonly path: string;
  readonly #file: FileWritable;
  readonly #writer: McapWriter;
  readonly #topicQos: Readonly<Record<string, QosProfile>>;
  readonly #schemaIds = new Map<string, Promise<number>>();
  readonly #channels = new Map<string, Promise<ChannelState>>();
  readonly #topicTypes = new Map<string, string>();
  /** Every writer call goes through this chain: McapWriter corrupts the file on overlapping calls. */
  #tail: Promise<void> = Promise.resolve();
  #failure: Error | undefined;
  #closing: Promise<void> | undefined;
  #messageCount = 0;

  private constructor(path: string, file: FileWritable, writer: McapWriter, options: McapRecorderOptions) {
    this.path = path;
    this.#file = file;
    this.#writer = writer;
    this.#topicQos = options.topicQos ?? {};
  }

  static async create(path: string, options: McapRecorderOptions = {}): Promise<McapRecorder> {
    const file = await FileWritable.create(path);
    const compressChunk = chunkCompressor(options.compression ?? "lz4");
    const writer = new McapWriter({
      writable: file,
      useChunks: true,
      chunkSize: options.chunkSize ?? 1024 * 1024,
      useStatistics: true,
      useSummaryOffsets: true,
      ...(compressChunk !== undefined ? { compressChunk } : {}),
    });
    try {
      await writer.start({ profile: "ros2", library: options.library ?? "hailo_ros" });
    } catch (cause) {
      await file.close().catch(() => undefined);
      throw new Error(`cannot start MCAP recording ${path}: ${(cause as Error).message}`, { cause });
    }
    return new McapRecorder(path, file, writer, options);
  }

  /** Messages accepted so far. */
  get messageCount(): number {
    return this.#messageCount;
  }

  /**
   * Queues one message. It is encoded now (later changes to `message` do not leak in) and
   * written in call order; the promise settles when it is in the file's write queue.
   */
  write<N extends MessageTypeName>(
    topic: string,
    type: N,
    message: MessageOf<N>,
    logTimeNs: bigint,
    options: WriteOptions = {},
  ): Promise<void> {
    let data: Uint8Array;
    try {
      this.#assertOpen();
      data = encodeCdr(type, message);
    } catch (cause) {
      return Promise.reject(this.#error(`topic ${topic}`, cause));
    }
    return this.writeCdr(topic, type, data, logTimeNs, options);
  }

  /** Queues an already CDR-encoded message of `type` (e.g. bytes received from a ROS 2 subscription). */
  writeCdr(topic: string, type: MessageTypeName, data: Uint8Array, logTimeNs: bigint, options: WriteOptions = {}): Promise<void> {
    try {
      this.#assertOpen();
    } catch (cause) {
      return Promise.reject(cause);
    }
    const recordedType = this.#topicTypes.get(topic);
    if (recordedType !== undefined && recordedType !== type) {
      return Promise.reject(
        new Error(`MCAP recording ${this.path}: topic ${topic} is recorded as ${recordedType}; cannot also record ${type} on it`),
      );
    }
    this.#topicTypes.set(topic, type);
    const channel = this.#channelFor(topic, type, options.offeredQos);
    this.#messageCount++;
    return this.#enqueue(`topic ${topic}`, async () => {
      // One message per event-loop turn: a chunk flush (lz4 and CRC of megabytes of image data)
      // then never piles up with others into one long stall of the nodes sharing the process.
      await new Promise<void>((resolve) => setImmediate(resolve));
      const state = await channel;
      await this.#writer.addMessage({
        channelId: state.id,
        sequence: state.sequence++,
        logTime: logTimeNs,
        publishTime: logTimeNs,
        data,
      });
    });
  }

  /** Waits for queued writes, then writes the summary and indexes and closes the file. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      try {
        await this.#tail;
        if (this.#failure === undefined) await this.#writer.end();
      } catch (cause) {
        this.#failure ??= this.#error("closing", cause);
      } finally {
        await this.#file.close();
      }
      if (this.#failure !== undefined) throw this.#failure;
    })();
    return this.#closing;
  }

  #assertOpen(): void {
    if (this.#closing !== undefined) throw new Error(`MCAP recording ${this.path} is closed; cannot write more messages`);
    if (this.#failure !== undefined) throw this.#failure;
  }

  #channelFor(topic: string, type: MessageTypeName, offeredQos: readonly QosProfile[] | undefined): Promise<ChannelState> {
    let channel = this.#channels.get(topic);
    if (channel === undefined) {
      const schemaId = this.#schemaFor(type);
      const configured = this.#topicQos[topic];
      const profiles = offeredQos ?? (configured !== undefined ? [configured] : []);
      channel = this.#enqueueValue(`topic ${topic}`, async () => {
        const metadata = new Map<string, string>();
        if (profiles.length > 0) metadata.set(OFFERED_QOS_PROFILES_KEY, offeredQosProfilesYaml(profiles));
        const id = await this.#writer.registerChannel({
          topic,
          schemaId: await schemaId,
          messageEncoding: "cdr",
          metadata,
        });
        return { id, sequence: 0 };
      });
      this.#channels.set(topic, channel);
    }
    return channel;
  }

  #schemaFor(type: MessageTypeName): Promise<number> {
    let id = this.#schemaIds.get(type);
    if (id === undefined) {
      const schema = ros2msgSchema(type);
      id = this.#enqueueValue(`type ${type}`, () =>
        this.#writer.registerSchema({ name: schema.name, encoding: schema.encoding, data: new TextEncoder().encode(schema.data) }),
      );
      this.#schemaIds.set(type, id);
    }
    return id;
  }

  #enqueue(what: string, step: () => Promise<void>): Promise<void> {
    return this.#enqueueValue(what, step);
  }

  #enqueueValue<T>(what: string, step: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(() => {
      if (this.#failure !== undefined) throw this.#failure;
      return step();
    });
    // Later steps wait for this one but must not inherit its rejection as unhandled.
    this.#tail = run.then(
      () => undefined,
      (cause: unknown) => {
        this.#failure ??= this.#error(what, cause);
      },
    );
    return run.catch((cause: unknown) => {
      throw this.#failure ?? this.#error(what, cause);
    });
  }

  #error(what: string, cause: unknown): Error {
    const reason = cause instanceof Error ? cause.message : String(cause);
    if (reason.includes(this.path)) return cause instanceof Error ? cause : new Error(reason);
    return new Error(`MCAP recording ${this.path}, ${what}: ${reason}`, { cause });
  }
}
