import assert from "node:assert/strict";
import { checkThresholds } from "../../../src/core/vision/decode-result.ts";

describe("checkThresholds (options shared by the detection decoders)", () => {
  const accepted: Array<[number, number]> = [
    [0.25, 0],
    [0, 1],
    [-1, 100],
    [0.5, Number.POSITIVE_INFINITY],
  ];
  for (const [score, max] of accepted) {
    it(`accepts score threshold ${score} with max detections ${max}`, () => assert.equal(checkThresholds("out", score, max), undefined));
  }

  const rejected: Array<[number, number, string]> = [
    [Number.NaN, 10, 'score threshold NaN for output "out" must be a finite number (e.g. 0.25)'],
    [Number.POSITIVE_INFINITY, 10, 'score threshold Infinity for output "out" must be a finite number (e.g. 0.25)'],
    [0.25, -1, 'max detections -1 for output "out" must be a non-negative integer'],
    [0.25, 2.5, 'max detections 2.5 for output "out" must be a non-negative integer'],
    [0.25, -2.5, 'max detections -2.5 for output "out" must be a non-negative integer'],
    [0.25, Number.NaN, 'max detections NaN for output "out" must be a non-negative integer'],
    [0.25, Number.NEGATIVE_INFINITY, 'max detections -Infinity for output "out" must be a non-negative integer'],
  ];
  for (const [score, max, message] of rejected) {
    it(`rejects score threshold ${score} with max detections ${max}`, () => assert.equal(checkThresholds("out", score, max), message));
  }
});
