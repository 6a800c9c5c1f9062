/**
 * socket.io on a Fastify instance: attaches to `fastify.server`, decorates `io`, closes every
 * connection before the HTTP server closes and closes socket.io in `onClose`. A plain function
 * rather than a plugin, so the composition root gets the server back and can hand its broadcaster
 * to the services it creates next.
 */
import type { FastifyInstance } from 'fastify';
import { createSocketServer, type SocketServer, type SocketServerOptions } from './socket-server.ts';

export function installSocketServer(app: FastifyInstance, options: SocketServerOptions): SocketServer {
  const server = createSocketServer(app.server, options);
  const { io, guard } = server;
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
  return server;
}
