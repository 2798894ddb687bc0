/**
 * The `.action` texts of the action types in `ActionTypes` (from the installed ROS 2 Jazzy;
 * `test/messages` runs them through the rosidl parser). Each text holds goal, result and feedback,
 * separated by `---`; the registry knows the three parts as "pkg/Name_Goal", "pkg/Name_Result"
 * and "pkg/Name_Feedback", the names rosidl gives the generated messages.
 */
import type { ActionTypeName } from "./types.ts";

export const actionTexts: Readonly<Record<ActionTypeName, string>> = {
  "example_interfaces/action/Fibonacci": `# Goal
int32 order
---
# Result
int32[] sequence
---
# Feedback
int32[] sequence
`,
  // hailo_ros_msgs: kept equal to the files in msgs/action/ by a test.
  "hailo_ros_msgs/action/ExecuteCommand": `# Goal: text to interpret and run, or (text empty) the command itself.
string text
RobotCommand command
---
# Result
bool success
# What was done, each step's outcome and every limit applied
string message
# The command that ran
RobotCommand command
---
# Feedback
# moving, turning, driving, searching, waiting, approaching, centering, following, describing
string phase
# 0..1 over the whole command
float32 progress
# 0-based index of the running step, and the number of steps
uint32 step
uint32 steps
`,
  "hailo_ros_msgs/action/Generate": `# Goal: a prompt for the node's LLM.
string prompt
# '' for none
string system_prompt
# 0: the backend's default
uint32 max_tokens
---
# Result
string text
uint32 tokens
# logical_end, max_tokens or aborted
string end_reason
---
# Feedback: the text so far, as it streams
string text
uint32 tokens
`,
};

export interface ActionPartNames {
  /** "pkg/Name_Goal" */
  readonly goal: string;
  readonly result: string;
  readonly feedback: string;
}

/** The registry names of an action's goal, result and feedback messages. */
export function actionPartNames(type: string): ActionPartNames {
  const [pkg, kind, name] = type.split("/");
  if (pkg === undefined || kind !== "action" || name === undefined) {
    throw new Error(`action type "${type}" is not of the form "package/action/Name"`);
  }
  const base = `${pkg}/${name}`;
  return { goal: `${base}_Goal`, result: `${base}_Result`, feedback: `${base}_Feedback` };
}

let partTexts: Map<string, string> | undefined;

/** The `.msg`-style text of one part ("pkg/Name_Goal"), or undefined if no action has it. */
export function actionPartText(partName: string): string | undefined {
  if (partTexts === undefined) {
    partTexts = new Map();
    for (const [type, text] of Object.entries(actionTexts)) {
      const sections = text.split(/^---$/m);
      if (sections.length !== 3) throw new Error(`action text of ${type} must have goal, result and feedback sections`);
      const names = actionPartNames(type);
      const [goal, result, feedback] = sections as [string, string, string];
      partTexts.set(names.goal, goal.trimStart());
      partTexts.set(names.result, result.trimStart());
      partTexts.set(names.feedback, feedback.trimStart());
    }
  }
  return partTexts.get(partName);
}
