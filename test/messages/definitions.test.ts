import assert from "node:assert/strict";
import { parse } from "@foxglove/rosmsg";
import { MessageWriter } from "@foxglove/rosmsg2-serialization";
import {
  checkMessage,
  decodeCdr,
  definitionNameOf,
  encodeCdr,
  messageDefinitions,
  ros2msgSchema,
  rosTypeOfSchemaName,
} from "../../src/messages/definitions.ts";
import type { MessageOf, MessageTypeName } from "../../src/messages/types.ts";

const header = (frame = "camera_color_optical_frame") => ({ stamp: { sec: 1_700_000_000, nanosec: 123_456_789 }, frame_id: frame });

const pose = () => ({ position: { x: 1.5, y: -2, z: 0.25 }, orientation: { x: 0, y: 0, z: 0.5, w: 0.75 } });

const covariance = () => Float64Array.from({ length: 36 }, (_, i) => i / 4);

/** One sample per type; the mapped type makes the compiler insist every MessageTypes entry is here. */
const samples: { [K in MessageTypeName]: MessageOf<K> } = {
  "std_msgs/msg/Header": header("map"),
  "std_msgs/msg/String": { data: "go to the kitchen ✓" },
  "sensor_msgs/msg/Image": {
    header: header(),
    height: 2,
    width: 3,
    encoding: "rgb8",
    is_bigendian: 0,
    step: 9,
    data: Uint8Array.from({ length: 18 }, (_, i) => i * 13),
  },
  "sensor_msgs/msg/JointState": {
    header: header("base_link"),
    name: ["left_wheel_joint", "right_wheel_joint"],
    position: new Float64Array(0),
    velocity: Float64Array.from([4.5, -2.25]),
    effort: new Float64Array(0),
  },
  "sensor_msgs/msg/CameraInfo": {
    header: header(),
    height: 480,
    width: 640,
    distortion_model: "plumb_bob",
    d: Float64Array.from([0.1, -0.05, 0, 0, 0.001]),
    k: Float64Array.from([525, 0, 319.5, 0, 525, 239.5, 0, 0, 1]),
    r: Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]),
    p: Float64Array.from([525, 0, 319.5, 0, 0, 525, 239.5, 0, 0, 0, 1, 0]),
    binning_x: 0,
    binning_y: 0,
    roi: { x_offset: 0, y_offset: 0, height: 0, width: 0, do_rectify: false },
  },
  "visualization_msgs/msg/MarkerArray": {
    markers: [
      {
        header: header(),
        ns: "labels",
        id: 3,
        type: 9,
        action: 0,
        pose: pose(),
        scale: { x: 0, y: 0, z: 0.1 },
        color: { r: 1, g: 0.5, b: 0.25, a: 1 },
        lifetime: { sec: 0, nanosec: 500_000_000 },
        frame_locked: false,
        points: [
          { x: 1, y: 2, z: 3 },
          { x: -1, y: 0.5, z: 2 },
        ],
        colors: [],
        texture_resource: "",
        texture: { header: header(""), format: "", data: new Uint8Array(0) },
        uv_coordinates: [],
        text: "chair #4 0.91 2.35 m",
        mesh_resource: "",
        mesh_file: { filename: "", data: new Uint8Array(0) },
        mesh_use_embedded_materials: false,
      },
    ],
  },
  "sensor_msgs/msg/PointCloud2": {
    header: header(),
    height: 2,
    width: 1,
    fields: [
      { name: "x", offset: 0, datatype: 7, count: 1 },
      { name: "y", offset: 4, datatype: 7, count: 1 },
      { name: "z", offset: 8, datatype: 7, count: 1 },
    ],
    is_bigendian: false,
    point_step: 12,
    row_step: 12,
    data: new Uint8Array(new Float32Array([0.5, -0.25, 2, Number.NaN, Number.NaN, Number.NaN]).buffer),
    is_dense: false,
  },
  "sensor_msgs/msg/CompressedImage": { header: header(), format: "jpeg", data: new Uint8Array([0xff, 0xd8, 0xff, 0xd9]) },
  "vision_msgs/msg/Detection2DArray": {
    header: header(),
    detections: [
      {
        header: header(),
        results: [{ hypothesis: { class_id: "person", score: 0.875 }, pose: { pose: pose(), covariance: covariance() } }],
        bbox: { center: { position: { x: 320.5, y: 240 }, theta: 0 }, size_x: 64, size_y: 128 },
        id: "7",
      },
      { header: header(), results: [], bbox: { center: { position: { x: 0, y: 0 }, theta: 0.5 }, size_x: 1, size_y: 1 }, id: "" },
    ],
  },
  "vision_msgs/msg/Detection3DArray": {
    header: header(),
    detections: [
      {
        header: header(),
        results: [{ hypothesis: { class_id: "cup", score: 0.5 }, pose: { pose: pose(), covariance: covariance() } }],
        bbox: { center: pose(), size: { x: 0.1, y: 0.1, z: 0.2 } },
        id: "cup-1",
      },
    ],
  },
  "vision_msgs/msg/LabelInfo": {
    header: header(),
    class_map: [
      { class_id: 0, class_name: "person" },
      { class_id: 65535, class_name: "UNLABELED" },
    ],
    threshold: 0.25,
  },
  "diagnostic_msgs/msg/DiagnosticArray": {
    header: header(""),
    status: [
      { level: 1, name: "hailo: accelerator", message: "warm", hardware_id: "hailo10h", values: [{ key: "temp_c", value: "71.5" }] },
    ],
  },
  "geometry_msgs/msg/Twist": { linear: { x: 0.2, y: 0, z: 0 }, angular: { x: 0, y: 0, z: -0.75 } },
  "geometry_msgs/msg/TwistStamped": {
    header: header("base_link"),
    twist: { linear: { x: 0.2, y: 0, z: 0 }, angular: { x: 0, y: 0, z: -0.75 } },
  },
  "lifecycle_msgs/msg/TransitionEvent": {
    timestamp: 1_700_000_000_123_456_789n,
    transition: { id: 1, label: "configure" },
    start_state: { id: 1, label: "unconfigured" },
    goal_state: { id: 10, label: "configuring" },
  },
  "nav_msgs/msg/Odometry": {
    header: header("odom"),
    child_frame_id: "base_link",
    pose: { pose: pose(), covariance: covariance() },
    twist: { twist: { linear: { x: 0.2, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0.1 } }, covariance: covariance() },
  },
  "hailo_ros_msgs/msg/RobotCommand": {
    header: header(""),
    text: "go forward one meter then find the cup",
    parser: "grammar",
    is_sequence: true,
    steps: [
      {
        action: "move",
        distance_m: 1,
        speed_mps: 0,
        angle_rad: 0,
        angular_speed_rps: 0,
        linear_mps: 0,
        angular_rps: 0,
        duration_s: 0,
        target: "",
      },
      {
        action: "find",
        distance_m: 0,
        speed_mps: 0,
        angle_rad: 0,
        angular_speed_rps: 0,
        linear_mps: 0,
        angular_rps: 0,
        duration_s: 0,
        target: "cup",
      },
    ],
  },
};

/** Parsers differ in whether absent attributes are left out or set to undefined. */
const withoutUndefined = (fields: readonly object[] | undefined) =>
  fields?.map((field) => Object.fromEntries(Object.entries(field).filter(([, value]) => value !== undefined)));

const typeNames = Object.keys(samples) as MessageTypeName[];

describe("messages/definitions", () => {
  describe("CDR round trip", () => {
    for (const type of typeNames) {
      it(`decodes what it encodes for ${type}`, () => {
        const bytes = encodeCdr(type, samples[type]);
        assert.ok(bytes.byteLength > 4);
        assert.deepStrictEqual(decodeCdr(type, bytes), samples[type]);
      });
    }

    it("accepts plain number arrays where typed arrays decode", () => {
      const sample = samples["sensor_msgs/msg/Image"];
      const decoded = decodeCdr("sensor_msgs/msg/Image", encodeCdr("sensor_msgs/msg/Image", { ...sample, data: [...sample.data] }));
      assert.deepStrictEqual(decoded, sample);
    });

    it("writes time as int32 sec then uint32 nanosec after the encapsulation header", () => {
      const bytes = encodeCdr("std_msgs/msg/Header", { stamp: { sec: 2, nanosec: 3 }, frame_id: "" });
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      assert.equal(view.getInt32(4, true), 2);
      assert.equal(view.getUint32(8, true), 3);
    });
  });

  describe("messageDefinitions", () => {
    for (const type of typeNames) {
      it(`lists ${type} first, then each dependency once`, () => {
        const definitions = messageDefinitions(type);
        assert.equal(definitions[0]?.name, definitionNameOf(type));
        const names = definitions.map((definition) => definition.name);
        assert.equal(new Set(names).size, names.length);
        for (const definition of definitions) {
          for (const field of definition.definitions) {
            if (field.isComplex === true) assert.ok(names.includes(field.type), `${definition.name}.${field.name}: ${field.type} missing`);
          }
        }
      });
    }

    it("types vision_msgs fields as the package does", () => {
      const field = (type: string, name: string) =>
        messageDefinitions(type)[0]?.definitions.find((candidate) => candidate.name === name)?.type;
      assert.equal(field("vision_msgs/msg/LabelInfo", "threshold"), "float32");
      assert.equal(field("vision_msgs/VisionClass", "class_id"), "uint16");
      assert.equal(field("vision_msgs/ObjectHypothesis", "class_id"), "string");
      assert.equal(field("vision_msgs/ObjectHypothesisWithPose", "pose"), "geometry_msgs/PoseWithCovariance");
      assert.equal(field("vision_msgs/BoundingBox2D", "center"), "vision_msgs/Pose2D");
      assert.equal(field("vision_msgs/Pose2D", "position"), "vision_msgs/Point2D");
      assert.equal(field("vision_msgs/VisionInfo", "database_version"), "int32");
      assert.deepEqual(
        messageDefinitions("vision_msgs/msg/Detection3DArray")
          .find((definition) => definition.name === "vision_msgs/Detection3D")
          ?.definitions.map((f) => f.name),
        ["header", "results", "bbox", "id"],
      );
    });

    it("names the unknown type and how to add it", () => {
      assert.throws(() => messageDefinitions("nope_msgs/msg/Nothing"), /unknown message type nope_msgs\/Nothing.*definitions\.ts/);
    });
  });

  describe("ros2msgSchema", () => {
    const separator = "=".repeat(80);

    for (const type of typeNames) {
      it(`holds every dependency of ${type} exactly once, each after its first use`, () => {
        const schema = ros2msgSchema(type);
        assert.equal(schema.name, type);
        assert.equal(schema.encoding, "ros2msg");
        const sections = schema.data.split(`\n${separator}\n`);
        const sectionNames = sections.slice(1).map((section) => section.split("\n")[0]);
        for (const name of sectionNames) assert.match(name ?? "", /^MSG: [a-z_]+\/[A-Za-z0-9]+$/);
        const dependencyNames = sectionNames.map((name) => name?.slice("MSG: ".length));
        assert.equal(new Set(dependencyNames).size, dependencyNames.length, "a dependency is repeated");
        const expected = messageDefinitions(type)
          .slice(1)
          .map((definition) => definition.name);
        assert.deepEqual([...dependencyNames].sort(), [...expected].sort());
        // Valid order: a dependency's section appears after a section that refers to it.
        dependencyNames.forEach((name, index) => {
          const earlier = sections.slice(0, index + 1).join("\n");
          const shortName = name?.split("/")[1] ?? "";
          assert.ok(new RegExp(`(^|\\n)\\s*(${name}|${shortName})(\\[[^\\]]*\\])?\\s`).test(earlier), `${name} used before defined`);
        });
      });

      it(`parses back into the same definitions for ${type}`, () => {
        const parsed = parse(ros2msgSchema(type).data, { ros2: true });
        const byName = new Map(parsed.map((definition) => [definition.name ?? "(root)", definition.definitions]));
        for (const [index, definition] of messageDefinitions(type).entries()) {
          if (definition.name === "builtin_interfaces/Time") continue; // parsed as the primitive "time"
          const name = index === 0 ? "(root)" : definition.name;
          assert.deepEqual(withoutUndefined(byName.get(name ?? "")), withoutUndefined(definition.definitions), `${name} differs`);
        }
      });
    }

    it("writes the top-level text first, without a delimiter, and dependencies depth first", () => {
      const data = ros2msgSchema("std_msgs/msg/Header").data;
      assert.ok(!data.startsWith(separator));
      assert.ok(data.includes(`\n${separator}\nMSG: builtin_interfaces/Time\n`));
      const twist = ros2msgSchema("geometry_msgs/msg/TwistStamped").data;
      const order = [...twist.matchAll(/^MSG: (.+)$/gm)].map((match) => match[1]);
      assert.deepEqual(order, ["geometry_msgs/Twist", "geometry_msgs/Vector3", "std_msgs/Header", "builtin_interfaces/Time"]);
    });

    it("maps schema names between ROS 2 and definition forms", () => {
      assert.equal(rosTypeOfSchemaName("sensor_msgs/Image"), "sensor_msgs/msg/Image");
      assert.equal(rosTypeOfSchemaName("sensor_msgs/msg/Image"), "sensor_msgs/msg/Image");
      assert.equal(definitionNameOf("sensor_msgs/msg/Image"), "sensor_msgs/Image");
    });
  });

  describe("checkMessage", () => {
    for (const type of typeNames) {
      it(`accepts the ${type} sample`, () => assert.deepEqual(checkMessage(type, samples[type]), { ok: true }));
    }

    const detections = samples["vision_msgs/msg/Detection2DArray"];
    const firstDetection = detections.detections[0]!;
    const withDetection = (change: (d: Record<string, unknown>) => void): unknown => {
      const copy = structuredClone(firstDetection) as unknown as Record<string, unknown>;
      change(copy);
      return { ...detections, detections: [copy] };
    };
    const image = samples["sensor_msgs/msg/Image"];

    const bad: Array<{ name: string; type: MessageTypeName; message: unknown; error: RegExp }> = [
      {
        name: "a string where a float64 belongs",
        type: "vision_msgs/msg/Detection2DArray",
        message: withDetection((d) => ((d.bbox as any).center.position.x = "3")),
        error: /^detections\[0\]\.bbox\.center\.position\.x: expected float64, got string$/,
      },
      {
        name: "an unknown field",
        type: "vision_msgs/msg/Detection2DArray",
        message: withDetection((d) => (d.confidence = 1)),
        error: /^detections\[0\]\.confidence: unknown field of vision_msgs\/Detection2D/,
      },
      {
        name: "a missing field",
        type: "vision_msgs/msg/Detection2DArray",
        message: withDetection((d) => delete d.id),
        error: /^detections\[0\]\.id: missing field of type string$/,
      },
      {
        name: "a short fixed-length covariance",
        type: "vision_msgs/msg/Detection2DArray",
        message: withDetection((d) => ((d.results as any)[0].pose.covariance = [1, 2, 3])),
        error: /^detections\[0\]\.results\[0\]\.pose\.covariance: expected exactly 36 elements of float64, got 3$/,
      },
      {
        name: "a typed array of the wrong kind",
        type: "vision_msgs/msg/Detection2DArray",
        message: withDetection((d) => ((d.results as any)[0].pose.covariance = new Float32Array(36))),
        error: /covariance: expected float64\[\] \(an array or Float64Array\), got Float32Array$/,
      },
      {
        name: "an out-of-range uint16",
        type: "vision_msgs/msg/LabelInfo",
        message: { ...samples["vision_msgs/msg/LabelInfo"], class_map: [{ class_id: 65536, class_name: "x" }] },
        error: /^class_map\[0\]\.class_id: expected uint16 \(an integer in 0\.\.65535\), got number 65536$/,
      },
      {
        name: "a fractional uint32",
        type: "sensor_msgs/msg/Image",
        message: { ...image, width: 3.5 },
        error: /^width: expected uint32/,
      },
      {
        name: "a negative nanosec",
        type: "std_msgs/msg/Header",
        message: { stamp: { sec: 0, nanosec: -1 }, frame_id: "" },
        error: /^stamp\.nanosec: expected uint32/,
      },
      {
        name: "a ROS 1 style time",
        type: "std_msgs/msg/Header",
        message: { stamp: { sec: 0, nsec: 1 }, frame_id: "" },
        error: /^stamp\.nsec: unknown field/,
      },
      {
        name: "a boolean where a string belongs",
        type: "std_msgs/msg/String",
        message: { data: true },
        error: /^data: expected string, got boolean$/,
      },
      {
        name: "image bytes as a string",
        type: "sensor_msgs/msg/Image",
        message: { ...image, data: "abc" },
        error: /^data: expected uint8\[\] \(an array or Uint8Array\), got string$/,
      },
      {
        name: "a byte out of range in a plain array",
        type: "sensor_msgs/msg/Image",
        message: { ...image, data: [1, 2, 256] },
        error: /^data\[2\]: expected uint8/,
      },
      {
        name: "null for a nested message",
        type: "geometry_msgs/msg/TwistStamped",
        message: { ...samples["geometry_msgs/msg/TwistStamped"], twist: null },
        error: /^twist: expected geometry_msgs\/Twist, got null$/,
      },
      {
        name: "an object where an array belongs",
        type: "diagnostic_msgs/msg/DiagnosticArray",
        message: { header: header(), status: {} },
        error: /^status: expected diagnostic_msgs\/DiagnosticStatus\[\] \(an array\), got object$/,
      },
      {
        name: "not an object at all",
        type: "std_msgs/msg/String",
        message: "hello",
        error: /^\(message\): expected a std_msgs\/msg\/String object, got string$/,
      },
    ];

    for (const { name, type, message, error } of bad) {
      it(`rejects ${name}`, () => {
        const result = checkMessage(type, message);
        assert.equal(result.ok, false);
        if (!result.ok) assert.match(result.error, error);
      });
    }
  });
});

describe("messages/definitions encodeCdr", () => {
  // Our writer exists only for UTF-8 strings; on ASCII text it must match the reference writer byte for byte.
  for (const type of typeNames.filter((t) => t !== "std_msgs/msg/String")) {
    it(`writes the same bytes as @foxglove/rosmsg2-serialization for ${type}`, () => {
      assert.deepEqual(encodeCdr(type, samples[type]), new MessageWriter(messageDefinitions(type)).writeMessage(samples[type]));
    });
  }

  it("keeps non-ASCII text intact and sizes strings in UTF-8 bytes", () => {
    const bytes = encodeCdr("std_msgs/msg/String", { data: "é✓" });
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    assert.equal(view.getUint32(4, true), 2 + 3 + 1);
    assert.deepEqual(decodeCdr("std_msgs/msg/String", bytes), { data: "é✓" });
  });

  it("aligns float64 after a string relative to the encapsulation header", () => {
    // After the header: stamp 0..8, frame_id length 8..12, "a\0" 12..14, so x is 8-aligned at 16.
    const bytes = encodeCdr("geometry_msgs/msg/TwistStamped", {
      header: { stamp: { sec: 0, nanosec: 0 }, frame_id: "a" },
      twist: { linear: { x: 1.25, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } },
    });
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    assert.equal(view.getFloat64(4 + 16, true), 1.25);
    assert.equal(bytes.byteLength, 4 + 16 + 6 * 8);
  });

  it("names the offending field instead of writing zeros", () => {
    assert.throws(
      () =>
        encodeCdr("geometry_msgs/msg/TwistStamped", { header: header(), twist: { linear: { x: 1, y: 0 }, angular: { x: 0, y: 0, z: 0 } } }),
      /cannot encode geometry_msgs\/msg\/TwistStamped: twist\.linear\.z: missing field of type float64/,
    );
  });
});
