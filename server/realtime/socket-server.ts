/**
 * socket.io on the HTTP server: handshake auth (`auth: { token }`), one room per meeting plus
 * staff / venues / per-venue rooms, presence from connections, handlers from factories.
 * There is no join event: the token decides the rooms.
 */
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { wireError } from '../../shared/protocol/errors.ts';
import { MAX_AUDIO_CHUNK_BYTES } from '../../shared/protocol/schemas.ts';
import { verifySession } from '../auth/session-token.ts';
import { isStaff } from '../meeting/visibility.ts';
import { onUntyped, rejectUnknownEvents } from './command.ts';
import type { RealtimeDeps } from './deps.ts';
import { registerAudioHandlers } from './handlers/audio-handlers.ts';
import { registerMeetingHandlers } from './handlers/meeting-handlers.ts';
import { registerSecretaryHandlers } from './handlers/secretary-handlers.ts';
import { rooms, type LuoshiServer, type LuoshiSocket } from './types.ts';

/**
 * Largest socket.io message accepted at all, bytes. Above this engine.io closes the connection
 * (no reply is possible); below it, commands validate sizes themselves and answer with an error.
 */
export const MAX_SOCKET_MESSAGE_BYTES = 16 * MAX_AUDIO_CHUNK_BYTES;

export function createSocketServer(
  httpServer: HttpServer,
  deps: RealtimeDeps & { secret: string; onConnected?: (socket: LuoshiSocket) => void },
): LuoshiServer {
  const io: LuoshiServer = new Server(httpServer, {
    maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES,
    serveClient: false,
    // No connectionStateRecovery: our replay (sync by lastSeq) is the recovery mechanism, and it
    // also works across restarts.
    pingInterval: 10_000,
    pingTimeout: 10_000,
  });

  io.use((socket, next) => {
    const auth: unknown = socket.handshake.auth;
    const token = typeof auth === 'object' && auth !== null && 'token' in auth ? auth.token : undefined;
    const session = verifySession(token, deps.secret);
    if (!session || !deps.store.meetings.get(session.meetingId)) {
      const err = new Error('unauthorized') as Error & { data?: unknown }; // socket.io forwards `data` to the client's connect_error
      err.data = wireError('unauthorized');
      next(err);
      return;
    }
    socket.data.session = session;
    next();
  });

  io.on('connection', (socket) => {
    const s = socket.data.session;
    const joined = [rooms.meeting(s.meetingId)];
    if (isStaff(s)) joined.push(rooms.staff(s.meetingId), rooms.allStaff);
    else joined.push(rooms.venues(s.meetingId), rooms.venue(s.venueId));
    void socket.join(joined);

    registerMeetingHandlers(socket, deps);
    registerSecretaryHandlers(socket, deps);
    if (s.role === 'host') registerAudioHandlers(socket, deps);
    else rejectAudioFromNonHosts(socket);
    rejectUnknownEvents(socket);

    deps.presence.socketConnected(s.meetingId, s.venueId);
    socket.on('disconnect', () => deps.presence.socketDisconnected(s.meetingId, s.venueId));
    deps.onConnected?.(socket);
  });

  return io;
}

/** Venues and secretaries may not stream audio: answer forbidden instead of unknown event. */
function rejectAudioFromNonHosts(socket: LuoshiSocket): void {
  for (const name of ['audio:start', 'audio:chunk', 'audio:stop'] as const) {
    onUntyped(socket, name, (...args) => {
      const ack = args[args.length - 1];
      if (typeof ack === 'function') ack({ ok: false, error: wireError('forbidden') });
    });
  }
}
