/**
 * A TCP load balancer for rehearsing several nodes on one machine, in the role nginx plays in a
 * deployment (docs/deployment.md): each new connection goes round-robin to the next live node and
 * stays there (WebSocket-only clients need nothing stickier); a node that refuses connections is
 * skipped; when a node dies its connections close and the clients reconnect through here to a
 * live one. It peeks at the request line only to count socket.io connections per node and to honour
 * `luoshi_node=<index>` in a socket.io URL (the rehearsal pins the host console to the node it
 * will kill, so the ASR lease has to move). `retire` takes a node out as a failed health check
 * would, for a node that is stalled rather than dead (test/cluster/asr-lease.test.ts).
 */
import net from 'node:net';

export interface UpstreamCount {
  port: number;
  /** socket.io connections open to this node now. */
  sockets: number;
  /** socket.io connections ever routed to this node. */
  socketsTotal: number;
}

export interface Balancer {
  port: number;
  /** `http://<host>:<port>`. */
  url: string;
  counts(): UpstreamCount[];
  /** Send no more connections to upstream `index` and close the ones it has (both sides see them closed). */
  retire(index: number): void;
  close(): Promise<void>;
}

/** How long a node that refused a connection is skipped, ms. */
const DOWN_FOR_MS = 1000;

export async function startBalancer(upstreamPorts: number[], host = '127.0.0.1'): Promise<Balancer> {
  const upstreams = upstreamPorts.map((port) => ({ port, sockets: 0, socketsTotal: 0, downUntil: 0, retired: false, clients: new Set<net.Socket>() }));
  const open = new Set<net.Socket>();
  let next = 0;

  /** Upstream indexes in the order to try: the pinned one first, else round-robin from `next`. */
  const order = (pinned: number | null): number[] => {
    const start = next;
    next = (next + 1) % upstreams.length;
    const rr = upstreams.map((_, i) => (start + i) % upstreams.length).filter((i) => !upstreams[i]!.retired);
    const live = rr.filter((i) => upstreams[i]!.downUntil <= Date.now());
    const candidates = live.length > 0 ? live : rr;
    return pinned !== null && candidates.includes(pinned) ? [pinned, ...candidates.filter((i) => i !== pinned)] : candidates;
  };

  const server = net.createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    client.once('data', (first) => {
      client.pause();
      const line = first.toString('latin1', 0, Math.min(first.length, 1024)).split('\r\n', 1)[0] ?? '';
      const isSocket = line.startsWith('GET /socket.io/');
      const pin = /[?&]luoshi_node=(\d+)/.exec(line)?.[1];
      const pinned = pin !== undefined && Number(pin) < upstreams.length ? Number(pin) : null;
      const attempt = (tries: number[]) => {
        const index = tries[0];
        if (index === undefined || client.destroyed) {
          client.destroy();
          return;
        }
        const up = upstreams[index]!;
        const upstream = net.connect(up.port, host);
        open.add(upstream);
        upstream.on('close', () => open.delete(upstream));
        let connected = false;
        upstream.on('error', () => {
          upstream.destroy();
          if (connected) return;
          // Refused: the node is down (or not up yet); the client tries the next one.
          up.downUntil = Date.now() + DOWN_FOR_MS;
          attempt(tries.slice(1));
        });
        upstream.once('connect', () => {
          connected = true;
          if (isSocket) {
            up.sockets += 1;
            up.socketsTotal += 1;
            upstream.once('close', () => (up.sockets -= 1));
          }
          up.clients.add(client);
          client.once('close', () => up.clients.delete(client));
          upstream.write(first);
          client.pipe(upstream);
          upstream.pipe(client);
          client.resume();
          client.once('close', () => upstream.destroy());
          upstream.once('close', () => client.destroy());
        });
      };
      attempt(order(pinned));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('balancer: no address');
  return {
    port: addr.port,
    url: `http://${host}:${addr.port}`,
    retire(index) {
      const up = upstreams[index];
      if (!up) throw new Error(`balancer: no upstream ${index}`);
      up.retired = true;
      for (const client of up.clients) client.destroy();
    },
    counts: () => upstreams.map(({ port, sockets, socketsTotal }) => ({ port, sockets, socketsTotal })),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
