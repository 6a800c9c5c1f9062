/**
 * Download a Whisper model for offline use and verify it.
 *
 *   npm run models:fetch -- whisper-small [--dtype q8]       download into LUOSHI_MODELS_DIR (default models/cache)
 *   npm run models:fetch -- whisper-small --verify-only      check a copied-in folder against the manifest
 *   npm run models:fetch -- --list                            list known models
 *
 * Needs the hub (HF_ENDPOINT, default https://huggingface.co) only for downloading; on an
 * offline intranet copy the folder in instead (docs/transcription.md) and run --verify-only.
 */
import { parseArgs } from 'node:util';
import { fetchModelFiles } from '../../models/fetch.ts';
import { defaultModelsDir, loadManifest, modelDir, parseModelDtype, requiredFiles, resolveModel } from '../../models/registry.ts';
import { verifyModelFolder } from '../../models/verify.ts';

/** Tokenizer files Transformers.js reads when present. */
const OPTIONAL_FILES = ['special_tokens_map.json', 'added_tokens.json', 'vocab.json', 'merges.txt', 'normalizer.json'];

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      dtype: { type: 'string' },
      'verify-only': { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      'models-dir': { type: 'string' },
    },
  });
  const manifest = loadManifest();
  if (values.list) {
    for (const [name, spec] of Object.entries(manifest.models)) {
      process.stdout.write(`${name}\t${spec.repo}\t${spec.dtype}\t~${spec.approxDownloadMB} MB\t${spec.note}\n`);
    }
    return 0;
  }
  const id = positionals[0] ?? manifest.defaultModel;
  const model = resolveModel(id, parseModelDtype(values.dtype));
  const modelsDir = values['models-dir'] ?? defaultModelsDir();
  const dir = modelDir(modelsDir, model);
  const pinned = model.spec?.files ?? null;

  if (values['verify-only']) {
    if (!pinned) {
      process.stderr.write(`${id}: 清单中没有固定哈希 / no pinned hashes in models/manifest.json; download with this tool to verify against the hub\n`);
      return 2;
    }
    const result = await verifyModelFolder(dir, pinned);
    for (const f of result.files) process.stdout.write(`${f.status}\t${f.file}\n`);
    process.stdout.write(result.ok ? `OK ${id} (${dir})\n` : `FAILED ${id} (${dir})\n`);
    return result.ok ? 0 : 1;
  }

  if (!model.spec?.revision) {
    process.stderr.write(`${id} 不在模型中心，请直接复制文件夹 / is not on the hub; copy its folder in instead\n`);
    return 2;
  }
  const endpoint = process.env['HF_ENDPOINT'] ?? 'https://huggingface.co';
  process.stderr.write(`downloading ${model.localId}@${model.spec.revision} (${model.dtype}) from ${endpoint} to ${dir}\n`);
  const fetched = await fetchModelFiles({
    endpoint,
    repo: model.localId,
    revision: model.spec.revision,
    files: requiredFiles(model.dtype),
    optionalFiles: OPTIONAL_FILES,
    pinned,
    destDir: dir,
    onFile: (file, bytes) => process.stderr.write(`  ok ${file} (${bytes} bytes)\n`),
  });
  // Print the pins so an admin can commit them to models/manifest.json for the next machines.
  const pins = Object.fromEntries(fetched.map((f) => [f.file, { sha256: f.sha256, bytes: f.bytes }]));
  process.stdout.write(`${JSON.stringify({ model: id, dir, verified: fetched.map((f) => `${f.file}:${f.verifiedBy}`), files: pins }, null, 2)}\n`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`models:fetch: ${err instanceof Error ? err.message : String(err)}\n`);
    if (err instanceof TypeError) {
      // undici reports an unreachable host as a bare TypeError('fetch failed').
      process.stderr.write(
        '无法连接模型中心。内网离线环境请在联网电脑上运行本命令，再把模型文件夹复制到 LUOSHI_MODELS_DIR 下（见 docs/transcription.md）。\n' +
          'Cannot reach the model hub. On an offline intranet, run this on a connected machine and copy the model folder under LUOSHI_MODELS_DIR (see docs/transcription.md).\n',
      );
    }
    process.exitCode = 1;
  },
);
