/**
 * Connection slice: owns the session's socket, and on every (re)connect runs `sync` with the
 * last applied `seq`, applying the missed events or a snapshot. Live events pass through the
 * sequencing rule (shared/protocol/sequencing.ts): in-order ones apply, duplicates drop, a gap
 * triggers another sync.
 */
import { createStore } from 'solid-js/store';
import type { MeetingEvent, SessionClaims, SessionEndReason } from '../../../shared/protocol/index.ts';
import { connectMeetingSocket, command, type MeetingSocket } from '../api/socket.ts';
import { UserFacingError, userMessage } from '../api/errors.ts';
import { decide, drainBuffer } from '../../../shared/protocol/sequencing.ts';
import type { MeetingState } from '../state/meeting-state.ts';
import type { MeetingActions } from './meeting.ts';
import type { ToastKind } from './toasts.ts';

/** What the connection banner shows. */
export type ConnectionStatus = 'idle' | 'connecting' | 'syncing' | 'live' | 'reconnecting' | 'unauthorized';

export interface ConnectionState {
  status: ConnectionStatus;
  /** Times the socket came back after a drop (0 on the first connect). */
  reconnects: number;
  /** Events caught up by the last sync (missed events or a snapshot's worth). */
  lastCatchUp: { kind: 'events' | 'snapshot'; count: number } | null;
  /** Why the session ended, when `status` is `unauthorized` (`invalid`: the server refused the token). */
  endedReason: SessionEndReason | 'invalid' | null;
}

/** Wait before retrying a failed sync while still connected, ms. */
const SYNC_RETRY_MS = 1_000;
/** Held out-of-order events beyond this count force a sync right away. */
const MAX_BUFFERED_EVENTS = 500;
/** Reconnect after a server-side disconnect that was not `session:ended` (a restart), ms. */
const SERVER_DISCONNECT_RECONNECT_MS = 1_000;
/** Try again after the server refused the connection for a reason other than the token, ms. */
const SERVER_REFUSED_RETRY_MS = 5_000;
/** Retry a renewal that failed for a transient reason, ms. */
const RENEW_RETRY_MS = 30_000;

/**
 * When to renew a token expiring at `expS`, ms from now: at two thirds of what is left (at
 * least 5 s from now), so a renewal that fails has time for retries before the token lapses.
 */
export function renewDelayMs(expS: number, nowMs: number): number {
  const leftMs = expS * 1000 - nowMs;
  return Math.max(5_000, Math.floor((leftMs * 2) / 3));
}

export interface ConnectionDeps {
  meeting: MeetingState;
  meetingActions: MeetingActions;
  toast: (message: string, kind?: ToastKind) => void;
  /** Called after each successful sync (e.g. to resend pending acknowledgements). */
  onSynced?: () => void;
  /** A renewed token for the session (store it: a reload and every reconnect use it). */
  onRenewed?: (token: string, session: SessionClaims) => void;
}

export function createConnection(deps: ConnectionDeps) {
  const [connection, setConnection] = createStore<ConnectionState>({ status: 'idle', reconnects: 0, lastCatchUp: null, endedReason: null });
  let socket: MeetingSocket | null = null;
  let buffer: MeetingEvent[] = [];
  let syncing = false;
  let syncAgain = false;
  let everConnected = false;
  /** Set when a replay left a hole it could not fill: the next sync asks for a snapshot. */
  let wantSnapshot = false;
  /** Set by `session:ended`: the only server-side disconnect that is final. */
  let ended: SessionEndReason | null = null;
  let renewTimer: ReturnType<typeof setTimeout> | null = null;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;

  function endSession(reason: SessionEndReason | 'invalid'): void {
    setConnection({ status: 'unauthorized', endedReason: reason });
    if (renewTimer) clearTimeout(renewTimer);
    renewTimer = null;
  }

  /** Renew the token silently before it expires, while the join code is valid. */
  function scheduleRenewal(expS: number): void {
    if (renewTimer) clearTimeout(renewTimer);
    if (!expS) return;
    renewTimer = setTimeout(() => void renew(), renewDelayMs(expS, Date.now()));
  }

  async function renew(): Promise<void> {
    const current = socket;
    renewTimer = null;
    if (!current || ended) return;
    try {
      const renewed = await command(current, 'session:renew', {});
      if (socket !== current) return;
      current.auth = { token: renewed.token };
      deps.onRenewed?.(renewed.token, renewed.session);
      scheduleRenewal(renewed.session.exp);
    } catch (error) {
      // conflict: a session the organiser opened is not renewed (it is opened again from the archive);
      // unauthorized: the code changed, and the server ends the socket itself.
      if (error instanceof UserFacingError && !error.retryable) return;
      if (socket === current) renewTimer = setTimeout(() => void renew(), RENEW_RETRY_MS);
    }
  }

  function drain(): void {
    const lastSeq = deps.meeting.lastSeq;
    if (lastSeq === null || buffer.length === 0) return;
    const { ready, waiting } = drainBuffer(lastSeq, buffer);
    deps.meetingActions.applyEvents(ready);
    buffer = waiting;
  }

  async function sync(): Promise<void> {
    const current = socket;
    if (!current) return;
    if (syncing) {
      syncAgain = true;
      return;
    }
    syncing = true;
    if (connection.status !== 'live') setConnection('status', 'syncing');
    try {
      const seqBefore = deps.meeting.lastSeq;
      const askedSeq = wantSnapshot ? null : seqBefore;
      wantSnapshot = false;
      const reply = await command(current, 'sync', { lastSeq: askedSeq });
      if (reply.kind === 'snapshot') {
        deps.meetingActions.applySnapshot(reply.snapshot);
        setConnection('lastCatchUp', { kind: 'snapshot', count: reply.snapshot.seq });
      } else {
        const before = deps.meeting.lastSeq ?? 0;
        buffer.push(...reply.events);
        drain();
        setConnection('lastCatchUp', { kind: 'events', count: (deps.meeting.lastSeq ?? 0) - before });
      }
      drain();
      // Still a hole after the reply: ask again (the server may have moved on meanwhile); if the
      // replay made no progress at all, the next ask is for a snapshot, so this cannot loop.
      if (buffer.length > 0) {
        syncAgain = true;
        if (deps.meeting.lastSeq === seqBefore) wantSnapshot = true;
      }
      setConnection('status', 'live');
      deps.onSynced?.();
    } catch (error) {
      if (error instanceof UserFacingError && (error.code === 'unauthorized' || error.code === 'forbidden')) {
        endSession('invalid');
        deps.toast(error.message, 'error');
      } else if (current.connected) {
        setTimeout(() => void sync(), SYNC_RETRY_MS);
      }
    } finally {
      syncing = false;
      if (syncAgain && socket?.connected) {
        syncAgain = false;
        void sync();
      }
    }
  }

  function onEvent(event: MeetingEvent): void {
    const decision = decide(deps.meeting.lastSeq, event);
    if (decision === 'apply' && !syncing) {
      deps.meetingActions.applyEvents([event]);
      drain();
      return;
    }
    if (decision === 'duplicate') return;
    buffer.push(event);
    if (syncing) return;
    if (deps.meeting.lastSeq !== null || buffer.length > MAX_BUFFERED_EVENTS) void sync();
  }

  function scheduleReconnect(s: MeetingSocket, delayMs: number): void {
    if (reconnectTimer) clearTimeout(reconnectTimer);
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      if (socket === s && !ended && !s.connected) s.connect();
    }, delayMs);
  }

  /** Connect with `token`; `expS` (the token's expiry, s) schedules its silent renewal. */
  function open(token: string, expS = 0): MeetingSocket {
    close();
    const s = connectMeetingSocket(token);
    socket = s;
    ended = null;
    setConnection({ status: 'connecting', reconnects: 0, lastCatchUp: null, endedReason: null });
    scheduleRenewal(expS);
    s.on('connect', () => {
      if (everConnected) setConnection('reconnects', (n) => n + 1);
      everConnected = true;
      void sync();
    });
    s.on('session:ended', (info) => {
      ended = info.reason;
      endSession(info.reason);
    });
    s.on('disconnect', (reason) => {
      if (ended) return;
      setConnection('status', 'reconnecting');
      // Only `session:ended` is final. Any other server-side disconnect (a restart, an older server
      // shutting down) is not, but socket.io does not reconnect after one by itself.
      if (reason === 'io server disconnect') scheduleReconnect(s, SERVER_DISCONNECT_RECONNECT_MS);
    });
    s.on('connect_error', (error) => {
      // The server refused the token itself (expired while offline, code changed): final.
      const data = (error as Error & { data?: { code?: string } }).data; // socket.io puts the server's error data here
      if (data?.code === 'unauthorized' || /unauthori[sz]ed|invalid token/i.test(error.message)) {
        endSession('invalid');
        deps.toast('身份验证失败，请重新加入会议', 'error');
        s.disconnect();
        return;
      }
      setConnection('status', everConnected ? 'reconnecting' : 'connecting');
      // Refused by the server for now (e.g. too many screens of this session: overloaded):
      // socket.io does not retry a refusal by itself, so try again a little later.
      if (!s.active) scheduleReconnect(s, SERVER_REFUSED_RETRY_MS);
    });
    s.on('meeting:event', onEvent);
    s.on('transcript:interim', (interim) => deps.meetingActions.applyInterim(interim));
    s.on('presence:changed', (presence) => deps.meetingActions.applyPresence(presence));
    s.on('model:status', (status) => deps.meetingActions.applyModelStatus(status));
    return s;
  }

  function close(): void {
    if (renewTimer) clearTimeout(renewTimer);
    if (reconnectTimer) clearTimeout(reconnectTimer);
    renewTimer = null;
    reconnectTimer = null;
    if (!socket) return;
    socket.removeAllListeners();
    socket.disconnect();
    socket = null;
    buffer = [];
    everConnected = false;
    ended = null;
    setConnection({ status: 'idle', reconnects: 0, lastCatchUp: null, endedReason: null });
  }

  /** Run a command, toasting its Chinese error; resolves to null on failure. */
  async function run<T>(task: (s: MeetingSocket) => Promise<T>, success?: string): Promise<T | null> {
    if (!socket) {
      deps.toast('尚未连接会议', 'error');
      return null;
    }
    try {
      const result = await task(socket);
      if (success) deps.toast(success, 'success');
      return result;
    } catch (error) {
      deps.toast(userMessage(error), 'error');
      return null;
    }
  }

  return { connection, actions: { open, close, sync, run, socket: () => socket } };
}
