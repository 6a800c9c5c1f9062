/**
 * Issue 13 #5 across nodes: wrong join codes and wrong passwords are counted in Redis, so two
 * nodes together allow what one allows (before, each node counted in its own memory and N nodes
 * allowed N× the guesses). A valid code still joins while the guessing address is limited.
 */
import { describe, expect, it } from 'vitest';
import { LOGIN_LIMIT_DEFAULTS } from '../../server/auth/login-limiter.ts';
import { CLUSTER_AVAILABLE, useClusters } from '../helpers/cluster.ts';
import { api, setupMeeting } from '../helpers/server.ts';

const clusters = useClusters();

describe.skipIf(!CLUSTER_AVAILABLE)('failed-attempt limits shared by the nodes', () => {
  it('wrong join codes and wrong passwords alternating between two nodes hit one limit; a valid code still joins', async () => {
    const cluster = await clusters.start(2);
    const urls = cluster.nodes.map((n) => n.url);
    const f = await setupMeeting(urls[0] ?? '', 1);
    const burst = cluster.nodes[0]?.app.config.LUOSHI_JOIN_BURST ?? 0;

    // Wrong codes from one address (the test, 127.0.0.1), spread over prefixes, alternating nodes.
    const joinStatuses: number[] = [];
    for (let i = 0; i < burst + 2; i++) {
      const r = await api(urls[i % 2] ?? '', 'POST', '/api/join', { code: `${String(i).padStart(4, '0')}wrongcodeaaaaaa` });
      joinStatuses.push(r.status);
    }
    expect(joinStatuses.slice(0, burst)).toEqual(Array(burst).fill(404));
    expect(joinStatuses.slice(burst)).toEqual([429, 429]);
    const limited = await api(urls[1] ?? '', 'POST', '/api/join', { code: '9999wrongcodeaaaaaa' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // The right code is never refused, on either node.
    for (const url of urls) expect((await api(url, 'POST', '/api/join', { code: f.created.hostCode })).status).toBe(200);

    // Wrong passwords for one account from one address: the per-source limit, whichever node answers.
    const loginStatuses: number[] = [];
    for (let i = 0; i < LOGIN_LIMIT_DEFAULTS.perSourceBurst + 2; i++) {
      const r = await api(urls[i % 2] ?? '', 'POST', '/api/auth/login', { username: 'guessed-account', password: `wrong-password-${i}` });
      loginStatuses.push(r.status);
    }
    expect(loginStatuses.slice(0, LOGIN_LIMIT_DEFAULTS.perSourceBurst)).toEqual(Array(LOGIN_LIMIT_DEFAULTS.perSourceBurst).fill(401));
    expect(loginStatuses.slice(LOGIN_LIMIT_DEFAULTS.perSourceBurst)).toEqual([429, 429]);
  }, 60_000);
});
