import { describe, expect, it } from 'vitest';
import { clientIp, normaliseIp, parseTrustedProxies } from './client-ip.ts';

const NONE = parseTrustedProxies('');
const NGINX = parseTrustedProxies('127.0.0.1, 10.0.0.0/8');

describe('client IP behind trusted proxies', () => {
  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', () => {
    expect(clientIp('203.0.113.7', '10.5.0.1', NONE)).toBe('203.0.113.7');
    expect(clientIp('203.0.113.7', '10.5.0.1', NGINX)).toBe('203.0.113.7');
    expect(clientIp('::ffff:203.0.113.7', ['1.2.3.4', '5.6.7.8'], NGINX)).toBe('203.0.113.7');
  });

  it('honours it from a trusted proxy, stepping right to left while the hops are trusted', () => {
    expect(clientIp('127.0.0.1', '198.51.100.20', NGINX)).toBe('198.51.100.20');
    expect(clientIp('::ffff:127.0.0.1', '198.51.100.20', NGINX)).toBe('198.51.100.20');
    // A client-sent value left of a trusted hop is where it stops: the client cannot choose its address.
    expect(clientIp('127.0.0.1', '6.6.6.6, 198.51.100.20, 10.1.2.3', NGINX)).toBe('198.51.100.20');
    expect(clientIp('127.0.0.1', ['198.51.100.20', '10.1.2.3'], NGINX)).toBe('198.51.100.20');
    // Garbage in the header is not an address: the last good hop is the client.
    expect(clientIp('127.0.0.1', 'not-an-ip', NGINX)).toBe('127.0.0.1');
    expect(clientIp('127.0.0.1', undefined, NGINX)).toBe('127.0.0.1');
  });

  it('parses addresses and CIDRs, and refuses what is neither', () => {
    const t = parseTrustedProxies('192.168.1.10,172.16.0.0/12,::1');
    expect(t.entries).toEqual(['192.168.1.10', '172.16.0.0/12', '::1']);
    expect(t.isTrusted('172.31.255.1')).toBe(true);
    expect(t.isTrusted('::ffff:192.168.1.10')).toBe(true);
    expect(t.isTrusted('::1')).toBe(true);
    expect(t.isTrusted('172.32.0.1')).toBe(false);
    expect(NONE.isTrusted('127.0.0.1')).toBe(false);
    for (const bad of ['nginx', '10.0.0.0/33', '10.0.0.0/8/1', '10.0.0.0/x']) expect(() => parseTrustedProxies(bad)).toThrow();
    expect(normaliseIp('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(normaliseIp('::ffff:abcd')).toBe('::ffff:abcd');
  });
});
