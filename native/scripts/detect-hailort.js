// binding.gyp helper. Usage: node scripts/detect-hailort.js found|include|libdir|library|reason|report
import { detectHailort } from "./hailort-location.js";

const what = process.argv[2] ?? "report";
const result = detectHailort();
switch (what) {
  case "found":
    process.stdout.write(result.found ? "1" : "0");
    break;
  case "include":
    process.stdout.write(result.found ? result.include : "");
    break;
  case "library":
    process.stdout.write(result.found ? result.library : "");
    break;
  case "libdir":
    process.stdout.write(result.found ? result.libdir : "");
    break;
  case "reason":
    process.stdout.write(result.found ? "" : result.reasons.join("; "));
    break;
  default:
    process.stdout.write(JSON.stringify(result, null, 2) + "\n");
}
