/**
 * `npm run --silent eval:heldout -- [A|B|C|D|all]`: scores the held-out speech rounds
 * (shared/extraction/testing/heldout-speeches*.ts) as written, stripped and live — JSON summary on
 * stdout, the per-text table (P/R/F1, speaker, count, responsible F1, deadlines) on stderr.
 */
import { heldoutReport, heldoutTable, ROUNDS } from './lib/heldout-report.ts';

function main(): void {
  const which = process.argv[2] ?? 'C';
  const texts = which === 'all' ? Object.values(ROUNDS).flat() : ROUNDS[which];
  if (!texts) {
    process.stderr.write(`unknown round ${which}: one of ${Object.keys(ROUNDS).join(', ')}, all\n`);
    process.exit(2);
  }
  const r = heldoutReport(texts);
  process.stderr.write(`${heldoutTable(r)}\n`);
  process.stdout.write(`${JSON.stringify({ round: which, written: r.written.summary, stripped: r.stripped.summary, asr_live: r.asr.summary }, null, 2)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
