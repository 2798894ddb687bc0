/**
 * The camera node's sources: the synthetic scenes (with metric depth, so the depth node and fusion
 * have something to measure, a CameraInfo and the ground truth), an .mcap replay or a folder of
 * images. Compressed frames are decoded here, so the node publishes only sensor_msgs/Image.
 */
import { stat } from "node:fs/promises";
import { extname } from "node:path";
import { decodeCompressedImage } from "../adapters/codecs/compressed-image.ts";
import type { CameraNodeIo, CameraSourceRequest } from "../nodes/camera/camera-node-io.ts";
import type { ImageSource, SourceFrame } from "../ports/image-source.ts";

export function createCameraNodeIo(options: { readonly warn?: (line: string) => void } = {}): CameraNodeIo {
  const warn = options.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
  return { openSource: (request) => openCameraSource(request, warn) };
}

export async function openCameraSource(request: CameraSourceRequest, warn: (line: string) => void): Promise<ImageSource> {
  if (request.source === "synthetic") {
    const { SyntheticImageSource } = await import("../adapters/synthetic/synthetic-image-source.ts");
    return new SyntheticImageSource({ seed: request.seed, width: request.width, height: request.height, depth: true });
  }
  const isDirectory = await stat(request.source).then(
    (s) => s.isDirectory(),
    () => {
      throw new Error(
        `parameter 'source' is '${request.source}', which does not exist; set it to synthetic, an .mcap file or a folder of PNG/JPEG images`,
      );
    },
  );
  if (isDirectory) {
    const { ImageFolderSource } = await import("../adapters/fs/image-folder-source.ts");
    return ImageFolderSource.open(request.source, { loop: request.loop, onWarning: warn });
  }
  if (extname(request.source).toLowerCase() !== ".mcap") {
    throw new Error(
      `parameter 'source' is '${request.source}', which is neither an .mcap file nor a folder; set it to synthetic, an .mcap file or a folder of PNG/JPEG images`,
    );
  }
  const { McapImageSource } = await import("../adapters/mcap/mcap-image-source.ts");
  const replay = await McapImageSource.open(request.source, {
    loop: request.loop,
    ...(request.mcapTopic !== "" ? { topic: request.mcapTopic } : {}),
    ...(request.mcapCameraInfoTopic !== "" ? { cameraInfoTopic: request.mcapCameraInfoTopic } : {}),
  });
  return decodedFrames(replay, warn);
}

/** The source with its CompressedImage frames decoded (undecodable ones pass through and are skipped by the node). */
function decodedFrames(source: ImageSource, warn: (line: string) => void): ImageSource {
  return {
    description: source.description,
    close: () => source.close(),
    async *frames(): AsyncIterable<SourceFrame> {
      for await (const frame of source.frames()) {
        if (frame.data.kind !== "compressed") {
          yield frame;
          continue;
        }
        const decoded = decodeCompressedImage(frame.data.message);
        if (!decoded.ok) warn(`[WARN] frame ${frame.index} of ${source.description}: ${decoded.error}`);
        yield decoded.ok ? { ...frame, data: { kind: "image", topic: frame.data.topic, message: decoded.value } } : frame;
      }
    },
  };
}
