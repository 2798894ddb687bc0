/**
 * The `offered_qos_profiles` channel metadata rosbag2 writes in MCAP, so `ros2 bag play` offers
 * the recorded QoS again (above all transient_local, which makes latched topics latch on replay).
 * Format: a YAML sequence of profiles as rosbag2_storage's YAML codec emits it for bag metadata
 * version 9 (Jazzy): policies as rmw strings, durations as {sec, nsec}. A zero duration means
 * "unspecified", i.e. the middleware default.
 */
import type { QosProfile } from "../../ports/ros.ts";

export const OFFERED_QOS_PROFILES_KEY = "offered_qos_profiles";

function profileYaml(qos: QosProfile): string {
  const unspecified = ["    sec: 0", "    nsec: 0"];
  return [
    "- history: keep_last",
    `  depth: ${qos.depth}`,
    `  reliability: ${qos.reliability}`,
    `  durability: ${qos.durability}`,
    "  deadline:",
    ...unspecified,
    "  lifespan:",
    ...unspecified,
    "  liveliness: automatic",
    "  liveliness_lease_duration:",
    ...unspecified,
    "  avoid_ros_namespace_conventions: false",
  ].join("\n");
}

/** YAML for the profiles offered on one topic (one entry per publisher). */
export function offeredQosProfilesYaml(profiles: readonly QosProfile[]): string {
  return profiles.map(profileYaml).join("\n");
}

/** Reads back reliability, durability and depth of each profile (either rosbag2 YAML version). */
export function parseOfferedQosProfiles(yaml: string): QosProfile[] {
  const reliabilityByNumber: Record<string, QosProfile["reliability"]> = { "1": "reliable", "2": "best_effort" };
  const durabilityByNumber: Record<string, QosProfile["durability"]> = { "1": "transient_local", "2": "volatile" };
  const profiles: QosProfile[] = [];
  for (const block of yaml.split(/^- /m).slice(1)) {
    const value = (key: string) => new RegExp(`^\\s*${key}:\\s*(\\S+)`, "m").exec(block)?.[1] ?? "";
    const reliability = value("reliability");
    const durability = value("durability");
    profiles.push({
      reliability: reliability === "best_effort" ? "best_effort" : (reliabilityByNumber[reliability] ?? "reliable"),
      durability: durability === "transient_local" ? "transient_local" : (durabilityByNumber[durability] ?? "volatile"),
      depth: Number(value("depth")) || 0,
    });
  }
  return profiles;
}
