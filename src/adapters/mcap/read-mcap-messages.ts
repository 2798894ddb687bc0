/**
 * Reads ROS 2 MCAP files (ours, or `ros2 bag record -s mcap` bags): decodes CDR messages with the
 * `ros2msg` schema text stored in the file itself, so types we do not know are readable too.
 * Indexed files are read in log-time order through their summary; files without a usable
 * summary (e.g. a recording cut short) are scanned front to back instead.
 */
import { chunkDecompressors } from "./chunk-compression.ts";
import { parse } from "@foxglove/rosmsg";
import { MessageReader } from "@foxglove/rosmsg2-serialization";
import { hasMcapPrefix, McapIndexedReader, McapStreamReader, type TypedMcapRecords } from "@mcap/core";
import { FileReadable } from "./file-readable.ts";

type Channel = TypedMcapRecords["Channel"];
type Schema = TypedMcapRecords["Schema"];

export interface McapMessage {
  readonly topic: string;
  /** The schema name as stored, e.g. "sensor_msgs/msg/Image". */
  readonly schemaName: string;
  readonly logTimeNs: bigint;
  readonly message: unknown;
}

export interface McapChannelInfo {
  readonly topic: string;
  readonly schemaName: string;
  readonly schemaEncoding: string;
  readonly messageEncoding: string;
  /** From the summary statistics; undefined when the file has none. */
  readonly messageCount: number | undefined;
  readonly metadata: ReadonlyMap<string, string>;
}

export interface ReadMcapOptions {
  /** Only these topics (default: all). */
  topics?: readonly string[];
}

const SCAN_BLOCK_BYTES = 1024 * 1024;

interface RawMessage {
  channel: Channel;
  schema: Schema | undefined;
  logTime: bigint;
  data: Uint8Array;
}

interface OpenedMcap {
  /** All channels with their schemas (scans the whole file when there is no summary). */
  channels(): Promise<Array<{ channel: Channel; schema: Schema | undefined; messageCount: number | undefined }>>;
  messages(topics: readonly string[] | undefined): AsyncIterable<RawMessage>;
}

async function openMcap(file: FileReadable): Promise<OpenedMcap> {
  const size = await file.size();
  const prefix = await file.read(0n, size < 8n ? size : 8n);
  if (!hasMcapPrefix(new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength))) {
    throw new Error(`${file.path} is not an MCAP file (it does not start with the MCAP magic bytes)`);
  }
  let indexed: McapIndexedReader | undefined;
  try {
    indexed = await McapIndexedReader.Initialize({ readable: file, decompressHandlers: chunkDecompressors });
  } catch {
    indexed = undefined; // no summary or footer: fall back to a linear scan
  }
  // The indexed reader only finds messages inside chunks; unchunked files need the scan.
  if (indexed !== undefined && (indexed.chunkIndexes.length > 0 || indexed.statistics?.messageCount === 0n)) {
    return indexedMcap(indexed);
  }
  return scannedMcap(file, size);
}

function indexedMcap(reader: McapIndexedReader): OpenedMcap {
  return {
    async channels() {
      return [...reader.channelsById.values()].map((channel) => ({
        channel,
        schema: reader.schemasById.get(channel.schemaId),
        messageCount: numberOrUndefined(reader.statistics?.channelMessageCounts.get(channel.id)),
      }));
    },
    async *messages(topics) {
      for await (const message of reader.readMessages(topics === undefined ? {} : { topics })) {
        const channel = reader.channelsById.get(message.channelId);
        if (channel === undefined) continue;
        yield { channel, schema: reader.schemasById.get(channel.schemaId), logTime: message.logTime, data: message.data };
      }
    },
  };
}

function numberOrUndefined(value: bigint | undefined): number | undefined {
  return value === undefined ? undefined : Number(value);
}

function scannedMcap(file: FileReadable, size: bigint): OpenedMcap {
  async function* records() {
    const stream = new McapStreamReader({ validateCrcs: true, decompressHandlers: chunkDecompressors });
    for (let offset = 0n; offset < size; offset += BigInt(SCAN_BLOCK_BYTES)) {
      const length = size - offset < BigInt(SCAN_BLOCK_BYTES) ? size - offset : BigInt(SCAN_BLOCK_BYTES);
      stream.append(await file.read(offset, length));
      for (let record = stream.nextRecord(); record !== undefined; record = stream.nextRecord()) yield record;
    }
  }
  return {
    async channels() {
      const schemas = new Map<number, Schema>();
      const found = new Map<number, { channel: Channel; count: number }>();
      for await (const record of records()) {
        if (record.type === "Schema") schemas.set(record.id, record);
        else if (record.type === "Channel" && !found.has(record.id)) found.set(record.id, { channel: record, count: 0 });
        else if (record.type === "Message") {
          const entry = found.get(record.channelId);
          if (entry !== undefined) entry.count++;
        }
      }
      return [...found.values()].map(({ channel, count }) => ({ channel, schema: schemas.get(channel.schemaId), messageCount: count }));
    },
    async *messages(topics) {
      const wanted = topics === undefined ? undefined : new Set(topics);
      const schemas = new Map<number, Schema>();
      const channels = new Map<number, Channel>();
      for await (const record of records()) {
        if (record.type === "Schema") schemas.set(record.id, record);
        else if (record.type === "Channel") channels.set(record.id, record);
        else if (record.type === "Message") {
          const channel = channels.get(record.channelId);
          if (channel === undefined || (wanted !== undefined && !wanted.has(channel.topic))) continue;
          yield { channel, schema: schemas.get(channel.schemaId), logTime: record.logTime, data: record.data };
        }
      }
    },
  };
}

/** Builds the CDR reader for a channel from the schema stored in the file; errors name file and topic. */
function readerFor(path: string, channel: Channel, schema: Schema | undefined): MessageReader {
  const where = `${path}, topic ${channel.topic}`;
  if (channel.messageEncoding !== "cdr") {
    throw new Error(`${where}: message encoding "${channel.messageEncoding}" is not supported (only cdr)`);
  }
  if (schema === undefined || channel.schemaId === 0) {
    throw new Error(`${where}: the channel has no schema, so its messages cannot be decoded`);
  }
  if (schema.encoding !== "ros2msg") {
    throw new Error(`${where}: schema encoding "${schema.encoding}" of ${schema.name} is not supported (only ros2msg)`);
  }
  try {
    return new MessageReader(parse(new TextDecoder().decode(schema.data), { ros2: true }));
  } catch (cause) {
    throw new Error(`${where}: cannot parse the ros2msg schema of ${schema.name}: ${(cause as Error).message}`, { cause });
  }
}

/** Channels of an MCAP file with their schema names and message counts. */
export async function readMcapChannels(path: string): Promise<McapChannelInfo[]> {
  const file = await FileReadable.open(path);
  try {
    const mcap = await openMcap(file);
    return (await mcap.channels()).map(({ channel, schema, messageCount }) => ({
      topic: channel.topic,
      schemaName: schema?.name ?? "",
      schemaEncoding: schema?.encoding ?? "",
      messageEncoding: channel.messageEncoding,
      messageCount,
      metadata: channel.metadata,
    }));
  } catch (cause) {
    throw withPath(path, cause);
  } finally {
    await file.close();
  }
}

/** Decoded messages of an MCAP file, optionally only some topics. */
export async function* readMcapMessages(path: string, options: ReadMcapOptions = {}): AsyncGenerator<McapMessage> {
  const file = await FileReadable.open(path);
  try {
    const mcap = await openMcap(file).catch((cause: unknown) => Promise.reject(withPath(path, cause)));
    const readers = new Map<number, MessageReader>();
    for await (const raw of iterateWithPath(path, mcap.messages(options.topics))) {
      let reader = readers.get(raw.channel.id);
      if (reader === undefined) {
        reader = readerFor(path, raw.channel, raw.schema);
        readers.set(raw.channel.id, reader);
      }
      let message: unknown;
      try {
        message = reader.readMessage(raw.data);
      } catch (cause) {
        throw new Error(
          `${path}, topic ${raw.channel.topic}: cannot decode the message logged at ${raw.logTime} ns as ${raw.schema?.name}: ${(cause as Error).message}`,
          { cause },
        );
      }
      yield { topic: raw.channel.topic, schemaName: raw.schema?.name ?? "", logTimeNs: raw.logTime, message };
    }
  } finally {
    await file.close();
  }
}

async function* iterateWithPath<T>(path: string, source: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  try {
    for (;;) {
      let step: IteratorResult<T>;
      try {
        step = await iterator.next();
      } catch (cause) {
        throw withPath(path, cause);
      }
      if (step.done === true) return;
      yield step.value;
    }
  } finally {
    await iterator.return?.();
  }
}

function withPath(path: string, cause: unknown): Error {
  const reason = cause instanceof Error ? cause.message : String(cause);
  if (reason.includes(path)) return cause instanceof Error ? cause : new Error(reason);
  return new Error(`${path}: cannot read MCAP data: ${reason}`, { cause });
}
