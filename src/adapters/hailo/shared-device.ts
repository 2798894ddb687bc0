/**
 * One Hailo VDevice per process, shared by every model and the LLM: HailoRT schedules all of them
 * on the one chip, and a second VDevice (or another process) with an exclusive group id would lock
 * the others out. Leases are reference counted; the device closes when the last lease is released.
 */
import { openDevice } from "hailort-node";
import type { Device, DeviceKind } from "hailort-node";

export interface SharedDeviceOptions {
  readonly device: DeviceKind;
  /** Default "SHARED"; every lease in the process must agree. */
  readonly groupId?: string;
}

export interface SharedDeviceLease {
  readonly device: Device;
  /** Idempotent. */
  release(): Promise<void>;
}

interface Shared {
  readonly kind: DeviceKind;
  readonly groupId: string;
  readonly opening: Promise<Device>;
  leases: number;
}

let shared: Shared | undefined;

export async function acquireSharedDevice(options: SharedDeviceOptions): Promise<SharedDeviceLease> {
  const groupId = options.groupId ?? "SHARED";
  if (shared !== undefined && (shared.kind !== options.device || shared.groupId !== groupId)) {
    throw new Error(
      `this process already has a ${shared.kind} Hailo device open with group id "${shared.groupId}"; ` +
        `one device per process is shared by all models: ask for device "${shared.kind}" with group id "${shared.groupId}" ` +
        `(requested ${options.device} / "${groupId}")`,
    );
  }
  if (shared === undefined) {
    const entry: Shared = { kind: options.device, groupId, opening: openDevice({ device: options.device, groupId }), leases: 0 };
    shared = entry;
    // A failed open must not poison later attempts.
    entry.opening.catch(() => {
      if (shared === entry) shared = undefined;
    });
  }
  const entry = shared;
  entry.leases++;
  let device: Device;
  try {
    device = await entry.opening;
  } catch (error) {
    entry.leases--;
    throw error;
  }
  let released = false;
  return {
    device,
    async release() {
      if (released) return;
      released = true;
      entry.leases--;
      if (entry.leases === 0 && shared === entry) {
        shared = undefined;
        await device.close();
      }
    },
  };
}

/** How many leases hold the process's device (0 when none is open). */
export function sharedDeviceLeases(): number {
  return shared?.leases ?? 0;
}
