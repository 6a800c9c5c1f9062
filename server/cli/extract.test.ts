import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { extract } from '../../shared/extraction/index.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'server/cli/extract.ts');
const SEED = path.join(ROOT, 'shared/extraction/fixtures/seed-1.txt');

async function cli(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

describe('extract CLI', () => {
  it('prints the extraction JSON and nothing else', async () => {
    const { stdout, code } = await cli(SEED);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(extract(fs.readFileSync(SEED, 'utf8')));
  });

  it('--incremental N prints the same final JSON', async () => {
    const [once, inc] = await Promise.all([cli(SEED), cli(SEED, '--incremental', '7')]);
    expect(inc.code).toBe(0);
    expect(inc.stdout).toBe(once.stdout);
  });

  it('handles a small ASR-style file', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-')), 'speech.txt');
    fs.writeFileSync(file, '下面我讲两点意见第一要提高认识第二要落实责任');
    const { stdout, code } = await cli(file, '--incremental', '3');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).speakers[0].items).toHaveLength(2);
  });

  it('--segments pushes each line as a recognised segment with a pause after it', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-')), 'segments.txt');
    const filler = '各项工作扎实推进群众满意度稳步提升'.repeat(10);
    fs.writeFileSync(file, ['同志们 今天开个短会', '我讲两点意见', '一 疫情防控', `各地要抓好落实${filler}`, '二 复工复产', '有序复工是当前的关键'].join('\n'));
    const [paused, plain] = await Promise.all([cli(file, '--segments', '--incremental', '4'), cli(file)]);
    expect(paused.code).toBe(0);
    const markers = (out: string): string[] => JSON.parse(out).speakers[0].items.map((i: { marker: string }) => i.marker);
    // The pause after "二 复工复产" makes it a heading; without pauses the run-on text hides it.
    expect(markers(paused.stdout)).toEqual(['一', '二']);
    expect(markers(plain.stdout)).toEqual(['一']);
  });

  it('fails clearly on a missing file', async () => {
    const { stdout, stderr, code } = await cli('/nonexistent/speech.txt');
    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toContain('文件不存在');
    expect(stderr).toContain('file not found');
  });

  it('fails clearly on bad arguments', async () => {
    expect((await cli()).code).not.toBe(0);
    const bad = await cli(SEED, '--incremental', '0');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--incremental');
  });
});
