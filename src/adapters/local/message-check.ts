/**
 * Publish-time message checking for the local transport: the structural check against the ROS
 * definition, then a CDR round trip, so a message that works locally also serializes for ROS 2.
 */
import { checkMessage, decodeCdr, encodeCdr } from "../../messages/definitions.ts";
import { errorText } from "../ros-common/error-text.ts";

/** Throws an Error naming the topic, the type and (from checkMessage) the field. */
export function checkPublishedMessage(topic: string, type: string, message: unknown): void {
  const structural = checkMessage(type, message);
  if (!structural.ok) {
    throw new Error(`invalid message published on topic "${topic}" (${type}): ${structural.error}`);
  }
  try {
    decodeCdr(type, encodeCdr(type, message));
  } catch (error) {
    throw new Error(`message published on topic "${topic}" (${type}) does not survive a CDR round trip: ${errorText(error)}`, {
      cause: error,
    });
  }
}

/** The same checks for an action's goal, feedback or result ("pkg/Name_Goal", …), naming the action. */
export function checkActionMessage(action: string, part: string, type: string, message: unknown): void {
  const structural = checkMessage(type, message);
  if (!structural.ok) throw new Error(`invalid ${part} for action "${action}" (${type}): ${structural.error}`);
  try {
    decodeCdr(type, encodeCdr(type, message));
  } catch (error) {
    throw new Error(`${part} for action "${action}" (${type}) does not survive a CDR round trip: ${errorText(error)}`, { cause: error });
  }
}
