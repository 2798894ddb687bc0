#!/usr/bin/python3
"""The Python peer of the bench: the detection host work done the way robot builders do it today
in Python (hailo-apps, Ultralytics-based ROS nodes such as yolo_ros), with OpenCV and NumPy.

- letterbox: cv2.resize (INTER_LINEAR, as Ultralytics' LetterBox) into a 114-grey padded frame
- Hailo NMS-by-class output: NumPy parsing of the flat float32 buffer (per class a count, then
  count x [y_min, x_min, y_max, x_max, score]), boxes mapped back to source pixels
- raw YOLOv8 head [1, 84, 8400]: NumPy decode (best class per anchor, score threshold) and
  class-wise cv2.dnn.NMSBoxes (boxes offset by class, as Ultralytics does)

Usage: python_peer.py bench|outputs <input folder written by scripts/bench/python-peer.ts>
Prints one JSON object. `bench` times each step (median of many runs, milliseconds); `outputs`
prints what each step produced, for the test that checks them against ours.
Debian 12: apt install python3-opencv python3-numpy; run with /usr/bin/python3.
"""
import json
import os
import sys
import time

import cv2
import numpy as np

MODEL_W = 640
MODEL_H = 640
PAD = 114


def letterbox(image, out):
    """Ultralytics/hailo-apps letterbox: aspect-preserving cv2.resize, centred, grey padding."""
    h, w = image.shape[:2]
    scale = min(MODEL_W / w, MODEL_H / h)
    new_w = min(MODEL_W, max(1, round(w * scale)))
    new_h = min(MODEL_H, max(1, round(h * scale)))
    pad_x = (MODEL_W - new_w) // 2
    pad_y = (MODEL_H - new_h) // 2
    out.fill(PAD)
    target = out[pad_y : pad_y + new_h, pad_x : pad_x + new_w]
    if new_w == w and new_h == h:
        target[...] = image
    else:
        cv2.resize(image, (new_w, new_h), dst=target, interpolation=cv2.INTER_LINEAR)
    return (new_w / w, new_h / h, pad_x, pad_y)


def parse_nms_by_class(buffer, classes, geometry, src_w, src_h, threshold=0.0, max_detections=100):
    """hailo-apps' extract_detections over the flat HAILO_NMS_BY_CLASS buffer, in source pixels."""
    sx, sy, pad_x, pad_y = geometry
    boxes, scores, class_ids = [], [], []
    p = 0
    for k in range(classes):
        count = int(buffer[p])
        p += 1
        if count:
            records = buffer[p : p + 5 * count].reshape(count, 5)
            keep = records[:, 4] >= threshold
            records = records[keep]
            if len(records):
                boxes.append(records[:, :4])
                scores.append(records[:, 4])
                class_ids.append(np.full(len(records), k, dtype=np.int32))
            p += 5 * count
    if not boxes:
        return np.zeros((0, 4)), np.zeros(0), np.zeros(0, dtype=np.int32)
    yxyx = np.concatenate(boxes)
    score = np.concatenate(scores)
    cls = np.concatenate(class_ids)
    xyxy = np.empty_like(yxyx)
    xyxy[:, 0] = (yxyx[:, 1] * MODEL_W - pad_x) / sx
    xyxy[:, 1] = (yxyx[:, 0] * MODEL_H - pad_y) / sy
    xyxy[:, 2] = (yxyx[:, 3] * MODEL_W - pad_x) / sx
    xyxy[:, 3] = (yxyx[:, 2] * MODEL_H - pad_y) / sy
    np.clip(xyxy[:, 0::2], 0, src_w, out=xyxy[:, 0::2])
    np.clip(xyxy[:, 1::2], 0, src_h, out=xyxy[:, 1::2])
    order = np.argsort(-score, kind="stable")[:max_detections]
    return xyxy[order], score[order], cls[order]


def host_frame(data, width, height, nms, classes, letterboxed):
    """One frame's host work: the image message's bytes as an array, letterbox, NMS output parse."""
    image = np.frombuffer(data, dtype=np.uint8).reshape(height, width, 3)
    geometry = letterbox(image, letterboxed)
    boxes, scores, cls = parse_nms_by_class(nms, classes, geometry, width, height)
    return [
        {"class_id": int(c), "score": float(s), "box": [float(v) for v in b]}
        for b, s, c in zip(boxes, scores, cls)
    ]


def decode_raw(head, score_threshold=0.25, iou_threshold=0.45, max_detections=100):
    """Ultralytics-style NumPy decode of [1, 4+C, N] and class-wise cv2.dnn.NMSBoxes."""
    pred = head[0]
    class_scores = pred[4:]
    class_ids = class_scores.argmax(axis=0)
    conf = class_scores[class_ids, np.arange(pred.shape[1])]
    mask = conf >= score_threshold
    cx, cy, w, h = pred[:4, mask]
    conf = conf[mask]
    class_ids = class_ids[mask]
    x1 = cx - w / 2
    y1 = cy - h / 2
    # Offsetting each class far apart makes one NMS call class-wise (Ultralytics' agnostic=False).
    offset = class_ids * 7680.0
    rects = np.stack([x1 + offset, y1 + offset, w, h], axis=1).astype(np.float64)
    kept = cv2.dnn.NMSBoxes(rects.tolist(), conf.astype(np.float64).tolist(), score_threshold, iou_threshold, top_k=max_detections)
    kept = np.asarray(kept, dtype=np.int64).reshape(-1)[:max_detections]
    return [
        {
            "class_id": int(class_ids[i]),
            "score": float(conf[i]),
            "box": [float(x1[i]), float(y1[i]), float(x1[i] + w[i]), float(y1[i] + h[i])],
        }
        for i in kept
    ]


def median_ms(fn, runs, warmup):
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return samples[len(samples) // 2]


def load(folder):
    with open(os.path.join(folder, "inputs.json")) as f:
        meta = json.load(f)
    frames = {}
    for size in meta["sizes"]:
        w, h = size
        frames[(w, h)] = open(os.path.join(folder, f"frame_{w}x{h}.rgb"), "rb").read()
    nms = {int(n): np.fromfile(os.path.join(folder, f"nms_{n}.f32"), dtype=np.float32) for n in meta["boxes"]}
    head = np.fromfile(os.path.join(folder, "head.f32"), dtype=np.float32).reshape(meta["head_dims"])
    return meta, frames, nms, head


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("bench", "outputs"):
        sys.stderr.write("usage: python_peer.py bench|outputs <input folder>\n")
        sys.exit(2)
    mode, folder = sys.argv[1], sys.argv[2]
    meta, frames, nms, head = load(folder)
    classes = meta["classes"]
    out = np.empty((MODEL_H, MODEL_W, 3), dtype=np.uint8)
    result = {"opencv": cv2.__version__, "numpy": np.__version__, "python": sys.version.split()[0]}
    default_boxes = int(meta["default_boxes"])
    if mode == "outputs":
        result["host"] = {}
        for (w, h), data in frames.items():
            result["host"][f"{w}x{h}"] = host_frame(data, w, h, nms[default_boxes], classes, out)
            if (w, h) == (1280, 720):
                out.tofile(os.path.join(folder, "letterbox_1280x720.python.rgb"))
        result["decode"] = decode_raw(head)
    else:
        runs = int(meta.get("runs", 300))
        result["host_ms"] = {
            f"{w}x{h}": median_ms(lambda: host_frame(data, w, h, nms[default_boxes], classes, out), runs, 30)
            for (w, h), data in frames.items()
        }
        data = frames[(1280, 720)]
        result["host_boxes_ms"] = {
            str(n): median_ms(lambda: host_frame(data, 1280, 720, buffer, classes, out), runs, 30) for n, buffer in nms.items()
        }
        result["decode_ms"] = median_ms(lambda: decode_raw(head), runs, 30)
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
