import type { FastifyBaseLogger } from 'fastify';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { COMMAND_BURST, COMMAND_RATE_PER_S, CommandBudget, guardMessages, MAX_REFUSED_PER_WINDOW, REFUSAL_WINDOW_MS } from './command.ts';
import type { LuoshiSocket } from './types.ts';

type Middleware = (event: unknown[], next: (err?: Error) => void) => void;

const quiet = () => undefined;
// guardMessages only logs; a silent stand-in of Fastify's logger.
const log = { warn: quiet, debug: quiet, info: quiet, error: quiet } as unknown as FastifyBaseLogger;

/** A socket as guardMessages sees it: its middleware, its session, its engine.io connection. */
function fakeSocket() {
  let middleware: Middleware | null = null;
  const conn = { close: vi.fn(), transport: { socket: { terminate: vi.fn() } } };
  const socket = { id: 's1', data: { session: { meetingId: 'm1' } }, conn, use: (fn: Middleware) => (middleware = fn) };
  // Only the members above are used by guardMessages.
  guardMessages(socket as unknown as LuoshiSocket, log);
  /** Send one message; returns whether it was dispatched and what its callback was answered. */
  const send = (name: unknown) => {
    const ack = vi.fn();
    const next = vi.fn();
    middleware?.([name, {}, ack], next);
    return { dispatched: next.mock.calls.length === 1, answer: ack.mock.calls[0]?.[0] as { ok: boolean; error: { code: string } } | undefined };
  };
  return { send, conn };
}

describe('CommandBudget', () => {
  it('gives a burst, refuses beyond it, and refills at the rate', () => {
    const b = new CommandBudget(0);
    expect(b.take(COMMAND_BURST, 0)).toBe(true);
    expect(b.take(1, 0)).toBe(false);
    expect(b.refused).toBe(1);
    // One second later: COMMAND_RATE_PER_S units more, never more than the burst.
    expect(b.take(COMMAND_RATE_PER_S, 1000)).toBe(true);
    expect(b.take(1, 1000)).toBe(false);
    expect(b.take(COMMAND_BURST, 1_000_000)).toBe(true);
  });

  it('counts refusals per window and starts over after it', () => {
    const b = new CommandBudget(0);
    b.take(COMMAND_BURST, 0);
    for (let i = 0; i < 5; i++) b.take(1, 0);
    expect(b.refused).toBe(5);
    // The next refusal after the window is the first of a new one.
    expect(b.take(COMMAND_BURST + 1, REFUSAL_WINDOW_MS + 1)).toBe(false);
    expect(b.refused).toBe(1);
  });
});

describe('guardMessages', () => {
  beforeEach(() => {
    // No refill while a test sends: the budget is spent by messages alone.
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('dispatches known commands and answers unknown events bad_request, both paying one unit', () => {
    const { send } = fakeSocket();
    expect(send('sync')).toEqual({ dispatched: true, answer: undefined });
    expect(send('venue:nonsense')).toMatchObject({ dispatched: false, answer: { ok: false, error: { code: 'bad_request' } } });
    expect(send(42)).toMatchObject({ dispatched: false, answer: { error: { code: 'bad_request' } } });
    for (let i = 3; i < COMMAND_BURST; i++) send('venue:nonsense');
    // The budget is spent, by unknown events as much as by commands.
    expect(send('sync')).toMatchObject({ dispatched: false, answer: { ok: false, error: { code: 'overloaded' } } });
  });

  it('drops the connection of a socket that keeps sending into an empty budget', () => {
    const { send, conn } = fakeSocket();
    for (let i = 0; i < COMMAND_BURST + MAX_REFUSED_PER_WINDOW - 1; i++) send('sync');
    expect(conn.close).not.toHaveBeenCalled();
    expect(send('sync').answer).toBeUndefined();
    expect(conn.close).toHaveBeenCalledWith(true);
    expect(conn.transport.socket.terminate).toHaveBeenCalled();
  });
});
