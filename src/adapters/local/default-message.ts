/**
 * A default-constructed message (zeros, empty strings and arrays, fixed arrays filled), as a ROS 2
 * message class constructs it: the result an action sends when its handler throws.
 */
import { messageDefinitions, type MessageDefinition } from "../../messages/definitions.ts";

export function defaultMessage(type: string): Record<string, unknown> {
  const definitions = messageDefinitions(type);
  const byName = new Map(definitions.map((d) => [d.name ?? "", d]));
  const build = (definition: MessageDefinition): Record<string, unknown> => {
    const message: Record<string, unknown> = {};
    for (const field of definition.definitions) {
      if (field.isConstant === true) continue;
      const one = (): unknown => {
        if (field.isComplex === true) {
          const nested = byName.get(field.type);
          if (nested === undefined) throw new Error(`no definition of ${field.type} (in ${type})`);
          return build(nested);
        }
        if (field.type === "string" || field.type === "wstring") return "";
        if (field.type === "bool") return false;
        if (field.type === "time" || field.type === "duration") return { sec: 0, nanosec: 0 };
        return 0;
      };
      message[field.name] = field.isArray === true ? Array.from({ length: field.arrayLength ?? 0 }, one) : one();
    }
    return message;
  };
  const root = definitions[0];
  if (root === undefined) throw new Error(`no definition of ${type}`);
  return build(root);
}
