/**
 * One meeting's transcription from LiveKit, minus the SDK: it receives the current speaker's
 * frame streams (from ParticipantAudioInput, or a hand-made stream in tests), feeds each into the
 * meeting's audio pipeline, and publishes the meeting's segments back into the room as captions.
 */
import type { MeetingAudio, MeetingAudioSink } from './host.ts';
import { pumpFrames, type PcmFrame, type PumpStats } from './agent-frames.ts';
import { CaptionQueue, type CaptionPublisher, type CaptionSource } from './agent-captions.ts';

/** A speaker's microphone as frames. */
export interface SpeakerStream {
  /** Participant identity (= venue id) of the speaker. */
  identity: string;
  /** Sid of the microphone track the frames come from. */
  trackSid: string;
  frames: ReadableStream<PcmFrame>;
  /** Aborted by the input when it drops this stream (speaker switched, track unpublished, closed). */
  signal: AbortSignal;
  /**
   * True when the host asked for this speaker (switch speaker): the stream then replaces any
   * other audio source of the meeting. Automatic streams (a track appeared) never take over
   * the host's socket.io microphone stream.
   */
  takeOver: boolean;
}

/** Structured logger (Fastify's pino logger fits). Transcript text is never logged. */
export interface AgentLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface MeetingTranscriberOptions {
  meetingId: string;
  /** Identity captions are attributed to when no LiveKit track is being transcribed (main venue). */
  defaultIdentity: string;
  audio: MeetingAudio;
  /** Null: do not publish captions (not connected to a room). */
  captions: CaptionPublisher | null;
  log: AgentLogger;
}

/** Label of a LiveKit source in the pipeline's logs. */
export function sourceLabel(identity: string): string {
  return `livekit:${identity}`;
}

export class MeetingTranscriber {
  private current: { source: CaptionSource; stop: AbortController; done: Promise<PumpStats | null> } | null = null;
  private readonly captionQueue: CaptionQueue | null;
  private readonly unsubscribe: () => void;
  private closed = false;

  constructor(private readonly options: MeetingTranscriberOptions) {
    this.captionQueue = options.captions
      ? new CaptionQueue(options.meetingId, options.captions, (err) =>
          options.log.warn({ meetingId: options.meetingId, err: String(err) }, 'caption publish failed'),
        )
      : null;
    this.unsubscribe = options.audio.onSegment((meetingId, segment) => {
      if (meetingId !== options.meetingId || !this.captionQueue) return;
      this.captionQueue.enqueue(segment, this.captionSource());
    });
  }

  /** Whose captions these are right now. */
  captionSource(): CaptionSource {
    return this.current?.source ?? { participantIdentity: this.options.defaultIdentity, trackSid: null };
  }

  /**
   * Transcribes a speaker's stream until it ends or is replaced. The previous stream is stopped
   * and its sink ended first, so the pipeline never has two LiveKit sources for one meeting.
   * Resolves with what was pumped (null when the transcriber was closed before it started).
   */
  async attach(stream: SpeakerStream): Promise<PumpStats | null> {
    const previous = this.current;
    const stop = new AbortController();
    const source: CaptionSource = { participantIdentity: stream.identity, trackSid: stream.trackSid };
    const done = (async () => {
      if (previous) {
        previous.stop.abort();
        await previous.done;
      }
      // Read first: the "another source?" check and the open below are then one synchronous step.
      const prepared = this.closed || stop.signal.aborted ? null : await this.options.audio.prepare(this.options.meetingId);
      if (!prepared || this.closed || stop.signal.aborted || (!stream.takeOver && this.otherSourceActive())) {
        await stream.frames.cancel().catch(() => undefined);
        return null;
      }
      return this.run(stream, prepared.open(sourceLabel(stream.identity)), AbortSignal.any([stop.signal, stream.signal]));
    })();
    this.current = { source, stop, done };
    try {
      return await done;
    } finally {
      if (this.current?.done === done) this.current = null;
    }
  }

  /** Another (non-LiveKit) source, e.g. the host's socket microphone, feeds the meeting now. */
  private otherSourceActive(): boolean {
    const { audio, meetingId, log } = this.options;
    const active = audio.active?.(meetingId);
    const other = active != null && !active.ended && !active.sourceLabel.startsWith('livekit:');
    if (other) log.info({ meetingId, source: active.sourceLabel }, 'another audio source is active; livekit audio waits for the host');
    return other;
  }

  private async run(stream: SpeakerStream, sink: MeetingAudioSink, signal: AbortSignal): Promise<PumpStats> {
    const { meetingId, log } = this.options;
    log.info({ meetingId, speaker: stream.identity, trackSid: stream.trackSid }, 'transcribing livekit speaker');
    let stats: PumpStats | null = null;
    try {
      stats = await pumpFrames(stream.frames, sink, signal);
      return stats;
    } finally {
      // Close the running utterance even when the pump failed, so nothing heard is lost.
      await sink.end();
      log.info({ meetingId, speaker: stream.identity, ...(stats ?? {}) }, 'livekit speaker stream ended');
    }
  }

  /** Stops the current stream, ends its sink and waits for queued captions. */
  async close(): Promise<void> {
    this.closed = true;
    const current = this.current;
    if (current) {
      current.stop.abort();
      await current.done.catch(() => undefined);
    }
    await this.captionQueue?.idle();
    this.unsubscribe();
  }
}
