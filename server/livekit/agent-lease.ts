/**
 * The LiveKit agent under the ASR lease (server/meeting/asr-lease.ts): a node runs a meeting's
 * agent only while it holds the meeting's lease, keeps the lease while the agent runs or joins,
 * stands the agent down when another node took the lease, and — every sweep — takes over the
 * live meetings whose lease ran out (their node died) or that ended elsewhere.
 */
import type { Meeting } from '../../shared/protocol/index.ts';
import { DomainError } from '../errors.ts';
import type { AsrLeaseKeeper } from '../meeting/asr-lease.ts';
import type { AgentLogger } from './agent-session.ts';
import type { AgentLease, LiveKitLifecycle } from './lifecycle.ts';

/** How often a node looks for live meetings without a running agent, ms. */
export const AGENT_SWEEP_MS = 5_000;

/** The keeper as the lifecycle's lease: refused (another node holds it) is `false`, not an error. */
export function agentLease(keeper: AsrLeaseKeeper): AgentLease {
  return {
    async claim(meetingId) {
      try {
        await keeper.claim(meetingId);
        return true;
      } catch (err) {
        if (err instanceof DomainError && err.code === 'transcribing_elsewhere') return false;
        throw err;
      }
    },
  };
}

/** Keep the lease of every meeting whose agent runs here; stand it down when the lease is lost. Returns the removal. */
export function holdLeasesForAgents(keeper: AsrLeaseKeeper, lifecycle: LiveKitLifecycle, log: AgentLogger): () => void {
  return keeper.use({
    inUse: (meetingId) => lifecycle.runs(meetingId),
    lost: (meetingId) => {
      lifecycle.standDown(meetingId).catch((err: unknown) => log.warn({ meetingId, err: String(err) }, 'agent stand-down failed'));
    },
  });
}

/** One sweep: start the agent of each live meeting whose lease is free; end those no longer live. */
export async function sweepAgents(deps: {
  keeper: AsrLeaseKeeper;
  lifecycle: LiveKitLifecycle;
  listLive: () => Promise<Pick<Meeting, 'id' | 'title'>[]>;
  log: AgentLogger;
}): Promise<void> {
  const { keeper, lifecycle, log } = deps;
  const [live, unheld] = await Promise.all([deps.listLive(), keeper.unheld()]);
  const free = new Set(unheld);
  for (const meeting of live) {
    if (!free.has(meeting.id) || lifecycle.runs(meeting.id)) continue;
    log.info({ meetingId: meeting.id, node: keeper.nodeId }, 'taking over the transcription agent of a meeting whose lease ran out');
    lifecycle.takeOver(meeting).catch((err: unknown) => log.warn({ meetingId: meeting.id, err: String(err) }, 'agent takeover failed'));
  }
  // Ended on another node: its status change was told there only.
  const liveIds = new Set(live.map((m) => m.id));
  for (const id of lifecycle.meetingIds()) {
    if (!liveIds.has(id)) lifecycle.onMeetingStatus({ id, title: '', status: 'ended' }).catch((err: unknown) => log.warn({ meetingId: id, err: String(err) }, 'livekit lifecycle failed'));
  }
}
