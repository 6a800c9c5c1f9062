/**
 * Final transcript segments → stored segments → extractor → requirement events.
 * One extractor per speaker turn: when the meeting's current speaker changes, the previous
 * speaker's extractor is ended (closing their lists) and a fresh one, attributed to the new
 * speaker, takes the following segments; list indices continue across turns. Each segment
 * stores the speaker it was heard under, so after a restart the same turns are rebuilt from
 * the stored transcript, and replaying through the idempotent applier emits nothing new.
 */
import type { Extractor, ExtractorEvent, ExtractorOptions } from '../../shared/extraction/types.ts';
import type { Meeting, Segment } from '../../shared/protocol/domain.ts';
import type { Store } from '../db/store.ts';
import { applyExtractorEvents } from './requirement-sync.ts';
import type { Append, Sequencer } from './sequencer.ts';

export type ExtractorFactory = (options?: ExtractorOptions) => Extractor;

/** A final segment from the recogniser, with a meeting-unique id. */
export interface FinalSegment {
  id: string;
  startMs: number;
  endMs: number;
  text: string;
}

/** The extractor of one speaker turn. */
interface Turn {
  extractor: Extractor;
  speakerId: string | null;
  /** Lists of earlier turns: added to this extractor's list indices. */
  listOffset: number;
}

export interface TranscriptPipeline {
  /** Persist a final segment, feed the extractor, publish the resulting events. */
  onFinal(meetingId: string, segment: FinalSegment): Segment | null;
  /** Close the meeting's extractor (closes open items and lists) and drop it. */
  endMeeting(meetingId: string): void;
  /** Rebuild the meeting's extractor from the stored transcript now (at boot); returns events emitted (normally 0). */
  resume(meetingId: string): number;
}

export function createTranscriptPipeline(deps: {
  store: Store;
  sequencer: Sequencer;
  createExtractor: ExtractorFactory | null;
}): TranscriptPipeline {
  const { store, sequencer } = deps;
  /** The meeting's current turn; null when extraction is disabled (so the rebuild runs once). */
  const turns = new Map<string, Turn | null>();

  function newTurn(meeting: Meeting, speakerId: string | null, listOffset: number): Turn | null {
    if (!deps.createExtractor) return null;
    const s = meeting.speakers.find((x) => x.id === speakerId);
    const options: ExtractorOptions = s ? { defaultSpeaker: { name: s.name, role: s.role } } : {};
    return { extractor: deps.createExtractor(options), speakerId, listOffset };
  }

  const offsetEvents = (turn: Turn, events: ExtractorEvent[]): ExtractorEvent[] =>
    turn.listOffset === 0 ? events : events.map((e) => ({ ...e, listIndex: e.listIndex + turn.listOffset }));

  /** The turn that takes `text` heard under `speakerId`: ends the previous speaker's turn when it changed. */
  function turnFor(meeting: Meeting, current: Turn | null, speakerId: string | null, append: Append): Turn | null {
    if (current && current.speakerId === speakerId) return current;
    if (!current) return newTurn(meeting, speakerId, 0);
    applyExtractorEvents(store, meeting, offsetEvents(current, current.extractor.end()), append, sequencer.now());
    return newTurn(meeting, speakerId, current.listOffset + current.extractor.result().speakers.length);
  }

  function feed(meeting: Meeting, turn: Turn | null, text: string, append: Append): void {
    if (turn) applyExtractorEvents(store, meeting, offsetEvents(turn, turn.extractor.push(text)), append, sequencer.now());
  }

  /** The meeting's current turn, rebuilt from the stored transcript after a restart. */
  function currentTurn(meeting: Meeting): { turn: Turn | null; emitted: number } {
    if (turns.has(meeting.id)) return { turn: turns.get(meeting.id) ?? null, emitted: 0 };
    let turn: Turn | null = null;
    const c = sequencer.commit((append) => {
      for (const seg of store.segments.list(meeting.id)) {
        turn = turnFor(meeting, turn, seg.speakerId, append);
        feed(meeting, turn, seg.originalText, append);
      }
    });
    c.publish();
    turns.set(meeting.id, turn);
    return { turn, emitted: c.events.length };
  }

  return {
    onFinal(meetingId, seg) {
      const meeting = store.meetings.get(meetingId);
      const text = seg.text.trim();
      if (!meeting || text.length === 0) return null;
      if (store.segments.get(seg.id)) return null;
      const { turn: before } = currentTurn(meeting);
      const segment: Segment = {
        id: seg.id,
        meetingId,
        startMs: seg.startMs,
        endMs: seg.endMs,
        text,
        originalText: text,
        isFinal: true,
        editedAt: null,
        speakerId: meeting.currentSpeakerId,
      };
      const { publish } = sequencer.commit((append) => {
        store.segments.insert(segment);
        append(meetingId, 'segment:finalized', 'all', { segment });
        const turn = turnFor(meeting, before, segment.speakerId, append);
        feed(meeting, turn, text, append);
        turns.set(meetingId, turn);
      });
      publish();
      return segment;
    },

    endMeeting(meetingId) {
      const meeting = store.meetings.get(meetingId);
      if (!meeting) return;
      const { turn } = currentTurn(meeting);
      if (!turn) return;
      const { publish } = sequencer.commit((append) => {
        applyExtractorEvents(store, meeting, offsetEvents(turn, turn.extractor.end()), append, sequencer.now());
      });
      turns.delete(meetingId);
      publish();
    },

    resume(meetingId) {
      const meeting = store.meetings.get(meetingId);
      if (!meeting || turns.has(meetingId)) return 0;
      return currentTurn(meeting).emitted;
    },
  };
}
