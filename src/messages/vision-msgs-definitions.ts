/**
 * The `.msg` texts of vision_msgs 4.x (the interface shared by ROS 2 Humble and Jazzy).
 * The package is not part of the common message set we depend on, so its texts live here,
 * keyed by "vision_msgs/Name" like the rest of the registry. Field lists and types follow the
 * package's interface; comments are ours.
 */
export const visionMsgsTexts: Readonly<Record<string, string>> = {
  "vision_msgs/Point2D": `# A point in a 2D image, in pixels (sub-pixel precision allowed).
float64 x
float64 y
`,
  "vision_msgs/Pose2D": `# A 2D pose: position in pixels and a counterclockwise rotation in radians.
vision_msgs/Point2D position
float64 theta
`,
  "vision_msgs/BoundingBox2D": `# A 2D bounding box, possibly rotated about its center, in pixels.

# Position and orientation of the box center.
vision_msgs/Pose2D center

# Full size of the box relative to its center pose.
float64 size_x
float64 size_y
`,
  "vision_msgs/BoundingBox2DArray": `# A list of 2D bounding boxes.
std_msgs/Header header
vision_msgs/BoundingBox2D[] boxes
`,
  "vision_msgs/BoundingBox3D": `# A 3D bounding box that can be positioned and rotated about its center (6 DOF).

# Position and orientation of the box center.
geometry_msgs/Pose center

# Full size of the box in metres, relative to its center pose.
geometry_msgs/Vector3 size
`,
  "vision_msgs/BoundingBox3DArray": `# A list of 3D bounding boxes.
std_msgs/Header header
vision_msgs/BoundingBox3D[] boxes
`,
  "vision_msgs/ObjectHypothesis": `# One class hypothesis for an object.

# The class of the object (a class name or a numeric id written as text).
string class_id

# Confidence of the hypothesis.
float64 score
`,
  "vision_msgs/ObjectHypothesisWithPose": `# A class hypothesis together with the pose of the object.
vision_msgs/ObjectHypothesis hypothesis

# Pose of the object in the header frame of the enclosing detection.
geometry_msgs/PoseWithCovariance pose
`,
  "vision_msgs/Detection2D": `# One 2D detection: class hypotheses and the box that locates them in the image.
std_msgs/Header header

# Class hypotheses; classes not listed have a score of 0.
vision_msgs/ObjectHypothesisWithPose[] results

# Box around the object in the image.
vision_msgs/BoundingBox2D bbox

# Identity kept across messages for the same object; may be empty.
string id
`,
  "vision_msgs/Detection2DArray": `# All 2D detections of one input.
std_msgs/Header header
vision_msgs/Detection2D[] detections
`,
  "vision_msgs/Detection3D": `# One 3D detection: class hypotheses and the box that locates them in space.
std_msgs/Header header

# Class hypotheses; classes not listed have a score of 0.
vision_msgs/ObjectHypothesisWithPose[] results

# Box around the object.
vision_msgs/BoundingBox3D bbox

# Identity kept across messages for the same object; may be empty.
string id
`,
  "vision_msgs/Detection3DArray": `# All 3D detections of one input.
std_msgs/Header header
vision_msgs/Detection3D[] detections
`,
  "vision_msgs/VisionClass": `# Maps a numeric class id to a readable class name.

# The class id; with uint16 ids, 65535 is the "UNLABELED" class.
uint16 class_id

# The class name.
string class_name
`,
  "vision_msgs/LabelInfo": `# The class map of a vision pipeline, so subscribers can turn class ids into names.
std_msgs/Header header

# Class ids and their names.
vision_msgs/VisionClass[] class_map

# Confidence threshold (0..1) the pipeline applied.
float32 threshold
`,
  "vision_msgs/VisionInfo": `# Metadata about a vision pipeline, published latched next to its results.
std_msgs/Header header

# Name of the vision method (detector, classifier, ...).
string method

# Where the class database lives (a file path, URL or parameter name).
string database_location

# Version of that database, bumped whenever it changes.
int32 database_version
`,
  "vision_msgs/Classification": `# Class hypotheses for a whole input, without a position.
std_msgs/Header header
vision_msgs/ObjectHypothesis[] results
`,
};
