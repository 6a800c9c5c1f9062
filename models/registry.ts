/**
 * Model registry: which Whisper models exist, where their files live, which dtype each uses,
 * and whether a model folder is complete. Reads models/manifest.json (validated with zod).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** ONNX weight precisions Transformers.js can load, with their file-name suffix. */
export const DTYPE_SUFFIX = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
} as const;

/** Weight precision of a model's ONNX files. */
export type ModelDtype = keyof typeof DTYPE_SUFFIX;

/** `org/name` with no `.`/`..` path tricks: both parts start with a letter or digit. */
const MODEL_ID = /^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*$/;

const dtypeSchema = z.enum(Object.keys(DTYPE_SUFFIX) as [ModelDtype, ...ModelDtype[]]);

/** Validate a `--dtype` option; undefined keeps the model's own dtype. */
export function parseModelDtype(value: string | undefined): ModelDtype | undefined {
  if (value === undefined) return undefined;
  const parsed = dtypeSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const known = dtypeSchema.options.join(', ');
  throw new Error(`未知的权重精度 ${value}（可用：${known}）/ unknown dtype ${value} (known: ${known})`);
}

const pinnedFileSchema = z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int().nonnegative() });

const modelSpecSchema = z.object({
  /** Hugging Face repo id, also the folder under the models dir (e.g. Xenova/whisper-small). */
  repo: z.string().regex(MODEL_ID),
  revision: z.string().nullable(),
  dtype: dtypeSchema,
  approxDownloadMB: z.number(),
  parametersM: z.number(),
  /** Published character error rate on AISHELL-1 test (0..1), when known. */
  cerAishell1: z.number().nullable(),
  note: z.string(),
  /** Pinned files (path inside the model folder → hash and size), or null when not pinned. */
  files: z.record(z.string(), pinnedFileSchema).nullable(),
});

const manifestSchema = z.object({
  schemaVersion: z.literal(1),
  defaultModel: z.string(),
  models: z.record(z.string(), modelSpecSchema),
});

/** One model entry of the manifest. */
export type ModelSpec = z.infer<typeof modelSpecSchema>;
/** The whole manifest. */
export type ModelManifest = z.infer<typeof manifestSchema>;
/** A pinned file's expected hash and size. */
export type PinnedFile = z.infer<typeof pinnedFileSchema>;

const MANIFEST_PATH = fileURLToPath(new URL('./manifest.json', import.meta.url));

let cached: ModelManifest | null = null;

/** Load and validate models/manifest.json (cached). */
export function loadManifest(file = MANIFEST_PATH): ModelManifest {
  if (file === MANIFEST_PATH && cached) return cached;
  const parsed = manifestSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.models[parsed.defaultModel]) throw new Error(`manifest default model ${parsed.defaultModel} is not listed`);
  if (file === MANIFEST_PATH) cached = parsed;
  return parsed;
}

/** Where model folders live: LUOSHI_MODELS_DIR, else <project>/models/cache. */
export function defaultModelsDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env['LUOSHI_MODELS_DIR'];
  return fromEnv ? path.resolve(fromEnv) : fileURLToPath(new URL('./cache', import.meta.url));
}

/** A model chosen by name, repo id or custom folder id. */
export interface ResolvedModel {
  /** Manifest key (e.g. whisper-small), or the id itself for a model not in the manifest. */
  name: string;
  /** Id passed to Transformers.js, equal to the folder path below the models dir. */
  localId: string;
  dtype: ModelDtype;
  spec: ModelSpec | null;
}

/**
 * Resolve `whisper-small`, `Xenova/whisper-small` or any `org/name` folder id. Unknown
 * `org/name` ids are allowed (a model copied in by hand) and use the given `dtype`, else q8.
 */
export function resolveModel(id: string, dtype?: ModelDtype, manifest = loadManifest()): ResolvedModel {
  const byName = manifest.models[id];
  if (byName) return { name: id, localId: byName.repo, dtype: dtype ?? byName.dtype, spec: byName };
  for (const [name, spec] of Object.entries(manifest.models)) {
    if (spec.repo === id) return { name, localId: spec.repo, dtype: dtype ?? spec.dtype, spec };
  }
  if (MODEL_ID.test(id)) return { name: id, localId: id, dtype: dtype ?? 'q8', spec: null };
  const known = Object.keys(manifest.models).join(', ');
  throw new Error(`未知的语音识别模型 ${id}（可用：${known}）/ unknown model ${id} (known: ${known})`);
}

/** Files a Whisper model folder needs for Transformers.js with the given dtype. */
export function requiredFiles(dtype: ModelDtype): string[] {
  const suffix = DTYPE_SUFFIX[dtype];
  return [
    'config.json',
    'generation_config.json',
    'preprocessor_config.json',
    'tokenizer.json',
    'tokenizer_config.json',
    `onnx/encoder_model${suffix}.onnx`,
    `onnx/decoder_model_merged${suffix}.onnx`,
  ];
}

/** Folder of a model below the models dir. */
export function modelDir(modelsDir: string, model: ResolvedModel): string {
  return path.join(modelsDir, ...model.localId.split('/'));
}

/** Which required files are missing from a model's folder (empty = complete). */
export function missingModelFiles(modelsDir: string, model: ResolvedModel): string[] {
  const dir = modelDir(modelsDir, model);
  return requiredFiles(model.dtype).filter((f) => !existsSync(path.join(dir, f)));
}
