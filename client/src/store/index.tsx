/**
 * The app store: one Provider composing the per-domain slices (session, meeting, connection,
 * acks, toasts, organiser login); `useStore()` gives `[state, actions]` to every view.
 */
import { createContext, createSignal, onCleanup, useContext, type ParentProps } from 'solid-js';
import { createAcks } from './acks.ts';
import { createConnection } from './connection.ts';
import { createMeeting } from './meeting.ts';
import { createOrganiserSlice } from './organiser.ts';
import { createToasts } from './toasts.ts';
import { loadSession, saveSession, type Session } from '../session.ts';
import { joinWithCode } from '../api/join.ts';
import { rememberedVenueCode, renewalDelayMs } from '../venue-renewal.ts';

function createAppStore() {
  const toasts = createToasts();
  const organiser = createOrganiserSlice();
  const meeting = createMeeting();
  const [session, setSessionSignal] = createSignal<Session | null>(loadSession());
  let acks: ReturnType<typeof createAcks> | null = null;
  const connection = createConnection({
    meeting: meeting.meeting,
    meetingActions: meeting.actions,
    toast: toasts.actions.toast,
    onSynced: () => acks?.actions.retryNow(),
    // A silently renewed token replaces the stored one (REST calls, reloads and reconnects use it).
    onRenewed: (token, claims) => {
      const current = session();
      if (!current || current.meetingId !== claims.meetingId || current.venueId !== claims.venueId) return;
      const next = { ...current, token, exp: claims.exp };
      saveSession(next);
      setSessionSignal(next);
    },
  });
  acks = createAcks({ socket: connection.actions.socket, toast: toasts.actions.toast, onAcked: meeting.actions.applyAck });
  const ackSlice = acks;

  let renewTimer: ReturnType<typeof setTimeout> | undefined;
  /** A venue session joins again with its remembered code before its token expires (days-long inbox). */
  async function renewVenue(): Promise<void> {
    const code = rememberedVenueCode();
    const current = session();
    if (!code || current?.role !== 'venue') return;
    try {
      const next = await joinWithCode(code);
      if (next.role === 'venue' && next.venueId === current.venueId) setSession(next);
    } catch {
      renewTimer = setTimeout(() => void renewVenue(), 60_000); // offline or server down: try again
    }
  }

  /** Sign in (or out): connects the socket for the session and starts the ack outbox for venues. */
  function setSession(next: Session | null): void {
    clearTimeout(renewTimer);
    if (next?.role === 'venue' && next.exp > 0 && rememberedVenueCode()) {
      renewTimer = setTimeout(() => void renewVenue(), Math.min(renewalDelayMs(next.exp, Date.now()), 2_000_000_000)); // setTimeout's limit is 2^31 − 1 ms
    }
    saveSession(next);
    connection.actions.close();
    ackSlice.actions.stop();
    meeting.actions.reset();
    setSessionSignal(next);
    if (next) {
      connection.actions.open(next.token, next.exp);
      if (next.role === 'venue') ackSlice.actions.start(next.meetingId, next.venueId);
    }
  }

  const state = {
    get session() {
      return session();
    },
    /** The organiser's login, if any (independent of the meeting session of this tab). */
    get organiser() {
      return organiser.login();
    },
    meeting: meeting.meeting,
    connection: connection.connection,
    toasts: toasts.toasts,
    outbox: ackSlice.outbox,
  };
  const actions = {
    setSession,
    renewVenue,
    ...toasts.actions,
    ...meeting.actions,
    connection: connection.actions,
    acks: ackSlice.actions,
    organiser: organiser.actions,
  };
  return [state, actions] as const;
}

export type AppStore = ReturnType<typeof createAppStore>;
export type AppState = AppStore[0];
export type AppActions = AppStore[1];

const StoreContext = createContext<AppStore>();

export function StoreProvider(props: ParentProps) {
  const store = createAppStore();
  const [state, actions] = store;
  // A stored session from before a reload reconnects straight away.
  const existing = state.session;
  if (existing) actions.setSession(existing);
  onCleanup(() => actions.connection.close());
  return <StoreContext.Provider value={store}>{props.children}</StoreContext.Provider>;
}

export function useStore(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useStore() outside <StoreProvider>');
  return store;
}
