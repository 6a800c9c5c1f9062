/**
 * A load balancer for cluster tests: a TCP proxy on 127.0.0.1 forwarding every new connection to
 * the node it currently points at. Pointing it elsewhere and cutting the open connections is
 * what clients see when their node fails: they reconnect to the same address and reach another.
 */
import net from 'node:net';

export interface Balancer {
  url: string;
  /** Send new connections to the node at `url`. */
  point(url: string): void;
  /** Drop every open connection (both sides see it closed). */
  cut(): void;
  close(): Promise<void>;
}

export async function startBalancer(target: string): Promise<Balancer> {
  let port = Number(new URL(target).port);
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(port, '127.0.0.1');
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('balancer has no address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    point(url) {
      port = Number(new URL(url).port);
    },
    cut() {
      for (const s of open) s.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
