/**
 * The `.msg` texts of hailo_ros_msgs, the interface package in msgs/ (keyed "hailo_ros_msgs/Name"
 * like the rest of the registry), so the local runtime and MCAP know our messages without a ROS
 * install. A test keeps them equal to the files in msgs/; the `.action` texts are in
 * action-definitions.ts.
 */
export const hailoRosMsgsTexts: Readonly<Record<string, string>> = {
  "hailo_ros_msgs/RobotCommandStep": `# One step of a hailo_ros robot command: the fields of the JSON contract's commands, flattened.
# Fields that do not belong to the step's action are 0 or ''.

string ACTION_STOP=stop
string ACTION_MOVE=move
string ACTION_TURN=turn
string ACTION_DRIVE=drive
string ACTION_GOTO=goto
string ACTION_FOLLOW=follow
string ACTION_FIND=find
string ACTION_DESCRIBE=describe

# stop, move, turn, drive, goto, follow, find or describe
string action

# move: signed distance, m (+ forward, - backward)
float64 distance_m
# move: cruise speed, m/s (0: the executor's default)
float64 speed_mps

# turn: signed angle, rad (+ left / counter-clockwise, REP-103)
float64 angle_rad
# turn: turn rate, rad/s (0: the executor's default)
float64 angular_speed_rps

# drive: velocity held for a duration
float64 linear_mps
float64 angular_rps
float64 duration_s

# goto, follow, find: the detector's label (e.g. person)
string target
`,
  "hailo_ros_msgs/RobotCommand": `# A validated robot command. A single command is one step; a sequence is its steps in order
# (is_sequence tells a one-step sequence from a single command, as the JSON form does).

std_msgs/Header header

# The utterance it was interpreted from ('' when given as a command)
string text
# grammar or llm ('' when given as a command)
string parser

bool is_sequence
RobotCommandStep[] steps
`,
};
