/**
 * When a velocity command may still be obeyed, as diff_drive_controller decides it: a command
 * older than the timeout on arrival is rejected, a command whose age passes the timeout stops the
 * robot, non-finite commands are rejected. Ages come from the command's stamp when it has one
 * (a zero stamp means "now"), so a late-delivered message cannot move the robot. Pure.
 */

export interface VelocityCommand {
  readonly linear: number;
  readonly angular: number;
  /** ms on the node's clock; undefined (unstamped Twist) or 0 = received now. */
  readonly stampMs?: number;
}

export type Admission =
  { readonly ok: true; readonly command: Required<VelocityCommand> } | { readonly ok: false; readonly reason: string };

/** Whether a received command is admitted at `nowMs`; `timeoutMs` 0 disables the age check. */
export function admitCommand(command: VelocityCommand, nowMs: number, timeoutMs: number): Admission {
  if (!Number.isFinite(command.linear) || !Number.isFinite(command.angular)) {
    return { ok: false, reason: `non-finite velocity (linear ${command.linear}, angular ${command.angular}): stopping` };
  }
  const stampMs = command.stampMs === undefined || command.stampMs === 0 ? nowMs : command.stampMs;
  const age = nowMs - stampMs;
  if (timeoutMs > 0 && age > timeoutMs) {
    return { ok: false, reason: `command stamped ${age.toFixed(0)} ms ago is older than cmd_vel_timeout (${timeoutMs} ms): ignored` };
  }
  return { ok: true, command: { linear: command.linear, angular: command.angular, stampMs } };
}

/** True when the last admitted command has expired at `nowMs` (or there is none). */
export function commandExpired(last: Required<VelocityCommand> | undefined, nowMs: number, timeoutMs: number): boolean {
  if (last === undefined) return true;
  return timeoutMs > 0 && nowMs - last.stampMs > timeoutMs;
}
