/**
 * `npm run --silent extract -- FILE.txt [--incremental N] [--segments]`: prints the extraction JSON
 * of a transcript file on stdout and nothing else. With --incremental N the text is pushed N
 * characters at a time through createExtractor(); the final JSON is the same. With --segments each
 * line of the file is one recognised segment (raw ASR), pushed with a pause after it.
 */
import fs from 'node:fs';
import { createExtractor, extract, type ExtractionResult } from '../../shared/extraction/index.ts';

const USAGE = '用法 / usage: npm run --silent extract -- FILE.txt [--incremental N] [--segments]';

interface Args { file: string; chunk: number | null; segments: boolean }

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function parseArgs(argv: string[]): Args {
  let file: string | null = null;
  let chunk: number | null = null;
  let segments = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--segments') {
      segments = true;
    } else if (arg === '--incremental') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) fail(`--incremental 需要正整数 / needs a positive integer\n${USAGE}`);
      chunk = n;
    } else if (arg.startsWith('--')) {
      fail(`未知参数 / unknown option: ${arg}\n${USAGE}`);
    } else if (file === null) {
      file = arg;
    } else {
      fail(`只能指定一个文件 / only one file expected\n${USAGE}`);
    }
  }
  if (file === null) fail(`缺少文件参数 / missing FILE\n${USAGE}`);
  return { file, chunk, segments };
}

function run(text: string, chunk: number | null, segments: boolean): ExtractionResult {
  if (chunk === null && !segments) return extract(text);
  const extractor = createExtractor();
  const pieces = segments ? text.split(/\r?\n/).filter((line) => line.trim() !== '') : [text];
  const size = chunk ?? Infinity;
  for (const piece of pieces) {
    for (let i = 0; i < piece.length; i += size) {
      extractor.push(piece.slice(i, i + size), { boundary: segments && i + size >= piece.length });
    }
  }
  extractor.end();
  return extractor.result();
}

const args = parseArgs(process.argv.slice(2));
let text: string;
try {
  text = fs.readFileSync(args.file, 'utf8');
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') fail(`文件不存在 / file not found: ${args.file}`);
  fail(`无法读取文件 / cannot read file: ${args.file} (${code ?? String(error)})`);
}
process.stdout.write(`${JSON.stringify(run(text, args.chunk, args.segments), null, 2)}\n`);
