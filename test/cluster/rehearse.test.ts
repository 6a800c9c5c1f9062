/**
 * `rehearse -- --nodes 2 --kill-node 1` end to end, small: two real server processes on a fresh
 * database of the test PostgreSQL server and a fresh prefix of the test Redis, behind the
 * rehearsal's balancer; the real recogniser (the lookup test model) hears the seven-point speech
 * from the host console pinned to node 1, which is SIGKILLed at mid-speech. Venues must end with
 * every item and every ack, none twice, and the ASR lease must have moved to node 0.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../env.ts';
import { POSTGRES_URL } from '../helpers/databases.ts';
import { REDIS_URL } from '../helpers/redis.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'server/cli/rehearse.ts');
const VENUES = 20;

interface NodeCount { node: string; venuesAndStaffNow: number; connectionsRouted: number; alive: boolean }
interface Report {
  requirementsFormed: number;
  requirements: string[];
  acksStored: number;
  acksExpected: number;
  missingDeliveries: number;
  duplicates: number;
  reconnectSyncs: number;
  nodes: { count: number; atConnect: NodeCount[]; atEnd: NodeCount[]; killed: { node: string; atAudioMs: number; asrLeaseBefore: string | null } | null; asrLeaseAtEnd: string | null };
}

describe.skipIf(!POSTGRES_URL || !REDIS_URL)('rehearse on two nodes', () => {
  it('loses nothing when the node with the host console and the ASR dies at mid-speech', async () => {
    const args = [
      '--import', 'tsx', CLI,
      '--venues', String(VENUES), '--audio', fixturePath('audio', 'speech-seven-points.wav'),
      '--models-dir', process.env.LUOSHI_MODELS_DIR ?? '', '--speed', '2',
      '--nodes', '2', '--kill-node', '1', '--database', POSTGRES_URL, '--redis', REDIS_URL,
    ];
    const { stdout } = await run(process.execPath, args, { cwd: ROOT, timeout: 400_000, maxBuffer: 16 * 1024 * 1024 });
    const report = JSON.parse(stdout) as Report;
    expect(report.requirementsFormed).toBe(7);
    expect(report.requirements.map((r) => r.split(' ')[0])).toEqual(['第一', '第二', '第三', '第四', '第五', '第六', '第七']);
    expect(report.missingDeliveries).toBe(0);
    expect(report.duplicates).toBe(0);
    expect(report.acksStored).toBe(7 * VENUES);
    expect(report.acksExpected).toBe(7 * VENUES);
    // Venues were spread over both nodes; node 1's came back through the balancer to node 0.
    const [first, second] = report.nodes.atConnect.map((n) => n.venuesAndStaffNow) as [number, number];
    expect(first + second).toBe(VENUES);
    expect(Math.min(first, second)).toBeGreaterThan(0);
    expect(report.nodes.killed).toMatchObject({ node: 'node-1', asrLeaseBefore: 'node-1' });
    expect(report.nodes.killed!.atAudioMs).toBeGreaterThan(10_000);
    expect(report.nodes.atEnd[1]).toMatchObject({ alive: false, venuesAndStaffNow: 0 });
    expect(report.nodes.atEnd[0]!.venuesAndStaffNow).toBe(VENUES + 1);
    expect(report.reconnectSyncs).toBeGreaterThanOrEqual(second);
    expect(report.nodes.asrLeaseAtEnd).toBe('node-0');
  }, 420_000);
});
