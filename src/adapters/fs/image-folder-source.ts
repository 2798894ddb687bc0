/**
 * Plays the PNG and JPEG files of a folder as rgb8 sensor_msgs/Image frames, in file-name order
 * (numeric-aware, so frame2 comes before frame10). A file that cannot be decoded is reported
 * through `onWarning` and skipped; the rest of the folder still plays.
 */
import type { Dirent } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { packedRgb8Image, type Image } from "../../messages/sensor_msgs.ts";
import { systemClock, timeFromMs, type Clock } from "../../ports/clock.ts";
import type { ImageSource, SourceFrame } from "../../ports/image-source.ts";
import { decodeImageBytes } from "../codecs/image-bytes.ts";

export interface ImageFolderSourceOptions {
  /** Stamps each frame's header (default: the system clock). */
  clock?: Clock;
  /** header.frame_id of every frame (default "camera_color_optical_frame"). */
  frameId?: string;
  /** Topic the frames are attributed to (default "/camera/image_raw"). */
  topic?: string;
  /** Start again from the first file after the last (default false). */
  loop?: boolean;
  /** Told about each skipped file (default: console.warn). */
  onWarning?: (message: string) => void;
}

const IMAGE_EXTENSIONS = new Set([".png", ".jpg", ".jpeg"]);

const byName = new Intl.Collator("en", { numeric: true }).compare;

export class ImageFolderSource implements ImageSource {
  readonly description: string;
  readonly folder: string;
  /** The image files, in play order. */
  readonly files: readonly string[];
  readonly #clock: Clock;
  readonly #frameId: string;
  readonly #topic: string;
  readonly #loop: boolean;
  readonly #warn: (message: string) => void;
  #closed = false;

  private constructor(folder: string, files: readonly string[], options: ImageFolderSourceOptions) {
    this.folder = folder;
    this.files = files;
    this.#clock = options.clock ?? systemClock;
    this.#frameId = options.frameId ?? "camera_color_optical_frame";
    this.#topic = options.topic ?? "/camera/image_raw";
    this.#loop = options.loop ?? false;
    this.#warn = options.onWarning ?? ((message) => console.warn(message));
    this.description = `folder ${folder} (${files.length} ${files.length === 1 ? "file" : "files"})`;
  }

  /** Lists the folder; errors name it when it is missing, not a folder, or holds no images. */
  static async open(folder: string, options: ImageFolderSourceOptions = {}): Promise<ImageFolderSource> {
    let entries: Dirent[];
    try {
      if (!(await stat(folder)).isDirectory()) throw new Error("not a directory");
      entries = await readdir(folder, { withFileTypes: true });
    } catch (cause) {
      const reason = (cause as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist" : (cause as Error).message;
      throw new Error(`image folder ${folder}: ${reason} (give a folder of .png/.jpg/.jpeg files)`, { cause });
    }
    // Symbolic links count: they usually point at image files; a bad one is skipped at play time.
    const files = entries
      .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && IMAGE_EXTENSIONS.has(path.extname(entry.name).toLowerCase()))
      .map((entry) => entry.name)
      .sort(byName);
    if (files.length === 0) {
      throw new Error(`image folder ${folder} holds no .png, .jpg or .jpeg files (${entries.length} other entries)`);
    }
    return new ImageFolderSource(
      folder,
      files.map((name) => path.join(folder, name)),
      options,
    );
  }

  async *frames(): AsyncIterable<SourceFrame> {
    let index = 0;
    do {
      let played = 0;
      for (const file of this.files) {
        if (this.#closed) return;
        const image = await this.#load(file);
        if (image === undefined) continue;
        played++;
        yield { index: index++, data: { kind: "image", topic: this.#topic, message: image } };
      }
      if (played === 0) {
        this.#warn(`image folder ${this.folder}: none of its ${this.files.length} image files could be decoded; stopping`);
        return;
      }
    } while (this.#loop && !this.#closed);
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  async #load(file: string): Promise<Image | undefined> {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch (cause) {
      this.#warn(`skipping image ${file}: cannot read it (${(cause as Error).message})`);
      return undefined;
    }
    const decoded = decodeImageBytes(bytes, file);
    if (!decoded.ok) {
      this.#warn(`skipping image ${decoded.error}`);
      return undefined;
    }
    return packedRgb8Image({ stamp: timeFromMs(this.#clock.nowMs()), frame_id: this.#frameId }, decoded.value);
  }
}
