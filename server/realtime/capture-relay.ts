/**
 * One capturing host console per meeting across nodes. A console's audio:start on a node that
 * cannot take the meeting's audio (another node holds its ASR lease) asks the other nodes through
 * the socket.io Redis adapter (`serverSideEmit` with acknowledgements): the holder answers whether
 * a host console captures there. Without `takeover` the asking console gets `capture_busy`, as on
 * one node; with it the holder tells that console (`audio:taken-over`), ends its stream (its
 * finals stored) and hands the lease straight to the asking node, which then opens the stream.
 * The same uplink id asking from another node is that console having moved (a balancer sent it
 * elsewhere): it is not another console, so it gets `transcribing_elsewhere` as before and is
 * picked up from the lease's handover point once the holder lets go (asr-lease.ts).
 */
import type { CaptureYieldReply, CaptureYieldRequest } from '../../shared/protocol/socket.ts';
import { DomainError } from '../errors.ts';
import type { MeetingAudio, MeetingAudioStream, PreparedOpen } from '../meeting/meeting-audio.ts';
import type { RealtimeDeps } from './deps.ts';
import { rooms, type LuoshiServer } from './types.ts';

/** How long the asking node waits for the holder to hand the lease over before answering `transcribing_elsewhere`, ms. */
export const HANDOFF_WAIT_MS = 5_000;
/** Pause between its attempts to take the lease meanwhile, ms. */
const HANDOFF_POLL_MS = 100;

/** A host console's capture (an uplink from a socket); LiveKit sources and senders without an uplink id are not. */
export function isConsoleCapture(stream: MeetingAudioStream | null): stream is MeetingAudioStream & { uplinkId: string } {
  return stream !== null && !stream.ended && stream.uplinkId !== null && stream.sourceLabel.startsWith('socket:');
}

/** What a console's audio:start got ready to open, and from whom it took the capture. */
export interface PreparedHere {
  prepared: PreparedOpen;
  /** The console on another node whose capture this one took over (null: none). */
  tookOverFrom: CaptureYieldReply | null;
}

export interface CaptureRelay {
  /**
   * `audio.prepare(meetingId)`; when another node holds the meeting's audio for a host console:
   * `capture_busy` without `takeover`, else that capture ended and the audio handed here.
   * Otherwise the lease error (`transcribing_elsewhere`, retryable) as it was.
   */
  prepare(meetingId: string, uplinkId: string | null, takeover: boolean): Promise<PreparedHere>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const elsewhere = (err: unknown) => err instanceof DomainError && err.code === 'transcribing_elsewhere';

export function createCaptureRelay(io: LuoshiServer, deps: Pick<RealtimeDeps, 'audio' | 'log'>): CaptureRelay {
  const { audio, log } = deps;

  io.on('capture:yield', (req, ack) => {
    const active = audio.active(req.meetingId);
    if (!audio.holds(req.meetingId) || !isConsoleCapture(active) || active.uplinkId === req.uplinkId || audio.nodeId === null) {
      ack(null);
      return;
    }
    ack({ nodeId: audio.nodeId, uplinkId: active.uplinkId, yielding: req.takeover });
    if (!req.takeover) return;
    log.info({ meetingId: req.meetingId, from: active.uplinkId, to: req.uplinkId, toNode: req.toNode }, 'audio capture taken over by a host console on another node');
    io.to(rooms.staff(req.meetingId)).emit('audio:taken-over', { uplinkId: active.uplinkId });
    audio.handOff(req.meetingId, req.toNode).then(
      (handed) => {
        if (!handed) log.warn({ meetingId: req.meetingId, toNode: req.toNode }, 'audio capture not handed over: the lease expires first');
      },
      (err: unknown) => log.error({ err, meetingId: req.meetingId }, 'audio capture hand-off failed'),
    );
  });

  /** The holder's answer; null when no other node captures from a console (or there is no other node). */
  async function ask(request: CaptureYieldRequest): Promise<CaptureYieldReply | null> {
    // A lone node (the in-memory adapter) has nobody to ask, and would never call back.
    if ((await io.of('/').adapter.serverCount()) <= 1) return null;
    const replies = await new Promise<(CaptureYieldReply | null)[]>((resolve) => {
      // A node that does not answer in time (the adapter's timeout) simply is not the holder.
      io.serverSideEmit('capture:yield', request, (_err: Error | null, answers: (CaptureYieldReply | null)[]) => resolve(answers ?? []));
    });
    return replies.find((r) => r !== null) ?? null;
  }

  return {
    async prepare(meetingId, uplinkId, takeover) {
      try {
        return { prepared: await audio.prepare(meetingId), tookOverFrom: null };
      } catch (err) {
        if (!elsewhere(err) || audio.nodeId === null) throw err;
        const holder = await ask({ meetingId, uplinkId, takeover, toNode: audio.nodeId });
        if (!holder) throw err;
        if (!holder.yielding) throw new DomainError('capture_busy', ['another host console is capturing: send audio:start with takeover']);
        // The holder stores what it heard, then hands the lease here: take it as soon as it is.
        const deadline = Date.now() + HANDOFF_WAIT_MS;
        for (;;) {
          try {
            const prepared = await audio.prepare(meetingId);
            return { prepared, tookOverFrom: holder };
          } catch (again) {
            if (!elsewhere(again) || Date.now() >= deadline) throw again;
            await sleep(HANDOFF_POLL_MS);
          }
        }
      }
    },
  };
}
