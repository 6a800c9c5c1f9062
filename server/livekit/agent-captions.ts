/**
 * Transcript segments → LiveKit's transcription convention, so any LiveKit client shows captions:
 * one text stream per segment version on topic `lk.transcription`, attributed to the speaker,
 * with `lk.segment_id` (interims and the final share it), `lk.transcription_final` ('true' /
 * 'false') and `lk.transcribed_track_id` (the microphone track transcribed).
 */
import type { TranscriptSegment } from '../transcription/types.ts';

export const TOPIC_TRANSCRIPTION = 'lk.transcription';
export const ATTR_SEGMENT_ID = 'lk.segment_id';
export const ATTR_TRANSCRIPTION_FINAL = 'lk.transcription_final';
export const ATTR_TRANSCRIBED_TRACK_ID = 'lk.transcribed_track_id';

/** Interim captions allowed to wait behind a slow room; older interims are dropped, finals never. */
export const MAX_PENDING_CAPTIONS = 8;

/** Where a caption comes from: the speaker's participant and microphone track. */
export interface CaptionSource {
  /** Identity the caption is attributed to (the transcribed venue). */
  participantIdentity: string;
  /** Sid of the transcribed microphone track; null when unknown (audio came over socket.io). */
  trackSid: string | null;
}

/** The text-stream writer of rtc-node's LocalParticipant.streamText, reduced to what we use. */
export interface CaptionWriter {
  write(text: string): Promise<void>;
  close(): Promise<void>;
}

/** rtc-node's LocalParticipant, reduced to streamText. */
export interface CaptionPublisher {
  streamText(options: { topic: string; attributes: Record<string, string>; senderIdentity?: string }): Promise<CaptionWriter>;
}

/** Segment id as it appears in the room: unique per meeting, shared by a segment's interims and final. */
export function captionSegmentId(meetingId: string, segmentId: string): string {
  return `SG_${meetingId}_${segmentId}`;
}

/** The attributes of one caption stream. */
export function captionAttributes(
  meetingId: string,
  segment: Pick<TranscriptSegment, 'id' | 'isFinal'>,
  source: CaptionSource,
): Record<string, string> {
  const attributes: Record<string, string> = {
    [ATTR_SEGMENT_ID]: captionSegmentId(meetingId, segment.id),
    [ATTR_TRANSCRIPTION_FINAL]: segment.isFinal ? 'true' : 'false',
  };
  if (source.trackSid) attributes[ATTR_TRANSCRIBED_TRACK_ID] = source.trackSid;
  return attributes;
}

/**
 * Publishes a meeting's segments in order, one at a time. When the room is slow, queued interims
 * give way (a newer interim or the final supersedes them); finals are always sent.
 */
export class CaptionQueue {
  private pending: { segment: TranscriptSegment; source: CaptionSource }[] = [];
  private running = false;
  private idleWaiters: (() => void)[] = [];
  /** Captions dropped because newer versions overtook them. */
  dropped = 0;
  /** Captions the room refused (logged by the owner through onError). */
  failed = 0;

  constructor(
    private readonly meetingId: string,
    private readonly publisher: CaptionPublisher,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  enqueue(segment: TranscriptSegment, source: CaptionSource): void {
    if (segment.text.trim() === '') return;
    // A newer version of a segment makes its queued interims pointless.
    const before = this.pending.length;
    this.pending = this.pending.filter((p) => p.segment.isFinal || p.segment.id !== segment.id);
    this.dropped += before - this.pending.length;
    this.pending.push({ segment, source });
    while (this.pending.length > MAX_PENDING_CAPTIONS) {
      const index = this.pending.findIndex((p) => !p.segment.isFinal);
      if (index < 0) break;
      this.pending.splice(index, 1);
      this.dropped++;
    }
    void this.drain();
  }

  /** Resolves when everything queued so far was published (or failed). */
  idle(): Promise<void> {
    if (!this.running && this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let next = this.pending.shift(); next; next = this.pending.shift()) {
        try {
          const writer = await this.publisher.streamText({
            topic: TOPIC_TRANSCRIPTION,
            attributes: captionAttributes(this.meetingId, next.segment, next.source),
            senderIdentity: next.source.participantIdentity,
          });
          await writer.write(next.segment.text);
          await writer.close();
        } catch (err) {
          this.failed++;
          this.onError(err);
        }
      }
    } finally {
      this.running = false;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }
}
