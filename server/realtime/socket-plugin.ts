/**
 * socket.io as a Fastify plugin: attaches to `fastify.server`, decorates `io`, disconnects every
 * socket before the HTTP server closes and closes socket.io in `onClose`.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { RealtimeDeps } from './deps.ts';
import { createSocketServer } from './socket-server.ts';
import type { LuoshiSocket } from './types.ts';

export interface SocketPluginOptions extends RealtimeDeps {
  secret: string;
  onConnected?: (socket: LuoshiSocket) => void;
}

async function socketPlugin(app: FastifyInstance, options: SocketPluginOptions): Promise<void> {
  const io = createSocketServer(app.server, options);
  app.decorate('io', io);
  app.addHook('preClose', async () => {
    io.local.disconnectSockets(true);
  });
  app.addHook('onClose', async () => {
    // io.close() also closes the HTTP server, which Fastify has already closed: its error is expected.
    await new Promise<void>((resolve) => {
      void io.close(() => resolve());
    });
  });
}

export default fp(socketPlugin, { name: 'luoshi-socket', fastify: '5.x' });
