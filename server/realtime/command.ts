/**
 * Registers one client command: validate (zod) → authorise (role, expiry) → handler (persists)
 * → exactly one callback with a Result → publish (broadcast) after the callback.
 * Emits without a callback are ignored (logged): nothing can be answered.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { z } from 'zod';
import type { Role } from '../../shared/protocol/domain.ts';
import { wireError, type Result } from '../../shared/protocol/errors.ts';
import type { ClientToServerEvents, SessionClaims } from '../../shared/protocol/socket.ts';
import { DomainError, toWireError, zodDetails } from '../errors.ts';
import type { LuoshiSocket } from './types.ts';

/** The data type a command's callback carries. */
export type CommandData<E extends keyof ClientToServerEvents> =
  Parameters<ClientToServerEvents[E]>[1] extends (result: Result<infer T>) => void ? T : never;

export interface Outcome<T> {
  data: T;
  /** Broadcast the committed events; runs after the callback. */
  publish?: () => void;
}

export interface CommandOptions<E extends keyof ClientToServerEvents, S extends z.ZodType> {
  schema: S;
  roles: readonly Role[];
  /** Runs before the schema: lets a command map a specific problem to a specific code. */
  precheck?: (raw: unknown) => DomainError | null;
  handler: (req: z.output<S>, session: SessionClaims) => Outcome<CommandData<E>> | Promise<Outcome<CommandData<E>>>;
}

/** Every command a client may send (the keys of ClientToServerEvents). */
const COMMAND_NAMES: Record<keyof ClientToServerEvents, true> = {
  sync: true,
  'audio:start': true,
  'audio:chunk': true,
  'audio:stop': true,
  'ack:submit': true,
  'meeting:start': true,
  'meeting:end': true,
  'meeting:reopen': true,
  'meeting:close-corrections': true,
  'speaker:set-current': true,
  'segment:edit': true,
  'requirement:edit': true,
  'requirement:merge': true,
  'requirement:split': true,
  'requirement:publish': true,
  'requirement:withdraw': true,
  'requirement:add': true,
  'requirement:undo': true,
};
export const KNOWN_COMMANDS: ReadonlySet<string> = new Set(Object.keys(COMMAND_NAMES));

/** Commands one socket may send in a burst, then `COMMAND_RATE_PER_S` more per second. */
export const COMMAND_BURST = 300;
export const COMMAND_RATE_PER_S = 100;
const budgets = new WeakMap<LuoshiSocket, { tokens: number; atMs: number }>();

/** Per-socket token bucket: a flooding client gets `overloaded` instead of starving others. */
function withinBudget(socket: LuoshiSocket, nowMs = Date.now()): boolean {
  const b = budgets.get(socket) ?? { tokens: COMMAND_BURST, atMs: nowMs };
  b.tokens = Math.min(COMMAND_BURST, b.tokens + ((nowMs - b.atMs) * COMMAND_RATE_PER_S) / 1000);
  b.atMs = nowMs;
  budgets.set(socket, b);
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}

export function registerCommand<E extends keyof ClientToServerEvents, S extends z.ZodType>(
  socket: LuoshiSocket,
  name: E,
  options: CommandOptions<E, S>,
  log: FastifyBaseLogger,
): void {
  const listener = async (...args: unknown[]) => {
    const ack = args[args.length - 1];
    if (typeof ack !== 'function') {
      log.debug({ event: name, socket: socket.id }, 'command without callback ignored');
      return;
    }
    let answered = false;
    const reply = (result: Result<CommandData<E>>) => {
      if (answered) return;
      answered = true;
      try {
        ack(result);
      } catch (err) {
        log.warn({ err, event: name }, 'ack callback failed');
      }
    };
    try {
      if (!withinBudget(socket)) throw new DomainError('overloaded', ['too many commands'], true);
      const session = socket.data.session;
      if (session.exp <= Date.now() / 1000) throw new DomainError('unauthorized');
      if (!options.roles.includes(session.role)) throw new DomainError('forbidden');
      const raw = args.length > 1 ? args[0] : undefined;
      const early = options.precheck?.(raw);
      if (early) throw early;
      const parsed = options.schema.safeParse(raw);
      if (!parsed.success) throw new DomainError('bad_request', zodDetails(parsed.error.issues));
      const outcome = await options.handler(parsed.data, session);
      reply({ ok: true, data: outcome.data });
      outcome.publish?.();
    } catch (err) {
      if (!(err instanceof DomainError)) log.error({ err, event: name }, 'command failed');
      reply({ ok: false, error: toWireError(err) });
    }
  };
  onUntyped(socket, name, (...args) => void listener(...args));
}

/**
 * Listen to a client event as sent: socket.io hands listeners whatever the client sent, so the
 * listener takes unknown[] and checks every argument itself; the typed map only describes
 * well-behaved clients.
 */
export function onUntyped(socket: LuoshiSocket, event: string, listener: (...args: unknown[]) => void): void {
  (socket as unknown as { on(event: string, l: (...args: unknown[]) => void): void }).on(event, listener);
}

/** Answer unknown events that carry a callback with bad_request. */
export function rejectUnknownEvents(socket: LuoshiSocket): void {
  socket.onAny((event: unknown, ...args: unknown[]) => {
    if (typeof event === 'string' && KNOWN_COMMANDS.has(event)) return;
    const ack = args[args.length - 1];
    if (typeof ack === 'function') ack({ ok: false, error: wireError('bad_request', ['unknown event']) });
  });
}
