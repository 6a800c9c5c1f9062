/**
 * socket.io on the HTTP server: handshake auth (`auth: { token }`), one room per meeting plus
 * staff / venues / per-venue rooms, presence from connections, handlers from factories.
 * There is no join event: the token decides the rooms.
 *
 * Limits (connection-guard.ts, safe-parser.ts, command.ts): packets are depth-checked before
 * parsing, a connection must authenticate within CONNECT_TIMEOUT_MS, per-IP and per-session
 * connection caps, a per-socket cost budget, send buffers capped, heartbeats one way. A session
 * ends at its token's expiry (clients renew before) or when its join code changes, with
 * `session:ended` first so the client knows it is final.
 */
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { wireError, type WireError } from '../../shared/protocol/errors.ts';
import { toWireError } from '../errors.ts';
import { emptyRequest, MAX_AUDIO_CHUNK_BYTES } from '../../shared/protocol/schemas.ts';
import type { SessionClaims, SessionEndReason } from '../../shared/protocol/socket.ts';
import { verifySession } from '../auth/session-token.ts';
import type { TrustedProxies } from '../http/client-ip.ts';
import type { AccessService } from '../meeting/access-service.ts';
import { isStaff } from '../meeting/visibility.ts';
import { createCaptureRelay } from './capture-relay.ts';
import { guardMessages, onUntyped, registerCommand } from './command.ts';
import { createConnectionGuard, type ConnectionGuard } from './connection-guard.ts';
import type { RealtimeDeps } from './deps.ts';
import { registerAudioHandlers } from './handlers/audio-handlers.ts';
import { registerMeetingHandlers } from './handlers/meeting-handlers.ts';
import { registerSecretaryHandlers } from './handlers/secretary-handlers.ts';
import { safeParser } from './safe-parser.ts';
import { rooms, type LuoshiServer, type LuoshiSocket } from './types.ts';

/**
 * Largest socket.io message accepted at all, bytes. Above this engine.io closes the connection
 * (no reply is possible); below it, commands validate sizes themselves and answer with an error.
 */
export const MAX_SOCKET_MESSAGE_BYTES = 16 * MAX_AUDIO_CHUNK_BYTES;
/** A connection that has not authenticated (sent its CONNECT packet) by then is closed, ms. */
export const CONNECT_TIMEOUT_MS = 10_000;
/** Longest timer Node accepts, ms; expiry further away is re-armed when it fires. */
const MAX_TIMER_MS = 2_147_483_647;

/** Transport limits, known before any service exists (the server is created first). */
export interface SocketServerOptions {
  trusted: TrustedProxies;
  maxSocketsPerIp: number;
  /** Bytes queued for one connection above which it is dropped. */
  maxSendBufferBytes?: number;
  /** Close connections that have not authenticated by then, ms (default CONNECT_TIMEOUT_MS). */
  connectTimeoutMs?: number;
  log: RealtimeDeps['log'];
}

/** What serving connections needs: the services, and the session rules. */
export interface SocketHandlerDeps extends RealtimeDeps {
  secret: string;
  access: AccessService;
  maxSocketsPerSession: number;
  onConnected?: (socket: LuoshiSocket) => void;
}

/** The socket.io server with the guard that watches its connections. */
export interface SocketServer {
  io: LuoshiServer;
  guard: ConnectionGuard;
}

const sessionKey = (s: SessionClaims) => `${s.meetingId}|${s.role}|${s.venueId}`;

/** A refused handshake: socket.io forwards `data` to the client's connect_error. */
function refused(message: string, data: WireError): Error {
  const err = new Error(message) as Error & { data?: unknown };
  err.data = data;
  return err;
}

/**
 * The socket.io server on `httpServer`, with its connection guard but no handlers yet: the
 * composition root creates it first, so the broadcaster is a plain dependency of the services,
 * then serves connections with {@link serveSockets} once the services exist.
 */
export function createSocketServer(httpServer: HttpServer, options: SocketServerOptions): SocketServer {
  const guard = createConnectionGuard({
    trusted: options.trusted, maxPerIp: options.maxSocketsPerIp, log: options.log,
    ...(options.maxSendBufferBytes !== undefined ? { maxSendBufferBytes: options.maxSendBufferBytes } : {}),
  });
  const io: LuoshiServer = new Server(httpServer, {
    maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES,
    serveClient: false,
    parser: safeParser,
    connectTimeout: options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
    allowRequest: (req, fn) => guard.allowRequest(req, fn),
    // No connectionStateRecovery: our replay (sync by lastSeq) is the recovery mechanism, and it
    // also works across restarts.
    pingInterval: 10_000,
    pingTimeout: 10_000,
  });
  io.engine.on('connection', (conn: unknown) => guard.watch(conn));
  return { io, guard };
}

/** Authenticate handshakes (token, session caps) and register every handler on each connection. */
export function serveSockets(io: LuoshiServer, deps: SocketHandlerDeps): void {
  const perSession = new Map<string, number>();
  const relay = createCaptureRelay(io, deps);

  /** The handshake's session when its token is valid, its meeting exists and its join code is current. */
  const authenticate = async (auth: unknown): Promise<SessionClaims | null> => {
    const token = typeof auth === 'object' && auth !== null && 'token' in auth ? auth.token : undefined;
    const session = verifySession(token, deps.secret);
    if (!session || !(await deps.store.meetings.get(session.meetingId)) || !(await deps.access.isCurrent(session))) return null;
    return session;
  };

  /** Why `session` may not connect now, or null. Read after authenticate's awaits, so the count is the latest. */
  const refusal = (session: SessionClaims): Error | null => {
    if ((perSession.get(sessionKey(session)) ?? 0) < deps.maxSocketsPerSession) return null;
    deps.log.warn({ meetingId: session.meetingId, venueId: session.venueId, role: session.role, limit: deps.maxSocketsPerSession }, 'socket refused: too many for one session');
    return refused('overloaded', wireError('overloaded', ['too many connections for this session']));
  };

  io.use((socket, next) => {
    void authenticate(socket.handshake.auth).then(
      (session) => {
        if (!session) return next(refused('unauthorized', wireError('unauthorized')));
        const err = refusal(session);
        if (err) return next(err);
        socket.data.session = session;
        next();
      },
      (err: unknown) => {
        deps.log.error({ err }, 'socket handshake failed');
        next(refused('internal', toWireError(err)));
      },
    );
  });

  io.on('connection', (socket) => {
    const s = socket.data.session;
    const key = sessionKey(s);
    perSession.set(key, (perSession.get(key) ?? 0) + 1);
    const joined = [rooms.meeting(s.meetingId)];
    if (isStaff(s)) joined.push(rooms.staff(s.meetingId), rooms.allStaff);
    else joined.push(rooms.venues(s.meetingId), rooms.venue(s.venueId));
    void socket.join(joined);

    guardMessages(socket, deps.log);
    registerMeetingHandlers(socket, deps);
    registerSecretaryHandlers(socket, deps);
    if (s.role === 'host') registerAudioHandlers(socket, deps, relay);
    else rejectAudioFromNonHosts(socket);
    const expiry = watchExpiry(socket);
    registerCommand(socket, 'session:renew', {
      schema: emptyRequest,
      roles: ['host', 'secretary', 'venue'],
      handler: async (_req, current) => {
        const renewed = await deps.access.renew(current);
        socket.data.session = renewed.session;
        expiry.rearm();
        return { data: renewed };
      },
    }, deps.log);

    deps.presence.socketConnected(s.meetingId, s.venueId);
    socket.on('disconnect', () => {
      expiry.stop();
      const n = (perSession.get(key) ?? 1) - 1;
      if (n <= 0) perSession.delete(key);
      else perSession.set(key, n);
      deps.presence.socketDisconnected(s.meetingId, s.venueId);
    });
    deps.onConnected?.(socket);
  });
}

/** End a socket's session for good: tell it why, then disconnect (the client does not reconnect). */
export function endSession(socket: LuoshiSocket, reason: SessionEndReason): void {
  socket.emit('session:ended', { reason });
  socket.disconnect(true);
}

/** Disconnect the socket when its token expires, unless it was renewed meanwhile. */
function watchExpiry(socket: LuoshiSocket): { rearm(): void; stop(): void } {
  let timer: NodeJS.Timeout | null = null;
  const arm = () => {
    if (timer) clearTimeout(timer);
    const leftMs = socket.data.session.exp * 1000 - Date.now();
    timer = setTimeout(() => {
      if (socket.data.session.exp * 1000 > Date.now()) arm();
      else endSession(socket, 'expired');
    }, Math.min(Math.max(0, leftMs), MAX_TIMER_MS));
    timer.unref();
  };
  arm();
  return {
    rearm: arm,
    stop: () => {
      if (timer) clearTimeout(timer);
    },
  };
}

/**
 * End the sockets of `meetingId` that `stale` selects, with `reason`; resolves to how many.
 * Used when a meeting is deleted and when a join code is rotated or revoked.
 */
export async function endSessions(io: LuoshiServer, meetingId: string, reason: SessionEndReason, stale: (s: SessionClaims) => boolean | Promise<boolean>): Promise<number> {
  let n = 0;
  for (const socket of await io.in(rooms.meeting(meetingId)).fetchSockets()) {
    if (!(await stale(socket.data.session))) continue;
    socket.emit('session:ended', { reason });
    socket.disconnect(true);
    n += 1;
  }
  return n;
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
