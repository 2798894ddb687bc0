/** Plays the camera frames (sensor_msgs Image or CompressedImage) of one topic of an MCAP file. */
import { rosTypeOfSchemaName } from "../../messages/definitions.ts";
import type { CompressedImage, Image } from "../../messages/sensor_msgs.ts";
import type { ImageSource, SourceFrame } from "../../ports/image-source.ts";
import { readMcapChannels, readMcapMessages, type McapChannelInfo } from "./read-mcap-messages.ts";

export interface McapImageSourceOptions {
  /** The topic to play (default: the first Image or CompressedImage topic in the file). */
  topic?: string;
  /** Start again from the first frame after the last (default false). */
  loop?: boolean;
}

const IMAGE_TYPE = "sensor_msgs/msg/Image";
const COMPRESSED_TYPE = "sensor_msgs/msg/CompressedImage";

function isImageChannel(channel: McapChannelInfo): boolean {
  const type = rosTypeOfSchemaName(channel.schemaName);
  return type === IMAGE_TYPE || type === COMPRESSED_TYPE;
}

function listTopics(channels: readonly McapChannelInfo[]): string {
  return channels.length === 0 ? "(none)" : channels.map((channel) => `${channel.topic} [${channel.schemaName}]`).join(", ");
}

export class McapImageSource implements ImageSource {
  readonly description: string;
  readonly path: string;
  readonly topic: string;
  readonly #compressed: boolean;
  readonly #loop: boolean;
  #closed = false;

  private constructor(path: string, channel: McapChannelInfo, loop: boolean) {
    this.path = path;
    this.topic = channel.topic;
    this.#compressed = rosTypeOfSchemaName(channel.schemaName) === COMPRESSED_TYPE;
    this.#loop = loop;
    const count = channel.messageCount === undefined ? "" : ` (${channel.messageCount} frames)`;
    this.description = `MCAP ${path} topic ${channel.topic}${count}`;
  }

  /** Opens the file and picks the topic; errors name the file and list its topics. */
  static async open(path: string, options: McapImageSourceOptions = {}): Promise<McapImageSource> {
    const channels = await readMcapChannels(path);
    const imageChannels = channels.filter(isImageChannel);
    let channel: McapChannelInfo | undefined;
    if (options.topic !== undefined) {
      channel = channels.find((candidate) => candidate.topic === options.topic);
      if (channel === undefined) {
        throw new Error(`${path} has no topic ${options.topic}; its topics are: ${listTopics(channels)}`);
      }
      if (!isImageChannel(channel)) {
        throw new Error(
          `${path}: topic ${options.topic} carries ${channel.schemaName}, not ${IMAGE_TYPE} or ${COMPRESSED_TYPE}; image topics are: ${listTopics(imageChannels)}`,
        );
      }
    } else {
      channel = imageChannels[0];
      if (channel === undefined) {
        throw new Error(`${path} has no ${IMAGE_TYPE} or ${COMPRESSED_TYPE} topic; its topics are: ${listTopics(channels)}`);
      }
    }
    return new McapImageSource(path, channel, options.loop ?? false);
  }

  async *frames(): AsyncIterable<SourceFrame> {
    let index = 0;
    do {
      let played = 0;
      for await (const { message } of readMcapMessages(this.path, { topics: [this.topic] })) {
        if (this.#closed) return;
        played++;
        yield {
          index: index++,
          data: this.#compressed
            ? { kind: "compressed", topic: this.topic, message: message as CompressedImage }
            : { kind: "image", topic: this.topic, message: message as Image },
        };
      }
      // Looping over an empty topic would spin forever.
      if (played === 0) return;
    } while (this.#loop && !this.#closed);
  }

  async close(): Promise<void> {
    this.#closed = true;
  }
}
