/**
 * Meeting status → LiveKit: when a meeting goes live its room is created and the hidden agent
 * joins; when it ends the agent leaves and the room is deleted. Also routes the host's
 * "switch transcribed speaker" to the running agent. Retries live in this one place.
 *
 * With several nodes only the holder of the meeting's ASR lease runs its agent: the others
 * stand by (see agent-lease.ts, which takes a stand-by meeting over when its lease runs out, and
 * stands the agent down when another node took the lease).
 */
import type { Meeting } from '../../shared/protocol/index.ts';
import type { AgentLogger } from './agent-session.ts';
import type { LiveKitRooms } from './room-service.ts';

/** What the lifecycle needs of a running agent (LiveKitAgent, or a recorder in tests). */
export interface AgentHandle {
  switchSpeaker(identity: string): void;
  stop(): Promise<void>;
}

export type StartAgent = (meetingId: string, speakerIdentity: string) => Promise<AgentHandle>;

/** The node's say over a meeting's audio (its ASR lease): only the holder runs the agent. */
export interface AgentLease {
  /** Take or keep the meeting's lease; false while another node holds it. */
  claim(meetingId: string): Promise<boolean>;
}

/** Delays between attempts to join the agent when LiveKit is unreachable, ms. */
export const AGENT_RETRY_DELAYS_MS = [2_000, 5_000, 15_000, 30_000, 60_000] as const;

interface MeetingState {
  agent: AgentHandle | null;
  /** Identity to transcribe (null: the main venue). */
  speaker: string | null;
  /** Looked up (from the database) in the meeting's chain; null until then. */
  mainVenueId: string | null;
  retry: NodeJS.Timeout | null;
  attempt: number;
  /** Serialises open/close of this meeting. */
  chain: Promise<void>;
  live: boolean;
  /** Another node holds the meeting's lease and runs its agent. */
  standby: boolean;
  /** Opening the room or joining the agent right now. */
  joining: boolean;
}

export class LiveKitLifecycle {
  private readonly meetings = new Map<string, MeetingState>();

  constructor(
    private readonly rooms: LiveKitRooms,
    private readonly startAgent: StartAgent,
    private readonly mainVenueOf: (meetingId: string) => Promise<string | null>,
    private readonly log: AgentLogger,
    private readonly retryDelaysMs: readonly number[] = AGENT_RETRY_DELAYS_MS,
    private readonly lease: AgentLease | null = null,
  ) {}

  /** Feed every meeting status change here. */
  onMeetingStatus(meeting: Pick<Meeting, 'id' | 'title' | 'status'>): Promise<void> {
    if (meeting.status === 'live') return this.goLive(meeting);
    if (meeting.status === 'ended') return this.end(meeting.id);
    return Promise.resolve();
  }

  /** The meeting's agent, if it joined. */
  agentOf(meetingId: string): AgentHandle | null {
    return this.meetings.get(meetingId)?.agent ?? null;
  }

  /** Switches the transcribed speaker (null: back to the main venue); applied on (re)join too. */
  switchSpeaker(meetingId: string, venueId: string | null): boolean {
    const state = this.meetings.get(meetingId);
    if (!state?.live) return false;
    state.speaker = venueId;
    const identity = venueId ?? state.mainVenueId;
    if (identity) state.agent?.switchSpeaker(identity);
    return true;
  }

  private goLive(meeting: Pick<Meeting, 'id' | 'title'>): Promise<void> {
    const existing = this.meetings.get(meeting.id);
    if (existing?.live) return existing.chain;
    // Set up before anything is awaited, so a status change right after this one finds it.
    const state: MeetingState = existing ?? {
      agent: null,
      speaker: null,
      mainVenueId: null,
      retry: null,
      attempt: 0,
      chain: Promise.resolve(),
      live: true,
      standby: false,
      joining: false,
    };
    state.live = true;
    state.attempt = 0;
    this.meetings.set(meeting.id, state);
    state.chain = state.chain.then(() => this.openAndJoin(meeting, state));
    return state.chain;
  }

  /** Running, joining or about to retry the meeting's agent here: it needs the meeting's lease. */
  runs(meetingId: string): boolean {
    const state = this.meetings.get(meetingId);
    return Boolean(state?.live && !state.standby && (state.agent || state.retry || state.joining));
  }

  /** Live meetings this node knows of (running or standing by). */
  meetingIds(): string[] {
    return [...this.meetings.keys()];
  }

  /** The meeting's lease is free (its holder died or gave up): try to run its agent here. */
  takeOver(meeting: Pick<Meeting, 'id' | 'title'>): Promise<void> {
    const state = this.meetings.get(meeting.id);
    if (!state?.live) return this.goLive(meeting);
    if (state.agent || state.retry || state.joining) return state.chain;
    state.attempt = 0;
    state.chain = state.chain.then(() => this.openAndJoin(meeting, state));
    return state.chain;
  }

  /** Another node took the meeting's lease: stop the agent here and stand by (the room stays). */
  standDown(meetingId: string): Promise<void> {
    const state = this.meetings.get(meetingId);
    if (!state?.live) return Promise.resolve();
    state.standby = true;
    if (state.retry) clearTimeout(state.retry);
    state.retry = null;
    state.chain = state.chain.then(() => this.stopAgent(meetingId, state));
    return state.chain;
  }

  /** Stop the meeting's agent on this node, if it runs one (a failure to stop is only logged). */
  private async stopAgent(meetingId: string, state: MeetingState): Promise<void> {
    const agent = state.agent;
    state.agent = null;
    if (agent) await agent.stop().catch((err: unknown) => this.log.warn({ meetingId, err: String(err) }, 'agent stop failed'));
  }

  private async openAndJoin(meeting: Pick<Meeting, 'id' | 'title'>, state: MeetingState): Promise<void> {
    if (!state.live || state.agent) return;
    state.joining = true;
    try {
      state.mainVenueId ??= await this.mainVenueOf(meeting.id);
      if (!state.live) return;
      if (!state.mainVenueId) {
        this.log.warn({ meetingId: meeting.id }, 'live meeting has no main venue; no LiveKit room');
        state.live = false;
        this.meetings.delete(meeting.id);
        return;
      }
      if (this.lease && !(await this.lease.claim(meeting.id))) {
        if (!state.standby) this.log.info({ meetingId: meeting.id }, 'another node runs the meeting\'s transcription agent; standing by');
        state.standby = true;
        return;
      }
      state.standby = false;
      await this.rooms.openMeetingRoom(meeting);
      const agent = await this.startAgent(meeting.id, state.speaker ?? state.mainVenueId);
      if (!state.live || state.standby) {
        await agent.stop();
        return;
      }
      state.agent = agent;
      state.attempt = 0;
    } catch (err) {
      const delayMs = this.retryDelaysMs[state.attempt];
      this.log.warn({ meetingId: meeting.id, attempt: state.attempt, retryInMs: delayMs ?? null, err: String(err) }, 'livekit room or agent failed');
      if (delayMs === undefined || !state.live) return;
      state.attempt++;
      state.retry = setTimeout(() => {
        state.retry = null;
        state.chain = state.chain.then(() => this.openAndJoin(meeting, state));
      }, delayMs);
      state.retry.unref();
    } finally {
      state.joining = false;
    }
  }

  private end(meetingId: string): Promise<void> {
    const state = this.meetings.get(meetingId);
    if (!state?.live) return state?.chain ?? Promise.resolve();
    state.live = false;
    if (state.retry) clearTimeout(state.retry);
    state.retry = null;
    state.chain = state.chain.then(async () => {
      await this.stopAgent(meetingId, state);
      await this.rooms.closeMeetingRoom(meetingId).catch((err: unknown) =>
        this.log.warn({ meetingId, err: String(err) }, 'livekit room delete failed'),
      );
      this.meetings.delete(meetingId);
    });
    return state.chain;
  }

  /** LiveKit closed the room itself (room_finished): the agent is gone with it. */
  roomFinished(meetingId: string): Promise<void> {
    return this.end(meetingId);
  }

  /** Server shutdown: every agent leaves; rooms are left to LiveKit's timeouts (meetings stay live). */
  async close(): Promise<void> {
    const stops = [...this.meetings.entries()].map(async ([meetingId, state]) => {
      state.live = false;
      if (state.retry) clearTimeout(state.retry);
      await state.chain.catch(() => undefined);
      await state.agent?.stop().catch((err: unknown) => this.log.warn({ meetingId, err: String(err) }, 'agent stop failed'));
      state.agent = null;
    });
    await Promise.all(stops);
    this.meetings.clear();
  }
}
