/** example_interfaces/action/Fibonacci, an action type every ROS 2 install has (used by the contract tests). */

/** int32[] fields arrive as Int32Array from rclnodejs (typed arrays on); either form can be sent. */
export interface FibonacciGoal {
  order: number;
}
export interface FibonacciResult {
  sequence: Int32Array | number[];
}
export interface FibonacciFeedback {
  sequence: Int32Array | number[];
}
