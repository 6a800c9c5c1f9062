/**
 * The typed socket.io connection (one per session) and a command helper that turns every
 * `Result` ack into data or a `UserFacingError`, with a timeout so no click hangs.
 */
import { io, type Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  Result,
  ServerToClientEvents,
} from '../../../shared/protocol/index.ts';
import { UserFacingError } from './errors.ts';

export type MeetingSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** How long a command waits for the server's ack before failing, ms. */
export const COMMAND_TIMEOUT_MS = 8_000;

/** Open the session's socket to the same origin that served the page. */
export function connectMeetingSocket(token: string): MeetingSocket {
  return io({
    auth: { token },
    // WebSocket first; long-polling stays as the fallback for proxies that block upgrades.
    transports: ['websocket', 'polling'],
    reconnectionDelay: 500,
    reconnectionDelayMax: 5_000,
    timeout: 10_000,
  });
}

type CommandName = keyof ClientToServerEvents;
type CommandRequest<K extends CommandName> = Parameters<ClientToServerEvents[K]>[0];
type CommandAck<K extends CommandName> = Parameters<ClientToServerEvents[K]>[1];
type CommandData<K extends CommandName> = Parameters<CommandAck<K>>[0] extends Result<infer T> ? T : never;

/**
 * Send one command and wait for its `Result`. Rejects with a retryable `UserFacingError`
 * when disconnected or timed out, and with the server's code otherwise.
 */
export async function command<K extends CommandName>(
  socket: MeetingSocket,
  name: K,
  request: CommandRequest<K>,
  timeoutMs = COMMAND_TIMEOUT_MS,
): Promise<CommandData<K>> {
  if (!socket.connected) throw new UserFacingError('disconnected');
  let result: Result<CommandData<K>>;
  try {
    // socket.io's typed emitWithAck cannot follow a generic event name; the map above fixes the types.
    const timed = socket.timeout(timeoutMs);
    const emit = timed.emitWithAck.bind(timed) as unknown as (n: K, r: CommandRequest<K>) => Promise<Result<CommandData<K>>>;
    result = await emit(name, request);
  } catch {
    throw new UserFacingError(socket.connected ? 'timeout' : 'disconnected');
  }
  if (!result || typeof result !== 'object' || !('ok' in result)) throw new UserFacingError('internal');
  if (!result.ok) throw UserFacingError.fromWire(result.error);
  return result.data;
}
