/** lifecycle_msgs: the managed-node state machine's messages and services (ROS 2 design "Managed nodes"). */

/** lifecycle_msgs/msg/State; ids as in its constants (PRIMARY_STATE_*, TRANSITION_STATE_*). */
export interface LifecycleStateMessage {
  id: number;
  label: string;
}

/** lifecycle_msgs/msg/Transition; ids as in its constants (TRANSITION_*). */
export interface LifecycleTransitionMessage {
  id: number;
  label: string;
}

/** lifecycle_msgs/msg/TransitionDescription */
export interface TransitionDescription {
  transition: LifecycleTransitionMessage;
  start_state: LifecycleStateMessage;
  goal_state: LifecycleStateMessage;
}

/** lifecycle_msgs/msg/TransitionEvent, published on `~/transition_event` for every state change. */
export interface TransitionEvent {
  /** Nanoseconds since the epoch (uint64: a bigint; rclnodejs delivers one). */
  timestamp: bigint | number;
  transition: LifecycleTransitionMessage;
  start_state: LifecycleStateMessage;
  goal_state: LifecycleStateMessage;
}
