/**
 * ROS 2 request/offer QoS matching: a publisher offers, a subscription requests, and they match
 * only if the offer is at least as strong as the request. Pure, shared by both ROS adapters (the local transport matches with it; both check profiles).
 */
import type { QosProfile } from "../../ports/ros.ts";

export type QosMatch = { readonly compatible: true } | { readonly compatible: false; readonly reason: string };

export function matchQos(offered: QosProfile, requested: QosProfile): QosMatch {
  if (offered.reliability === "best_effort" && requested.reliability === "reliable") {
    return {
      compatible: false,
      reason:
        "the publisher offers best_effort reliability but the subscription requests reliable; " +
        "make the subscription best_effort (e.g. the sensor_data preset) or the publisher reliable",
    };
  }
  if (offered.durability === "volatile" && requested.durability === "transient_local") {
    return {
      compatible: false,
      reason:
        "the publisher offers volatile durability but the subscription requests transient_local; " +
        "make the subscription volatile or the publisher transient_local",
    };
  }
  return { compatible: true };
}

/** Checks a QoS profile given by a caller; depth must be a positive integer. */
export function checkQosProfile(qos: QosProfile, where: string): void {
  if (!Number.isInteger(qos.depth) || qos.depth < 1) {
    throw new Error(`${where}: QoS depth must be a positive integer (got ${String(qos.depth)})`);
  }
  if (qos.reliability !== "reliable" && qos.reliability !== "best_effort") {
    throw new Error(`${where}: QoS reliability must be "reliable" or "best_effort" (got ${String(qos.reliability)})`);
  }
  if (qos.durability !== "volatile" && qos.durability !== "transient_local") {
    throw new Error(`${where}: QoS durability must be "volatile" or "transient_local" (got ${String(qos.durability)})`);
  }
}
