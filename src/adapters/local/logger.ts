/** The local transport's node logger: level threshold, then a sink (stderr lines by default). */
import type { Logger } from "../../ports/ros.ts";

export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogSink = (level: LogLevel, nodeName: string, message: string) => void;

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Writes `[WARN] [/ns/node]: message`, the shape rclcpp's console output has. */
export const stderrLogSink: LogSink = (level, nodeName, message) => {
  process.stderr.write(`[${level.toUpperCase()}] [${nodeName}]: ${message}\n`);
};

export function createLogger(nodeName: string, sink: LogSink, threshold: LogLevel): Logger {
  const at = (level: LogLevel) => (message: string) => {
    if (RANK[level] >= RANK[threshold]) sink(level, nodeName, message);
  };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}
