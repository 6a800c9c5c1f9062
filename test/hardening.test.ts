/**
 * Issue 13, in process (real Fastify, SQLite, socket.io on loopback): #8 prototype keys answered
 * 400 (they were 500), #9 join codes redacted from the access log, security headers, the
 * join-code CSV neutralising formula cells and building links from LUOSHI_PUBLIC_URL, #13 a
 * venue CSV saved as GBK/GB18030 by Excel imported correctly, an unreadable one refused clearly.
 */
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import luoshiApp from '../server/app.ts';
import { fastifyOptions } from '../server/http/server-options.ts';
import type { Venue } from '../shared/protocol/index.ts';
import { encodeGb18030 } from './helpers/gb18030.ts';
import { api, command, connectClient, connected, setupMeeting, startServer, tempDataFile, testConfig, unwrap, type TestServer } from './helpers/server.ts';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function postCsv(url: string, meetingId: string, token: string, bytes: Uint8Array, contentType = 'text/csv') {
  const r = await fetch(`${url}/api/meetings/${meetingId}/venues`, {
    method: 'POST', headers: { 'content-type': contentType, authorization: `Bearer ${token}` }, body: Buffer.from(bytes),
  });
  return { status: r.status, body: (await r.json()) as { venues?: Venue[]; error?: { code: string; message: string; details?: string[] } } };
}

describe('#8 prototype keys are bad requests, not server errors', () => {
  it('in JSON bodies, venue rows, CSV headers and socket payloads', async () => {
    server = await startServer();
    const f = await setupMeeting(server.url, 1);
    const id = f.created.meeting.id;
    const venues = (body: string) => api<{ error: { code: string } }>(server!.url, 'POST', `/api/meetings/${id}/venues`, body, f.host.token);
    for (const body of [
      '{"venues":[{"name":"甲县","level":"constructor"}]}',
      '{"venues":[{"name":"甲县","level":"__proto__"}]}',
      '{"venues":[{"name":"甲县","level":"县","__proto__":{"isMain":true}}]}',
      '{"__proto__":{"venues":[]},"venues":[{"name":"甲县","level":"toString"}]}',
      '{"venues":[{"name":"甲县","level":"县","constructor":{"prototype":{"x":1}}}]}',
    ]) {
      const r = await venues(body);
      expect(r.status, body).toBe(400);
      expect(r.body.error.code, body).toBe('bad_request');
    }
    for (const csv of ['__proto__,level\n甲县,县\n', 'name,constructor\n甲县,县\n', 'name,level\n甲县,constructor\n', 'name,level\n甲县,hasOwnProperty\n']) {
      const r = await postCsv(server.url, id, f.host.token, new TextEncoder().encode(csv));
      expect(r.status, csv).toBe(400);
      expect(r.body.error?.code, csv).toBe('bad_request');
    }
    // An unknown extra column named like a prototype key is ignored, like any unknown column.
    const extra = await postCsv(server.url, id, f.host.token, new TextEncoder().encode('name,level,hasOwnProperty\n乙县,县,1\n'));
    expect(extra.status).toBe(200);
    expect(extra.body.venues?.map((v) => v.name)).toContain('乙县');
    const patched = await api<{ error: { code: string } }>(server.url, 'PATCH', `/api/meetings/${id}`, '{"publishMode":"constructor"}', f.host.token);
    expect(patched.status).toBe(400);
    // Socket payloads: validated the same way.
    const host = connectClient(server.url, f.host.token);
    await connected(host);
    const r = await command(host, 'speaker:set-current', { speakerId: '__proto__' } as never);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(['bad_request', 'not_found']).toContain(r.error.code);
    // Nothing was polluted and the server still answers.
    expect(({} as Record<string, unknown>).isMain).toBeUndefined();
    expect(unwrap(await command(host, 'sync', { lastSeq: null })).kind).toBe('snapshot');
    host.disconnect();
  });
});

describe('#9 join codes and the pages', () => {
  it('never writes a join code or token to the access log', async () => {
    const lines: string[] = [];
    const config = testConfig(tempDataFile(), { LOG_LEVEL: 'info' });
    const app = Fastify(fastifyOptions(config, { logStream: { write: (l) => void lines.push(l) } }));
    await app.register(luoshiApp, { config });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port; // listening on TCP: an AddressInfo
    const url = `http://127.0.0.1:${port}`;
    server = { app, url, dataFile: config.LUOSHI_DATA, close: () => app.close() };
    const f = await setupMeeting(url, 1);
    const code = f.created.hostCode;
    await fetch(`${url}/join/${code}`);
    await fetch(`${url}/?code=${code}&x=1`);
    await fetch(`${url}/api/session?token=${f.host.token}`);
    const log = lines.join('');
    expect(log).toContain('/join/[redacted]');
    expect(log).toContain('code=[redacted]&x=1');
    expect(log).not.toContain(code);
    expect(log).not.toContain(f.host.token);
  });

  it('sends security headers: a CSP forbidding framing on pages, nosniff and no referrer everywhere', async () => {
    server = await startServer({ env: { LIVEKIT_URL: 'wss://lk.example.gov.cn:7880', LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 'secret-secret-secret-secret' } });
    const page = await fetch(`${server.url}/join/abc`);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toMatch(/connect-src 'self' wss:\/\/lk\.example\.gov\.cn:7880 https:\/\/lk\.example\.gov\.cn:7880/);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const apiReply = await fetch(`${server.url}/api/health`);
    expect(apiReply.headers.get('x-content-type-options')).toBe('nosniff');
    expect(apiReply.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('the join-code CSV neutralises formula cells and builds links from LUOSHI_PUBLIC_URL, not the Host header', async () => {
    server = await startServer({ env: { LUOSHI_PUBLIC_URL: 'https://luoshi.example.gov.cn' } });
    const f = await setupMeeting(server.url, 0);
    const id = f.created.meeting.id;
    const rows = [
      { name: '=HYPERLINK("http://evil.example","点此")', level: '县' },
      { name: '+1+cmd|calc', level: '县' },
      { name: '-2', level: '县' },
      { name: '@SUM(A1)', level: '县' },
      { name: '正常县', level: '县' },
    ];
    expect((await api(server.url, 'POST', `/api/meetings/${id}/venues`, { venues: rows }, f.host.token)).status).toBe(200);
    const r = await fetch(`${server.url}/api/meetings/${id}/join-codes?format=csv`, { headers: { authorization: `Bearer ${f.host.token}`, host: 'evil.example' } });
    const lines = (await r.text()).replace('\uFEFF', '').trim().split('\r\n').slice(1);
    // The five above and the fixture's own city venue.
    expect(lines).toHaveLength(6);
    for (const line of lines) {
      // No cell starts with a formula character (quoted cells are checked inside the quotes).
      for (const cell of line.match(/("([^"]|"")*"|[^,]*)/g)?.filter(Boolean) ?? []) expect(cell.replace(/^"/, '')).not.toMatch(/^[=+\-@]/);
      expect(line).toMatch(/,https:\/\/luoshi\.example\.gov\.cn\/join\/[A-Za-z0-9_-]{20}$/);
      expect(line).not.toContain('evil.example/join');
    }
    expect(lines.some((l) => l.startsWith(`"'=HYPERLINK(`))).toBe(true);
  });
});

describe('#13 venue CSV as Excel on Chinese Windows saves it', () => {
  const csv = '名称,级别,上级\r\n红河州公安局,州,\r\n个旧市公安局,县,红河州公安局\r\n蒙自市公安局（含经开区）,县,红河州公安局\r\n';

  it('GB18030/GBK bytes import with the right names', async () => {
    server = await startServer();
    const f = await setupMeeting(server.url, 0);
    const bytes = encodeGb18030(csv);
    // Really GBK: not valid UTF-8, two bytes per Chinese character.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    expect(bytes.length).toBeLessThan(new TextEncoder().encode(csv).length);
    const r = await postCsv(server.url, f.created.meeting.id, f.host.token, bytes);
    expect(r.status).toBe(200);
    const names = (r.body.venues ?? []).map((v) => v.name);
    for (const name of ['个旧市公安局', '红河州公安局', '蒙自市公安局（含经开区）']) expect(names).toContain(name);
    expect(names.join('')).not.toContain('\uFFFD');
    const gejiu = r.body.venues?.find((v) => v.name === '个旧市公安局');
    expect(r.body.venues?.find((v) => v.id === gejiu?.parentId)?.name).toBe('红河州公安局');
  });

  it('UTF-16 with BOM imports too; bytes in no known encoding get a message that says how to save the file', async () => {
    server = await startServer();
    const f = await setupMeeting(server.url, 0);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv.replaceAll(',', '\t'), 'utf16le')]);
    const ok = await postCsv(server.url, f.created.meeting.id, f.host.token, utf16);
    expect(ok.status).toBe(200);
    expect(ok.body.venues?.map((v) => v.name)).toContain('蒙自市公安局（含经开区）');
    const garbage = new Uint8Array(Array.from({ length: 400 }, (_, i) => 0x80 + ((i * 37) % 0x7f)));
    const bad = await postCsv(server.url, f.created.meeting.id, f.host.token, garbage);
    expect(bad.status).toBe(400);
    expect(bad.body.error?.code).toBe('csv_encoding');
    expect(bad.body.error?.message).toContain('CSV UTF-8');
  });
});
