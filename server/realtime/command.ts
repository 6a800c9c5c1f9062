/**
 * Registers one client command: validate (zod) → authorise (role, expiry) → handler (persists)
 * → exactly one callback with a Result → publish (broadcast) after the callback. A socket's
 * commands run in arrival order, each after the previous one's publish.
 * Emits without a callback are ignored (logged): nothing can be answered.
 *
 * Every incoming message, known or not, first pays into a per-socket budget (`guardMessages`);
 * commands that cost more than a message (a full snapshot) pay the difference through `ctx.charge`.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { z } from 'zod';
import type { Role } from '../../shared/protocol/domain.ts';
import { wireError, type Result } from '../../shared/protocol/errors.ts';
import type { ClientToServerEvents, SessionClaims } from '../../shared/protocol/socket.ts';
import { DomainError, toWireError, zodDetails } from '../errors.ts';
import { dropConnection } from './connection-guard.ts';
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
  handler: (req: z.output<S>, session: SessionClaims, ctx: CommandContext) => Outcome<CommandData<E>> | Promise<Outcome<CommandData<E>>>;
}

/** What a handler may do besides its work. */
export interface CommandContext {
  /** Pay `units` more from the socket's budget, at most a full bucket (throws `overloaded` when it cannot). */
  charge(units: number): void;
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
  'session:renew': true,
};
export const KNOWN_COMMANDS: ReadonlySet<string> = new Set(Object.keys(COMMAND_NAMES));

/** Budget units one socket may spend in a burst, then `COMMAND_RATE_PER_S` more per second; a message costs 1. */
export const COMMAND_BURST = 300;
export const COMMAND_RATE_PER_S = 100;
/**
 * A full snapshot (up to ~120 KB of JSON for a big meeting, built and serialised) costs this many
 * units: after the first ones a socket gets one every 2.5 s, however often it asks.
 */
export const SNAPSHOT_COST = 250;
/** Messages refused (budget empty) within REFUSAL_WINDOW_MS after which the socket is dropped as a flood. */
export const MAX_REFUSED_PER_WINDOW = 1000;
export const REFUSAL_WINDOW_MS = 10_000;

/** Per-socket token bucket in cost units, with a count of recent refusals. */
export class CommandBudget {
  private tokens = COMMAND_BURST;
  private atMs: number;
  private windowStartMs: number;
  /** Messages refused in the current window. */
  refused = 0;

  constructor(nowMs = Date.now()) {
    this.atMs = nowMs;
    this.windowStartMs = nowMs;
  }

  /** Take `units` if available. */
  take(units: number, nowMs = Date.now()): boolean {
    this.tokens = Math.min(COMMAND_BURST, this.tokens + ((nowMs - this.atMs) * COMMAND_RATE_PER_S) / 1000);
    this.atMs = nowMs;
    if (this.tokens >= units) {
      this.tokens -= units;
      return true;
    }
    if (nowMs - this.windowStartMs > REFUSAL_WINDOW_MS) {
      this.windowStartMs = nowMs;
      this.refused = 0;
    }
    this.refused += 1;
    return false;
  }
}

const budgets = new WeakMap<LuoshiSocket, CommandBudget>();

/** The socket's budget (created on first use). */
export function budgetOf(socket: LuoshiSocket): CommandBudget {
  let b = budgets.get(socket);
  if (!b) budgets.set(socket, (b = new CommandBudget()));
  return b;
}

const overloaded = () => new DomainError('overloaded', ['too many commands'], true);

/**
 * Every message a socket sends pays one unit before anything else happens: over budget it is
 * answered `overloaded` (if it has a callback) and not run; a socket that keeps sending into an
 * empty budget is disconnected. Unknown events are answered `bad_request` and never dispatched.
 */
export function guardMessages(socket: LuoshiSocket, log: FastifyBaseLogger): void {
  socket.use((event, next) => {
    const args: unknown[] = event;
    const [name] = args;
    const ack = args.length > 1 ? args[args.length - 1] : undefined;
    const answer = (error: WireErrorLike) => {
      if (typeof ack === 'function') ack({ ok: false, error });
    };
    const budget = budgetOf(socket);
    if (!budget.take(1)) {
      if (budget.refused === 1) log.warn({ socket: socket.id, meetingId: socket.data.session.meetingId }, 'socket over its command budget');
      if (budget.refused >= MAX_REFUSED_PER_WINDOW) {
        log.warn({ socket: socket.id, meetingId: socket.data.session.meetingId, refused: budget.refused }, 'socket disconnected: flooding');
        // Torn down, not asked to leave: a flooding client may not be reading either.
        dropConnection(socket.conn);
        return;
      }
      answer(overloaded().toWire());
      return;
    }
    if (typeof name !== 'string' || !KNOWN_COMMANDS.has(name)) {
      answer(wireError('bad_request', ['unknown event']));
      return;
    }
    next();
  });
}

type WireErrorLike = ReturnType<typeof wireError>;

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
      const session = socket.data.session;
      if (session.exp <= Date.now() / 1000) throw new DomainError('unauthorized');
      if (!options.roles.includes(session.role)) throw new DomainError('forbidden');
      const raw = args.length > 1 ? args[0] : undefined;
      const early = options.precheck?.(raw);
      if (early) throw early;
      const parsed = options.schema.safeParse(raw);
      if (!parsed.success) throw new DomainError('bad_request', zodDetails(parsed.error.issues));
      const ctx: CommandContext = {
        // Capped below a full bucket, so even the largest reply is served once the bucket refills.
        charge: (units) => {
          if (units > 0 && !budgetOf(socket).take(Math.min(units, COMMAND_BURST - 1))) throw overloaded();
        },
      };
      const outcome = await options.handler(parsed.data, session, ctx);
      reply({ ok: true, data: outcome.data });
      outcome.publish?.();
    } catch (err) {
      if (!(err instanceof DomainError)) log.error({ err, event: name }, 'command failed');
      reply({ ok: false, error: toWireError(err) });
    }
  };
  onUntyped(socket, name, (...args) => void inOrder(socket, () => listener(...args)));
}

const queues = new WeakMap<LuoshiSocket, Promise<void>>();

/**
 * One socket's commands run one after another, in the order they arrived: handlers await the
 * database, and without this a venue's second ack (or a host's chunk after audio:start) could
 * overtake the first. Different sockets still run concurrently.
 */
function inOrder(socket: LuoshiSocket, run: () => Promise<void>): Promise<void> {
  // `run` answers every failure itself (the listener above); the second `run` only keeps the chain going.
  const next = (queues.get(socket) ?? Promise.resolve()).then(run, run);
  queues.set(socket, next);
  return next;
}

/**
 * Listen to a client event as sent: socket.io hands listeners whatever the client sent, so the
 * listener takes unknown[] and checks every argument itself; the typed map only describes
 * well-behaved clients.
 */
export function onUntyped(socket: LuoshiSocket, event: string, listener: (...args: unknown[]) => void): void {
  (socket as unknown as { on(event: string, l: (...args: unknown[]) => void): void }).on(event, listener);
}

