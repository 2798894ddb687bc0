/** HailoRT versions as installed: from the library's file name (libhailort.so.5.1.1). Pure. */

/** "libhailort.so.5.1.1" → "5.1.1"; undefined for other names. */
export function hailortVersionOfLibrary(fileName: string): string | undefined {
  return /^libhailort\.so\.(\d+\.\d+\.\d+)$/.exec(fileName)?.[1];
}

/** The highest of several versions (e.g. two installed libraries). */
export function newestVersion(versions: readonly string[]): string | undefined {
  const parts = (v: string) => v.split(".").map(Number);
  return [...versions].sort((a, b) => {
    const [x, y] = [parts(a), parts(b)];
    for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return (y[i] ?? 0) - (x[i] ?? 0);
    return 0;
  })[0];
}
