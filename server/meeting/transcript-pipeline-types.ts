/** The transcript pipeline's contract: what the recogniser hands it and what the meeting asks of it. */
import type { Extractor, ExtractorOptions } from '../../shared/extraction/types.ts';
import type { Segment } from '../../shared/protocol/domain.ts';
import type { ReextractionSummary } from '../../shared/protocol/socket.ts';
import type { Append } from './sequencer.ts';

export type ExtractorFactory = (options?: ExtractorOptions) => Extractor;

/** A transcript segment from the recogniser, with a meeting-unique id. */
export interface FinalSegment {
  id: string;
  startMs: number;
  endMs: number;
  text: string;
}

/** A running (interim) hypothesis of a segment; the final with the same id replaces it. */
export type InterimSegment = FinalSegment;

/** Shortest time between two peeks of one meeting, ms (interims come about once a second per stream). */
export const PEEK_MIN_INTERVAL_MS = 300;

export interface TranscriptPipeline {
  /** Persist a final segment, feed the extractor, publish the resulting events. An empty final only settles its interims. */
  onFinal(meetingId: string, segment: FinalSegment): Promise<Segment | null>;
  /** An interim hypothesis: peek at it (rate-limited) and publish or retract provisional items. */
  onInterim(meetingId: string, segment: InterimSegment): Promise<void>;
  /**
   * Re-run extraction for the speaker turn holding `segmentId` from the stored (corrected) segments,
   * inside the caller's transaction; events are appended through `append`. It does not queue
   * itself (queued work waits for the database, which the caller's transaction holds): run that
   * transaction in `exclusive`, so no final or peek of the meeting is half done meanwhile.
   */
  reextract(meetingId: string, segmentId: string, append: Append): Promise<ReextractionSummary>;
  /**
   * Before a correction (inside `exclusive`, outside its transaction): bring the meeting's extractor
   * state up to the stored transcript, which another node may have extended since.
   */
  prepareCorrection(meetingId: string): Promise<void>;
  /** Run `work` in the meeting's queue: after the finals and interims queued before it, before later ones. */
  exclusive<T>(meetingId: string, work: () => Promise<T>): Promise<T>;
  /**
   * After everything queued before it: close the meeting's extractor (open items and lists) and
   * drop it; resolves to the broadcast to run after the ack.
   */
  endMeeting(meetingId: string): Promise<() => void>;
  /**
   * Rebuild the meeting's extractor from the stored transcript now (at boot); resolves to events
   * emitted (normally 0). With `rebuild` a state already built is dropped first: another node
   * stored finals meanwhile (it held the meeting's ASR lease), so the state here is stale.
   */
  resume(meetingId: string, options?: { rebuild?: boolean }): Promise<number>;
  /** Resolves once the work queued so far (every meeting's) is done. */
  idle(): Promise<void>;
  /** Cancel scheduled peeks and wait for queued work (before the database closes). */
  close(): Promise<void>;
}
