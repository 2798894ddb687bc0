/**
 * The detection node's per-frame host work, composed from the pure vision core: image check,
 * letterbox into the model input, output decode, mapping back to source pixels, overlay.
 */
import { toImageView, toRgb8, type ImageView } from "../../core/vision/image-view.ts";
import {
  boxToSource,
  letterbox,
  letterboxGeometry,
  LetterboxTables,
  type LetterboxGeometry,
  type LetterboxKernels,
} from "../../core/vision/letterbox.ts";
import { decodeYoloRaw } from "../../core/vision/yolo-raw-decoder.ts";
import { decodeHailoNmsByClass } from "../../core/vision/hailo-nms-decoder.ts";
import { drawDetections } from "../../core/vision/overlay.ts";
import type { Detection } from "../../core/vision/detection.ts";
import type { DecoderChoice } from "../../core/detection/select-decoder.ts";
import { packedRgb8Image, type Image } from "../../messages/sensor_msgs.ts";
import type { InferenceOutputs, ModelInfo } from "../../ports/inference-backend.ts";

export type PreparedFrame =
  | { readonly ok: true; readonly input: Uint8Array; readonly geometry: LetterboxGeometry; readonly view: ImageView }
  | { readonly ok: false; readonly code: string; readonly error: string };

export interface DecodeSettings {
  readonly scoreThreshold: number;
  readonly iouThreshold: number;
  readonly maxDetections: number;
  readonly allowedClasses: ReadonlySet<number> | undefined;
}

export type DecodedFrame = { readonly ok: true; readonly detections: Detection[] } | { readonly ok: false; readonly error: string };

export class DetectionPipeline {
  readonly #kernels: LetterboxKernels | undefined;
  readonly #decoder: DecoderChoice;
  readonly #inputWidth: number;
  readonly #inputHeight: number;
  /**
   * Free letterbox target buffers. A frame takes one in `prepare` and gives it back with
   * `releaseInput` once its inference settled, so a buffer the backend still reads is never
   * overwritten, whatever order inferences finish in. The pool only grows when every buffer is in
   * use (one per job in flight, plus one for a job whose timed-out inference has not settled yet).
   */
  readonly #free: Uint8Array[] = [];
  #allocated = 0;
  #geometry: LetterboxGeometry | undefined;
  /** This model's resampling tables: another pipeline with another input size keeps its own. */
  readonly #letterboxTables = new LetterboxTables();

  constructor(
    info: ModelInfo,
    decoder: DecoderChoice,
    options: { readonly inputBuffers?: number; readonly kernels?: LetterboxKernels } = {},
  ) {
    this.#kernels = options.kernels;
    const input = info.inputs[0];
    if (input === undefined) throw new Error("the model has no input");
    this.#decoder = decoder;
    this.#inputHeight = input.shape[1];
    this.#inputWidth = input.shape[2];
    const count = Math.max(1, options.inputBuffers ?? 2);
    for (let i = 0; i < count; i++) this.#free.push(this.#newBuffer());
  }

  /** Input buffers created so far (in use or free). */
  get inputBuffersAllocated(): number {
    return this.#allocated;
  }

  /** Input buffers handed out by `prepare` and not yet released. */
  get inputBuffersInUse(): number {
    return this.#allocated - this.#free.length;
  }

  /** Gives back the input of a prepared frame once nothing reads it any more. */
  releaseInput(input: Uint8Array): void {
    if (input.length === this.#inputWidth * this.#inputHeight * 3 && !this.#free.includes(input)) this.#free.push(input);
  }

  #newBuffer(): Uint8Array {
    this.#allocated++;
    return new Uint8Array(this.#inputWidth * this.#inputHeight * 3);
  }

  /** How many times this pipeline computed letterbox sampling tables (once per source size it saw). */
  get letterboxTableBuilds(): number {
    return this.#letterboxTables.builds;
  }

  get inputWidth(): number {
    return this.#inputWidth;
  }

  get inputHeight(): number {
    return this.#inputHeight;
  }

  /** Checks the image and letterboxes it into a free input buffer (give it back with `releaseInput`). */
  prepare(image: Image): PreparedFrame {
    const checked = toImageView(image);
    if (!checked.ok) return { ok: false, code: checked.error.code, error: checked.error.message };
    const view = checked.value;
    let geometry = this.#geometry;
    if (geometry === undefined || geometry.srcW !== view.width || geometry.srcH !== view.height) {
      geometry = letterboxGeometry(view.width, view.height, this.#inputWidth, this.#inputHeight);
      this.#geometry = geometry;
    }
    const out = this.#free.pop() ?? this.#newBuffer();
    try {
      letterbox(view, this.#inputWidth, this.#inputHeight, {
        out,
        tables: this.#letterboxTables,
        ...(this.#kernels ? { kernels: this.#kernels } : {}),
      });
    } catch (error) {
      this.#free.push(out);
      throw error;
    }
    return { ok: true, input: out, geometry, view };
  }

  decode(outputs: InferenceOutputs, geometry: LetterboxGeometry, settings: DecodeSettings): DecodedFrame {
    const decoder = this.#decoder;
    const output = outputs.get(decoder.outputName);
    if (output === undefined) {
      return { ok: false, error: `the backend returned no output '${decoder.outputName}' (got: ${[...outputs.keys()].join(", ")})` };
    }
    const result =
      decoder.kind === "yolo-raw"
        ? decodeYoloRaw(output, {
            outputName: decoder.outputName,
            scoreThreshold: settings.scoreThreshold,
            iouThreshold: settings.iouThreshold,
            maxDetections: settings.maxDetections,
            ...(settings.allowedClasses !== undefined ? { classAllowList: settings.allowedClasses } : {}),
          })
        : decodeHailoNmsByClass(output.data, {
            outputName: decoder.outputName,
            classes: decoder.classes,
            maxBoxesPerClass: decoder.maxBoxesPerClass,
            inputWidth: this.#inputWidth,
            inputHeight: this.#inputHeight,
            scoreThreshold: settings.scoreThreshold,
            maxDetections: settings.maxDetections,
            ...(settings.allowedClasses !== undefined ? { classAllowList: settings.allowedClasses } : {}),
          });
    if (!result.ok) return { ok: false, error: result.error.message };
    const detections = result.value;
    for (let i = 0; i < detections.length; i++) {
      const d = detections[i]!;
      detections[i] = { box: boxToSource(d.box, geometry), score: d.score, classIndex: d.classIndex };
    }
    return { ok: true, detections };
  }

  /** An rgb8 copy of the frame with boxes and labels drawn on it, stamped like the source image. */
  overlay(image: Image, view: ImageView, detections: readonly Detection[], labels: readonly string[]): Image {
    // Lines and labels grow with the frame so they stay readable in rviz at 720p and above.
    const scale = Math.max(1, Math.round(Math.min(view.width, view.height) / 480));
    const drawn = drawDetections(toRgb8(view), detections, labels, { fontScale: scale, thickness: 2 * scale });
    return packedRgb8Image(image.header, drawn);
  }
}
