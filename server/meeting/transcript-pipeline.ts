/**
 * Final transcript segments → stored segments → extractor (one per meeting, fed incrementally
 * with the machine text) → requirement events. After a restart the meeting's extractor is rebuilt
 * from the stored transcript; replaying through the idempotent applier emits nothing new.
 */
import type { Extractor, ExtractorOptions } from '../../shared/extraction/types.ts';
import type { Meeting, Segment } from '../../shared/protocol/domain.ts';
import type { Store } from '../db/store.ts';
import { applyExtractorEvents } from './requirement-sync.ts';
import type { Sequencer } from './sequencer.ts';

export type ExtractorFactory = (options?: ExtractorOptions) => Extractor;

/** A final segment from the recogniser, with a meeting-unique id. */
export interface FinalSegment {
  id: string;
  startMs: number;
  endMs: number;
  text: string;
}

interface Runtime {
  extractor: Extractor;
  /** Characters pushed so far; 0 means the extractor can still be recreated for a new speaker. */
  fedChars: number;
}

export interface TranscriptPipeline {
  /** Persist a final segment, feed the extractor, publish the resulting events. */
  onFinal(meetingId: string, segment: FinalSegment): Segment | null;
  /** Close the meeting's extractor (closes open items and lists) and drop it. */
  endMeeting(meetingId: string): void;
  /** The current speaker changed: recreate the extractor if it has not seen text yet. */
  speakerChanged(meetingId: string): void;
  /** Rebuild the meeting's extractor from the stored transcript now (at boot); returns events emitted (normally 0). */
  resume(meetingId: string): number;
}

export function createTranscriptPipeline(deps: {
  store: Store;
  sequencer: Sequencer;
  createExtractor: ExtractorFactory | null;
}): TranscriptPipeline {
  const { store, sequencer } = deps;
  const runtimes = new Map<string, Runtime>();

  function defaultSpeaker(m: Meeting): ExtractorOptions {
    const s = m.speakers.find((x) => x.id === m.currentSpeakerId);
    return s ? { defaultSpeaker: { name: s.name, role: s.role } } : {};
  }

  let lastRebuildEvents = 0;

  function runtime(meeting: Meeting): Runtime | null {
    if (!deps.createExtractor) return null;
    const existing = runtimes.get(meeting.id);
    if (existing) return existing;
    const rt: Runtime = { extractor: deps.createExtractor(defaultSpeaker(meeting)), fedChars: 0 };
    const segments = store.segments.list(meeting.id);
    // Re-feed the stored machine transcript; the collapsed batch lands on the stored state.
    const events = segments.flatMap((seg) => {
      rt.fedChars += seg.originalText.length;
      return rt.extractor.push(seg.originalText);
    });
    const c = sequencer.commit((append) => applyExtractorEvents(store, meeting, events, append, sequencer.now()));
    lastRebuildEvents = c.events.length;
    c.publish();
    runtimes.set(meeting.id, rt);
    return rt;
  }

  return {
    onFinal(meetingId, seg) {
      const meeting = store.meetings.get(meetingId);
      const text = seg.text.trim();
      if (!meeting || text.length === 0) return null;
      if (store.segments.get(seg.id)) return null;
      const rt = runtime(meeting);
      const segment: Segment = {
        id: seg.id,
        meetingId,
        startMs: seg.startMs,
        endMs: seg.endMs,
        text,
        originalText: text,
        isFinal: true,
        editedAt: null,
      };
      const { publish } = sequencer.commit((append) => {
        store.segments.insert(segment);
        append(meetingId, 'segment:finalized', 'all', { segment });
        if (rt) {
          const events = rt.extractor.push(text);
          rt.fedChars += text.length;
          applyExtractorEvents(store, meeting, events, append, sequencer.now());
        }
      });
      publish();
      return segment;
    },

    endMeeting(meetingId) {
      const meeting = store.meetings.get(meetingId);
      if (!meeting) return;
      const rt = runtime(meeting);
      if (!rt) return;
      const { publish } = sequencer.commit((append) => {
        applyExtractorEvents(store, meeting, rt.extractor.end(), append, sequencer.now());
      });
      runtimes.delete(meetingId);
      publish();
    },

    resume(meetingId) {
      const meeting = store.meetings.get(meetingId);
      if (!meeting || runtimes.has(meetingId)) return 0;
      lastRebuildEvents = 0;
      runtime(meeting);
      return lastRebuildEvents;
    },

    speakerChanged(meetingId) {
      const rt = runtimes.get(meetingId);
      if (rt && rt.fedChars === 0) runtimes.delete(meetingId);
    },
  };
}
