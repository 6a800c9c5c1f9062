/**
 * The client's IP address behind configured reverse proxies. Only a hop the operator listed in
 * LUOSHI_TRUSTED_PROXIES may speak for the next one through `X-Forwarded-For`; anything else is
 * the client, so a client can never choose its own address by sending the header. The same
 * rule serves Fastify (`trustProxy`) and socket.io handshakes, so limits agree on who is who.
 */
import net from 'node:net';

/** Parsed LUOSHI_TRUSTED_PROXIES. */
export interface TrustedProxies {
  /** As configured (for logs and docs). */
  readonly entries: readonly string[];
  /** True when `address` is one of the trusted proxies. */
  isTrusted(address: string): boolean;
}

/** `::ffff:10.0.0.1` → `10.0.0.1`, so IPv4 clients on a dual-stack socket match IPv4 rules. */
export function normaliseIp(address: string): string {
  return address.startsWith('::ffff:') && net.isIPv4(address.slice(7)) ? address.slice(7) : address;
}

/** Parse `127.0.0.1, 10.0.0.0/8, ::1`; throws with the offending entry. */
export function parseTrustedProxies(raw: string): TrustedProxies {
  const entries = raw.split(',').map((e) => e.trim()).filter((e) => e.length > 0);
  const list = new net.BlockList();
  for (const entry of entries) {
    const [ip = '', prefix, extra] = entry.split('/');
    const family = net.isIPv4(ip) ? 'ipv4' : net.isIPv6(ip) ? 'ipv6' : null;
    if (!family || extra !== undefined) throw new Error(`not an IP address or CIDR: "${entry}"`);
    if (prefix === undefined) {
      list.addAddress(ip, family);
      continue;
    }
    const bits = Number(prefix);
    if (!/^\d{1,3}$/.test(prefix) || bits > (family === 'ipv4' ? 32 : 128)) throw new Error(`bad prefix length in "${entry}"`);
    list.addSubnet(ip, bits, family);
  }
  return {
    entries,
    isTrusted(address) {
      const ip = normaliseIp(address);
      const family = net.isIPv4(ip) ? 'ipv4' : net.isIPv6(ip) ? 'ipv6' : null;
      return entries.length > 0 && family !== null && list.check(ip, family);
    },
  };
}

/**
 * The client address: starting from the TCP peer, while the current hop is a trusted proxy,
 * step to the address it forwarded for (`X-Forwarded-For` is read right to left).
 */
export function clientIp(peer: string | undefined, forwardedFor: string | string[] | undefined, trusted: TrustedProxies): string {
  let current = normaliseIp(peer ?? '');
  if (!forwardedFor || !trusted.isTrusted(current)) return current;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h.length > 0);
  for (let i = hops.length - 1; i >= 0 && trusted.isTrusted(current); i--) {
    const hop = normaliseIp(hops[i] ?? '');
    if (!net.isIP(hop)) break;
    current = hop;
  }
  return current;
}
