/**
 * socket.io as a Fastify plugin: attaches to `fastify.server`, decorates `io`, closes every
 * connection before the HTTP server closes and closes socket.io in `onClose`.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createSocketServer, type SocketServerOptions } from './socket-server.ts';

export type SocketPluginOptions = SocketServerOptions;

async function socketPlugin(app: FastifyInstance, options: SocketPluginOptions): Promise<void> {
  const { io, guard } = createSocketServer(app.server, options);
  app.decorate('io', io);
  app.addHook('preClose', async () => {
    // Close the connections below socket.io, not the sockets: a client whose transport closed
    // reconnects by itself (to the restarted server), while a socket.io disconnect from the
    // server would read as "you were removed" and leave every venue screen stranded.
    io.engine.close();
  });
  app.addHook('onClose', async () => {
    guard.close();
    // io.close() also closes the HTTP server, which Fastify has already closed: its error is expected.
    await new Promise<void>((resolve) => {
      void io.close(() => resolve());
    });
  });
}

export default fp(socketPlugin, { name: 'luoshi-socket', fastify: '5.x' });
