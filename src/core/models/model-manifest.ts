/**
 * The model manifest's shape and the rules around it: which URL a model has for the installed
 * HailoRT version, where it is cached, and whether its checksum is pinned. HEFs are compiled for
 * one HailoRT (Model Zoo release 5.x.0 for HailoRT 5.x.y; the GenAI HEFs per HailoRT release),
 * so their URLs carry `{model_zoo_version}` or `{hailort_version}`. A sha256 that could not be
 * checked against the published file is `null` with the reason in `unpinned`; `models fetch`
 * then records the hash it downloaded and `models verify` holds the file to it. Pure.
 */
import { z } from "zod";

const name = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, "lowercase letters, digits, '.', '_' and '-'");

export const ModelEntrySchema = z
  .object({
    name,
    task: z.enum(["detection", "depth", "llm"]),
    format: z.enum(["hef", "onnx"]),
    /** hailo10h: a HEF for the Hailo-10H; cpu: an ONNX model for the onnx backend. */
    target: z.enum(["hailo10h", "cpu"]),
    url: z.string().regex(/^https?:\/\/\S+$/, "an http(s) URL"),
    /** The file name in the cache (the archive member's name when `archive` is set). */
    file: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "a plain file name"),
    /** The download is an archive holding the model. */
    archive: z.object({ format: z.literal("zip"), member: z.string().min(1) }).optional(),
    /** sha256 of the downloaded file (the archive itself when `archive` is set), or null: unpinned. */
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/, "64 lowercase hex digits")
      .nullable(),
    /** Why sha256 is null. */
    unpinned: z.string().min(1).optional(),
    sizeBytes: z.number().int().positive().optional(),
    input: z
      .object({ height: z.number().int().positive(), width: z.number().int().positive(), channels: z.number().int().positive() })
      .optional(),
    postprocess: z.enum(["hailo_nms_by_class", "yolo_raw_head", "depth_relative", "llm_chat"]),
    labels: z.enum(["coco80"]).nullable(),
    /** Where the URL and the numbers are documented. */
    source: z.string().min(1),
  })
  .superRefine((entry, ctx) => {
    if (entry.sha256 === null && entry.unpinned === undefined)
      ctx.addIssue({ code: "custom", path: ["unpinned"], message: "a model without sha256 must say why (unpinned)" });
    if (entry.sha256 !== null && entry.unpinned !== undefined)
      ctx.addIssue({ code: "custom", path: ["unpinned"], message: "a pinned model has no 'unpinned' reason" });
    if (entry.task !== "llm" && entry.input === undefined)
      ctx.addIssue({ code: "custom", path: ["input"], message: "vision models give their input size" });
    if ((entry.format === "hef") !== (entry.target === "hailo10h"))
      ctx.addIssue({ code: "custom", path: ["target"], message: "HEFs target hailo10h, ONNX models the cpu" });
  });

export const ModelManifestSchema = z
  .object({
    schema: z.literal(1),
    /** Model Zoo releases that publish Hailo-10H HEFs, e.g. "5.1.0". */
    modelZooReleases: z.array(z.string().regex(/^\d+\.\d+\.\d+$/)).min(1),
    models: z.array(ModelEntrySchema).min(1),
  })
  .superRefine((manifest, ctx) => {
    const seen = new Set<string>();
    manifest.models.forEach((m, i) => {
      if (seen.has(m.name)) ctx.addIssue({ code: "custom", path: ["models", i, "name"], message: `duplicate model name '${m.name}'` });
      seen.add(m.name);
    });
  });

export type ModelEntry = z.infer<typeof ModelEntrySchema>;
export type ModelManifest = z.infer<typeof ModelManifestSchema>;

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export function parseManifest(json: unknown): Result<ModelManifest> {
  const parsed = ModelManifestSchema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
  return { ok: false, error: `the model manifest is invalid: ${issues}` };
}

/** Whether the entry's URL depends on the HailoRT version. */
export function needsHailoRtVersion(entry: ModelEntry): boolean {
  return /\{(model_zoo|hailort)_version\}/.test(entry.url);
}

/** The Model Zoo release for a HailoRT version: 5.x.y runs the HEFs of release 5.x.0. */
export function modelZooReleaseFor(hailortVersion: string, releases: readonly string[]): Result<string> {
  // A third number must follow; unanchored at the end, one digit of it is enough to match.
  const match = /^(\d+)\.(\d+)\.\d/.exec(hailortVersion);
  if (match === null) return { ok: false, error: `'${hailortVersion}' is not a HailoRT version (like 5.1.1)` };
  const release = `${match[1]}.${match[2]}.0`;
  return releases.includes(release)
    ? { ok: true, value: release }
    : {
        ok: false,
        error: `no Hailo Model Zoo release for HailoRT ${hailortVersion} is known (known: ${releases.join(", ")}); install a HailoRT of a known release or add it to the manifest`,
      };
}

export interface ResolvedModel {
  readonly entry: ModelEntry;
  readonly url: string;
  /** Path relative to the cache directory: `hailort-<version>/<file>` for version-bound files. */
  readonly cachePath: string;
}

export function resolveModel(entry: ModelEntry, manifest: ModelManifest, hailortVersion: string | undefined): Result<ResolvedModel> {
  if (!needsHailoRtVersion(entry)) return { ok: true, value: { entry, url: entry.url, cachePath: entry.file } };
  if (hailortVersion === undefined) {
    return {
      ok: false,
      error: `model '${entry.name}' is built for one HailoRT version and none was found here; pass --hailort-version (e.g. 5.1.1, as 'hailortcli --version' prints)`,
    };
  }
  let url = entry.url;
  if (url.includes("{model_zoo_version}")) {
    const release = modelZooReleaseFor(hailortVersion, manifest.modelZooReleases);
    if (!release.ok) return release;
    url = url.replaceAll("{model_zoo_version}", release.value);
  }
  url = url.replaceAll("{hailort_version}", hailortVersion);
  return { ok: true, value: { entry, url, cachePath: `hailort-${hailortVersion}/${entry.file}` } };
}

export function findModel(manifest: ModelManifest, modelName: string): Result<ModelEntry> {
  const entry = manifest.models.find((m) => m.name === modelName);
  return entry !== undefined
    ? { ok: true, value: entry }
    : { ok: false, error: `no model '${modelName}' in the manifest (models: ${manifest.models.map((m) => m.name).join(", ")})` };
}

/** `$HAILO_ROS_CACHE`, else `$XDG_CACHE_HOME/hailo_ros/models`, else `~/.cache/hailo_ros/models`. */
export function modelCacheDir(env: Readonly<Record<string, string | undefined>>, home: string): string {
  if (env.HAILO_ROS_CACHE !== undefined && env.HAILO_ROS_CACHE !== "") return env.HAILO_ROS_CACHE;
  const cache = env.XDG_CACHE_HOME !== undefined && env.XDG_CACHE_HOME.startsWith("/") ? env.XDG_CACHE_HOME : `${home}/.cache`;
  return `${cache}/hailo_ros/models`;
}
