import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import Fastify from 'fastify';
import { prepareClient } from './client-build.ts';

const log = Fastify({ logger: false }).log;

it('serves an existing build, and falls back to API only without one', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-client-'));
  expect(prepareClient('auto', root, log)).toBeNull();
  expect(prepareClient('serve', root, log)).toBeNull();
  fs.mkdirSync(path.join(root, 'dist', 'client'), { recursive: true });
  fs.writeFileSync(path.join(root, 'dist', 'client', 'index.html'), '<!doctype html>');
  expect(prepareClient('serve', root, log)).toBe(path.join(root, 'dist', 'client'));
  // auto without client sources never tries to build: it serves what exists
  expect(prepareClient('auto', root, log)).toBe(path.join(root, 'dist', 'client'));
  expect(prepareClient('off', root, log)).toBeNull();
});
