/**
 * Ack slice (venue screen): drives the pure outbox in `sync/ack-outbox.ts`. Each 收到/已传达
 * click is queued, persisted to localStorage (so a reload does not lose it), sent, and resent
 * with backoff until the server answers.
 */
import { createStore } from 'solid-js/store';
import type { Acknowledgement, AckKind } from '../../../shared/protocol/index.ts';
import { command, type MeetingSocket } from '../api/socket.ts';
import { UserFacingError, userMessage } from '../api/errors.ts';
import {
  ACK_SEND_TIMEOUT_MS,
  due,
  enqueue,
  isFinalError,
  markFailed,
  parseQueue,
  remove,
  resetBackoff,
  type PendingAck,
} from '../sync/ack-outbox.ts';
import type { ToastKind } from './toasts.ts';

/** How often the outbox looks for due acks, ms. */
const TICK_MS = 500;

export interface AckDeps {
  socket: () => MeetingSocket | null;
  toast: (message: string, kind?: ToastKind) => void;
  /** Store the ack the server confirmed at once (its `ack:recorded` event may follow; it carries the same record). */
  onAcked: (ack: Acknowledgement) => void;
}

export function createAcks(deps: AckDeps) {
  const [outbox, setOutbox] = createStore<{ pending: PendingAck[] }>({ pending: [] });
  const inFlight = new Set<string>();
  let storageKey: string | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;

  function persist(): void {
    if (storageKey) localStorage.setItem(storageKey, JSON.stringify(outbox.pending));
  }

  function setPending(next: PendingAck[]): void {
    setOutbox('pending', next);
    persist();
  }

  async function send(item: PendingAck): Promise<void> {
    const socket = deps.socket();
    const key = `${item.requirementId}|${item.kind}`;
    if (!socket?.connected || inFlight.has(key)) return;
    inFlight.add(key);
    try {
      const reply = await command(socket, 'ack:submit', { requirementId: item.requirementId, kind: item.kind, version: item.version }, ACK_SEND_TIMEOUT_MS);
      deps.onAcked(reply.ack);
      setPending(remove(outbox.pending, item, reply.ack.version));
    } catch (error) {
      if (error instanceof UserFacingError && isFinalError(error.code)) {
        setPending(remove(outbox.pending, item));
        deps.toast(userMessage(error), 'error');
      } else {
        setPending(markFailed(outbox.pending, item, Date.now()));
      }
    } finally {
      inFlight.delete(key);
    }
  }

  function flush(): void {
    for (const item of due(outbox.pending, Date.now())) void send(item);
  }

  /** Start for one venue session: restore what a previous page left unsent. */
  function start(meetingId: string, venueId: string): void {
    stop();
    storageKey = `luoshi.acks.${meetingId}.${venueId}`;
    setOutbox('pending', parseQueue(localStorage.getItem(storageKey)));
    timer = setInterval(flush, TICK_MS);
  }

  function stop(): void {
    if (timer) clearInterval(timer);
    timer = null;
    storageKey = null;
    setOutbox('pending', []);
  }

  /** Confirm `version` of a requirement (the one on screen when the venue clicked). */
  function submit(requirementId: string, kind: AckKind, version: number): void {
    setPending(enqueue(outbox.pending, requirementId, kind, version, Date.now()));
    flush();
  }

  /** After a (re)connect and sync: everything queued is due now. */
  function retryNow(): void {
    setPending(resetBackoff(outbox.pending, Date.now()));
    flush();
  }

  function isPending(requirementId: string, kind: AckKind): boolean {
    return outbox.pending.some((p) => p.requirementId === requirementId && p.kind === kind);
  }

  return { outbox, actions: { start, stop, submit, retryNow, isPending } };
}
