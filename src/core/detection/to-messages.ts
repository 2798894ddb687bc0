/** Pure mappers from decoded detections to vision_msgs 4.x messages. */
import type { Header } from "../../messages/std_msgs.ts";
import type { BoundingBox2D, Detection2D, Detection2DArray, LabelInfo } from "../../messages/vision_msgs.ts";
import type { Box, Detection } from "../vision/detection.ts";

const ZERO_COVARIANCE: readonly number[] = Object.freeze(new Array<number>(36).fill(0));

/** The name a class index is published under; indices past the labels list get a stable fallback. */
export function labelOf(labels: readonly string[], classIndex: number): string {
  return labels[classIndex] ?? `class_${classIndex}`;
}

/**
 * Builds a Detection2DArray in source-image pixels. The header is the image's, so consumers can
 * match detections to frames by stamp and frame_id.
 */
export function toDetection2DArray(header: Header, detections: readonly Detection[], labels: readonly string[]): Detection2DArray {
  // Stryker disable next-line ArrayDeclaration: equivalent, every index is assigned below (the length only presizes)
  const out: Detection2D[] = new Array(detections.length);
  for (let i = 0; i < detections.length; i++) {
    const d = detections[i]!;
    const { x1, y1, x2, y2 } = d.box;
    out[i] = {
      header,
      results: [
        {
          hypothesis: { class_id: labelOf(labels, d.classIndex), score: d.score },
          pose: {
            pose: { position: { x: 0, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } },
            covariance: ZERO_COVARIANCE as number[],
          },
        },
      ],
      bbox: {
        center: { position: { x: (x1 + x2) / 2, y: (y1 + y2) / 2 }, theta: 0 },
        size_x: x2 - x1,
        size_y: y2 - y1,
      },
      id: "",
    };
  }
  return { header, detections: out };
}

export function toLabelInfo(header: Header, labels: readonly string[], threshold: number): LabelInfo {
  return {
    header,
    class_map: labels.map((class_name, class_id) => ({ class_id, class_name })),
    threshold,
  };
}

/** The corners of an axis-aligned vision_msgs box (rotation ignored): the inverse of what toDetection2DArray writes. */
export function boxOfBoundingBox2D(bbox: BoundingBox2D): Box {
  const { x, y } = bbox.center.position;
  return { x1: x - bbox.size_x / 2, y1: y - bbox.size_y / 2, x2: x + bbox.size_x / 2, y2: y + bbox.size_y / 2 };
}

/** Label and box of each detection, as published by the detection node (first hypothesis). */
export function labelledBoxes(msg: Detection2DArray): Array<{ label: string; box: Box }> {
  return msg.detections.map((d) => ({ label: d.results[0]?.hypothesis.class_id ?? "", box: boxOfBoundingBox2D(d.bbox) }));
}
