// Says once, at install time, which devices hailort-node was built with (npm hides the output of
// a dependency's own build). A missing addon is reported, not fatal: `npm rebuild hailort-node` fixes it.
import("hailort-node").then(
  ({ isHailoAvailable }) => {
    const hailo = isHailoAvailable();
    process.stdout.write(
      hailo.available
        ? "hailort-node: built with HailoRT (real Hailo-10H device) and the simulated device\n"
        : `hailort-node: built with the simulated device only. ${hailo.reason}\n`,
    );
  },
  (error) => {
    process.stderr.write(`hailort-node: ${error.message}\n`);
  },
);
