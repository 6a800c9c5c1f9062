/**
 * The hidden transcription agent of one live meeting: joins the meeting's LiveKit room with
 * rtc-node (hidden + agent grant), listens to the current speaker's microphone through
 * ParticipantAudioInput, and hands frames and captions to MeetingTranscriber. Needs a real
 * LiveKit server; its logic lives in the SDK-free modules it wires together.
 */
import { Room, RoomEvent } from '@livekit/rtc-node';
import type { LiveKitEnabled } from './config.ts';
import type { MeetingAudio } from './host.ts';
import { ParticipantAudioInput } from './agent-input.ts';
import { MeetingTranscriber, type AgentLogger } from './agent-session.ts';
import { createAgentToken } from './tokens.ts';

export interface LiveKitAgentOptions {
  config: LiveKitEnabled;
  meetingId: string;
  /** Identity (venue id) transcribed first: the main venue. */
  speakerIdentity: string;
  audio: MeetingAudio;
  log: AgentLogger;
}

export class LiveKitAgent {
  private constructor(
    private readonly room: Room,
    private readonly input: ParticipantAudioInput,
    private readonly transcriber: MeetingTranscriber,
    private readonly meetingId: string,
    private readonly log: AgentLogger,
  ) {}

  /** Connects to the meeting's room and starts transcribing `speakerIdentity`. */
  static async start(options: LiveKitAgentOptions): Promise<LiveKitAgent> {
    const { config, meetingId, log } = options;
    const room = new Room();
    const token = await createAgentToken(config, meetingId);
    await room.connect(config.url, token, { autoSubscribe: false, dynacast: false });
    const local = room.localParticipant;
    if (!local) {
      await room.disconnect();
      throw new Error('connected to LiveKit without a local participant');
    }
    const transcriber = new MeetingTranscriber({
      meetingId,
      defaultIdentity: options.speakerIdentity,
      audio: options.audio,
      captions: local,
      log,
    });
    const input = new ParticipantAudioInput(room, (stream) => {
      transcriber.attach(stream).catch((err: unknown) => {
        log.warn({ meetingId, speaker: stream.identity, err: String(err) }, 'livekit speaker stream failed');
      });
    });
    room.on(RoomEvent.Disconnected, (reason) => log.warn({ meetingId, reason }, 'transcription agent disconnected'));
    input.setParticipant(options.speakerIdentity);
    log.info({ meetingId, speaker: options.speakerIdentity }, 'transcription agent joined the room');
    return new LiveKitAgent(room, input, transcriber, meetingId, log);
  }

  /** Whose microphone is transcribed. */
  get speakerIdentity(): string | null {
    return this.input.participantIdentity;
  }

  /**
   * Transcribe this venue from now on (e.g. a county's 表态发言). Also restarts the same venue's
   * stream, which resumes LiveKit audio after the host's socket stream had taken over.
   */
  switchSpeaker(identity: string): void {
    this.log.info({ meetingId: this.meetingId, speaker: identity }, 'switching transcribed speaker');
    this.input.setParticipant(identity, true);
  }

  /** Stops listening, flushes the pipeline and the captions, leaves the room. */
  async stop(): Promise<void> {
    this.input.close();
    await this.transcriber.close();
    await this.room.disconnect();
  }
}
