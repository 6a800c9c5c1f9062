/** What the transcript pipeline keeps per live meeting between finals: its turn, its interims, its peeks. */
import type { Meeting } from '../../shared/protocol/domain.ts';
import type { Turn } from './speaker-turns.ts';

export interface MeetingState {
  /** Null when extraction is disabled (so the rebuild runs once). */
  turn: Turn | null;
  /** Latest interim text of segments whose final has not arrived, by segment id. */
  interims: Map<string, { startMs: number; text: string }>;
  lastPeekMs: number;
  /** Tail of the last peek: the same tail is not peeked twice. */
  lastTail: string | null;
  timer: ReturnType<typeof setTimeout> | null;
  /**
   * The stored transcript's revision (segments.revision) the extractor state was built from. With
   * several nodes another node may correct a segment (a secretary connected there); the state is
   * then stale and is rebuilt from the database before it takes more text.
   */
  revision: string;
}

/** Interim texts of segments still waiting for their final, in speaking order. */
export const pendingTail = (st: MeetingState): string =>
  [...st.interims.values()].sort((a, b) => a.startMs - b.startMs).map((i) => i.text).join('');

/** The pending tail when it continues the current turn's speaker; '' when a new speaker is talking. */
export const tailOf = (st: MeetingState, meeting: Meeting): string =>
  st.turn && st.turn.speakerId === meeting.currentSpeakerId ? pendingTail(st) : '';
