/**
 * Plays the camera frames (sensor_msgs Image or CompressedImage) of one topic of an MCAP file, each
 * with the camera's calibration when the file holds a sensor_msgs/CameraInfo topic for it.
 */
import { rosTypeOfSchemaName } from "../../messages/definitions.ts";
import type { CameraInfo, CompressedImage, Image } from "../../messages/sensor_msgs.ts";
import type { ImageSource, SourceFrame } from "../../ports/image-source.ts";
import { readMcapChannels, readMcapMessages, type McapChannelInfo } from "./read-mcap-messages.ts";

export interface McapImageSourceOptions {
  /** The topic to play (default: the first Image or CompressedImage topic in the file). */
  topic?: string;
  /** Start again from the first frame after the last (default false). */
  loop?: boolean;
  /**
   * The CameraInfo topic replayed beside the images (default: `camera_info` in the image topic's
   * namespace, as image_transport names it, else the file's only CameraInfo topic, else none).
   */
  cameraInfoTopic?: string;
}

const IMAGE_TYPE = "sensor_msgs/msg/Image";
const COMPRESSED_TYPE = "sensor_msgs/msg/CompressedImage";
const CAMERA_INFO_TYPE = "sensor_msgs/msg/CameraInfo";

function isImageChannel(channel: McapChannelInfo): boolean {
  const type = rosTypeOfSchemaName(channel.schemaName);
  return type === IMAGE_TYPE || type === COMPRESSED_TYPE;
}

/**
 * image_transport's camera_info topic for an image topic: `camera_info` beside the base topic, whose
 * transport suffix (`/compressed`) is dropped first: /camera/image_raw/compressed → /camera/camera_info.
 */
export function cameraInfoTopicBeside(imageTopic: string, compressed: boolean): string {
  const base = compressed ? imageTopic.replace(/\/compressed$/, "") : imageTopic;
  const slash = base.lastIndexOf("/");
  return `${slash <= 0 ? "" : base.slice(0, slash)}/camera_info`;
}

function isCameraInfoChannel(channel: McapChannelInfo): boolean {
  return rosTypeOfSchemaName(channel.schemaName) === CAMERA_INFO_TYPE;
}

/** The calibration topic for `image`: the one asked for (checked), else image_transport's name, else the only one. */
function pickCameraInfoTopic(
  path: string,
  channels: readonly McapChannelInfo[],
  image: McapChannelInfo,
  asked: string | undefined,
): string | undefined {
  const infos = channels.filter(isCameraInfoChannel);
  if (asked !== undefined) {
    const chosen = channels.find((candidate) => candidate.topic === asked);
    if (chosen === undefined || !isCameraInfoChannel(chosen)) {
      const why = chosen === undefined ? `has no topic ${asked}` : `topic ${asked} carries ${chosen.schemaName}, not ${CAMERA_INFO_TYPE}`;
      throw new Error(`${path} ${why}; its CameraInfo topics are: ${listTopics(infos)}`);
    }
    return asked;
  }
  const beside = cameraInfoTopicBeside(image.topic, rosTypeOfSchemaName(image.schemaName) === COMPRESSED_TYPE);
  if (infos.some((info) => info.topic === beside)) return beside;
  return infos.length === 1 ? infos[0]!.topic : undefined;
}

function listTopics(channels: readonly McapChannelInfo[]): string {
  return channels.length === 0 ? "(none)" : channels.map((channel) => `${channel.topic} [${channel.schemaName}]`).join(", ");
}

export class McapImageSource implements ImageSource {
  readonly description: string;
  readonly path: string;
  readonly topic: string;
  /** The CameraInfo topic whose calibration goes with each frame (undefined: the file has none for it). */
  readonly cameraInfoTopic: string | undefined;
  readonly #compressed: boolean;
  readonly #loop: boolean;
  #closed = false;

  private constructor(path: string, channel: McapChannelInfo, cameraInfoTopic: string | undefined, loop: boolean) {
    this.path = path;
    this.topic = channel.topic;
    this.cameraInfoTopic = cameraInfoTopic;
    this.#compressed = rosTypeOfSchemaName(channel.schemaName) === COMPRESSED_TYPE;
    this.#loop = loop;
    const count = channel.messageCount === undefined ? "" : ` (${channel.messageCount} frames)`;
    const calibration = cameraInfoTopic === undefined ? ", no camera_info" : ` with ${cameraInfoTopic}`;
    this.description = `MCAP ${path} topic ${channel.topic}${count}${calibration}`;
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
    return new McapImageSource(path, channel, pickCameraInfoTopic(path, channels, channel, options.cameraInfoTopic), options.loop ?? false);
  }

  /**
   * Frames in log-time order. Each carries the latest calibration logged before it; frames logged
   * before the first CameraInfo carry that first one (drivers publish the two in either order, and a
   * camera's calibration does not change within a recording).
   */
  async *frames(): AsyncIterable<SourceFrame> {
    let index = 0;
    let calibration = await this.#firstCameraInfo();
    const topics = calibration === undefined ? [this.topic] : [this.topic, this.cameraInfoTopic!];
    do {
      let played = 0;
      for await (const { topic, message } of readMcapMessages(this.path, { topics })) {
        if (this.#closed) return;
        if (topic !== this.topic) {
          calibration = message as CameraInfo;
          continue;
        }
        played++;
        yield {
          index: index++,
          data: this.#compressed
            ? { kind: "compressed", topic: this.topic, message: message as CompressedImage }
            : { kind: "image", topic: this.topic, message: message as Image },
          ...(calibration !== undefined ? { cameraInfo: calibration } : {}),
        };
      }
      // Looping over an empty topic would spin forever.
      if (played === 0) return;
    } while (this.#loop && !this.#closed);
  }

  async #firstCameraInfo(): Promise<CameraInfo | undefined> {
    if (this.cameraInfoTopic === undefined) return undefined;
    for await (const { message } of readMcapMessages(this.path, { topics: [this.cameraInfoTopic] })) return message as CameraInfo;
    return undefined;
  }

  async close(): Promise<void> {
    this.#closed = true;
  }
}
