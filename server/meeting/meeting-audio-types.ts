/**
 * The contract of a meeting's one audio path (implemented by meeting-audio.ts): open, resume
 * and end sources; where an uplink left off; segment listeners.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Meeting } from '../../shared/protocol/domain.ts';
import type { AudioChunk, TranscriptionService, TranscriptSegment } from '../transcription/types.ts';
import type { UplinkHandover } from '../db/repositories/asr-leases.ts';
import type { Store } from '../db/store.ts';
import type { AsrLeaseKeeper } from './asr-lease.ts';
import type { AudioSpool } from './audio-spool.ts';
import type { Broadcaster } from './broadcaster.ts';
import type { MeetingPromptSource } from './meeting-prompt.ts';
import type { TranscriptPipeline } from './transcript-pipeline-types.ts';

export type { UplinkHandover };

/** An open audio source of one meeting. */
export interface MeetingAudioStream {
  readonly streamId: string;
  readonly sourceLabel: string;
  /** The sender's uplink id (host browser), which lets it resume after a disconnect; null for LiveKit. */
  readonly uplinkId: string | null;
  /** Highest chunk number taken from the sender so far (−1 before the first). */
  readonly lastChunkSeq: number;
  /** End of the audio taken so far on the meeting timeline, ms (the next source starts here). */
  readonly heardEndMs: number;
  /** Unnumbered chunk (LiveKit). False: slow down, or the stream ended, or the chunk was refused (logged). */
  push(chunk: AudioChunk): boolean;
  /**
   * Numbered chunk (host socket). Chunks are taken strictly in order: a number at or below
   * lastChunkSeq is a resend (already taken); one beyond lastChunkSeq + 1 is not taken (an earlier
   * chunk is still missing: the sender sends it again later). Spooled before it returns.
   * `writable` false asks the sender to slow down. Throws DomainError bad_request (malformed),
   * overloaded (retryable: send it again later), conflict (the stream ended).
   */
  accept(chunk: AudioChunk, chunkSeq: number): { taken: boolean; writable: boolean };
  /** The sender no longer has chunks below `firstChunkSeq`: those not taken are lost (logged). */
  forgetBefore(firstChunkSeq: number): void;
  /** Close the utterance; resolves when every final segment was stored and broadcast. */
  end(): Promise<void>;
  /** Resolves when push() would accept again (for feeders that can wait, e.g. files). */
  drain(): Promise<void>;
  readonly ended: boolean;
  /**
   * Where another node could pick this uplink up now: the first chunk not yet transcribed and
   * stored (every earlier one was, or was silence) and its start on the meeting timeline. Null
   * for a source without an uplink id.
   */
  handover(): UplinkHandover | null;
}

export type SegmentListener = (meetingId: string, segment: TranscriptSegment) => void;

/** Where a sender's earlier stream left off (see MeetingAudio.uplinkState). */
export interface UplinkState {
  lastChunkSeq: number;
  /** End of the audio taken from it, on the meeting timeline, ms. */
  endMs: number;
}

/** Options of {@link MeetingAudio.open}. */
export interface OpenOptions {
  /** The sender's uplink id: a later audio:start with it resumes this stream. */
  uplinkId?: string;
  /**
   * Chunks up to this number were already taken (a recovered spool, a known uplink's start):
   * the next must be lastChunkSeq + 1. Without it the first numbered chunk sets the start.
   */
  lastChunkSeq?: number;
  /** Segment ids are `<streamId>-<segment>`; default a fresh random stream id. */
  streamId?: string;
  /** Offset of segment times, ms; default the end of the meeting's last stored segment. */
  startOffsetMs?: number;
  /** Keep a crash-recovery spool of this stream. Default true (when the app has a spool). */
  spool?: boolean;
  /**
   * Taking over another node's uplink: the sender resends from `resumePoint.chunkSeq` (which
   * starts at `resumePoint.atMs`), and its first `skipMs` of audio were transcribed there
   * already: they are taken (numbered) but not heard again.
   */
  resumePoint?: { chunkSeq: number; atMs: number };
  skipMs?: number;
}

/** The uplink of the previous holder of a meeting's ASR lease, as found when this node took it. */
export interface TakenOverUplink extends UplinkHandover {
  /** End of that stream's last stored segment, ms on the meeting timeline (0 when none). */
  storedEndMs: number;
}

/** A meeting's record read for opening a source: `open` itself is then synchronous. */
export interface PreparedOpen {
  /** End of the meeting's last stored segment, ms, read after the lease was taken. */
  readonly storedEndMs: number;
  /** Where the previous lease holder left its host uplink; null when none was recorded. */
  readonly handover: TakenOverUplink | null;
  /**
   * Open the source now; ends the previous one. Synchronous, so the caller's checks of the
   * active source (resume, takeover) and the open are one step no other open can slip into.
   * Throws meeting_not_live when the meeting began to end since it was prepared.
   */
  open(sourceLabel: string, options?: OpenOptions): MeetingAudioStream;
}

export interface MeetingAudio {
  /**
   * Read what opening a source of the meeting needs (it must be live and not ending: not_found,
   * meeting_not_live), taking the meeting's ASR lease first (transcribing_elsewhere, retryable,
   * while another node holds it; after a takeover the meeting's extractor is rebuilt here).
   */
  prepare(meetingId: string): Promise<PreparedOpen>;
  /** Open the meeting's audio source (meeting must be live and not ending); ends the previous source. */
  open(meetingId: string, sourceLabel: string, options?: OpenOptions): Promise<MeetingAudioStream>;
  /** The meeting's open stream of this uplink, with any pending grace end cancelled; null when there is none. */
  resume(meetingId: string, uplinkId: string): MeetingAudioStream | null;
  /** Its sender went away: end the stream after `graceMs` unless it is resumed first. */
  suspend(stream: MeetingAudioStream, graceMs?: number): void;
  /**
   * Where an uplink whose stream ended (or was recovered after a crash) left off: the last chunk
   * number taken and the end of its audio on the meeting timeline, ms. Null when unknown.
   */
  uplinkState(meetingId: string, uplinkId: string): UplinkState | null;
  /** Every interim and final segment of every meeting (ids are meeting-unique); returns unsubscribe. */
  onSegment(listener: SegmentListener): () => void;
  /** The active source of a meeting, if any. */
  active(meetingId: string): MeetingAudioStream | null;
  /** This node's id in the ASR lease (null: no lease, a lone node). */
  readonly nodeId: string | null;
  /** This node holds the meeting's ASR lease: its audio is transcribed here. */
  holds(meetingId: string): boolean;
  /**
   * A host console on node `toNode` takes the capture over: end every stream of the meeting here
   * (their finals stored) and hand the lease straight to that node. Meanwhile `prepare` of the
   * meeting answers `transcribing_elsewhere`. False when the lease could not be handed over.
   */
  handOff(meetingId: string, toNode: string): Promise<boolean>;
  /** Refuse new sources, end every stream of the meeting and wait until all their finals are stored. */
  close(meetingId: string): Promise<void>;
  closeAll(): Promise<void>;
  /** At boot: replay spooled audio that a crashed process had not finished (see audio-recovery.ts). */
  recover(): Promise<RecoveryReport>;
  /** Final segments waiting to be stored (the database failed; they are retried, never dropped). */
  pendingFinals(): number;
}

/** What a recovery did, for the boot log and tests. */
export interface RecoveryReport {
  /** Spooled streams replayed. */
  streams: number;
  /** Audio replayed, ms. */
  replayedMs: number;
  /** Spooled streams deleted without replay (meeting gone or ended, nothing left to replay). */
  removed: number;
}

/** What createMeetingAudio works with. */
export interface MeetingAudioDeps {
  store: Store;
  transcription: () => TranscriptionService;
  pipeline: TranscriptPipeline;
  broadcaster: Broadcaster;
  log: FastifyBaseLogger;
  /** Crash-recovery spool; null keeps audio in memory only. */
  spool: AudioSpool | null;
  /** This node's ASR lease keeper; absent: no lease (a lone node, unit tests). */
  lease?: AsrLeaseKeeper | null;
}

/** What `prepare` read for an open. */
export interface Prepared {
  meeting: Meeting;
  /** End of the meeting's last stored segment, ms. */
  storedEndMs: number;
  prompt: MeetingPromptSource;
  handover: TakenOverUplink | null;
}
