/** A node's model state folded into its stream diagnostics: a model that is down makes them ERROR until it serves again. */
import { DiagnosticLevel, type DiagnosticArray } from "../../messages/diagnostic_msgs.ts";
import type { ModelStatus } from "./scheduled-model.ts";

export function withModelStatus(diagnostics: DiagnosticArray, status: ModelStatus): DiagnosticArray {
  for (const s of diagnostics.status) {
    s.values.push({ key: "model", value: status.kind });
    if (status.kind === "down") {
      s.level = DiagnosticLevel.ERROR;
      s.message = `model down (${status.error}); reloading in ${status.retryInMs} ms`;
    } else if (status.kind === "serving" && status.reloads > 0) {
      s.values.push({ key: "model reloads", value: String(status.reloads) });
    }
  }
  return diagnostics;
}
