/**
 * Transcript segments → stored segments → extractor → requirement events.
 *
 * One extractor per speaker turn: when the meeting's current speaker changes, the previous
 * speaker's extractor is ended (closing their lists) and a fresh one, attributed to the new
 * speaker, takes the following segments. Each segment stores the speaker it was heard under, so
 * after a restart (or a correction) the same turns are rebuilt from the stored transcript.
 *
 * Finals are pushed with a boundary (a segment end is a pause). Interims are not pushed: the
 * extractor `peek`s at them, and items they reveal are published at once as provisional, to be
 * confirmed by the final or retracted when the next final or interim no longer shows them.
 * Peeks are rate-limited per meeting. A corrected segment re-runs extraction for its turn.
 *
 * Every step awaits the database, so one meeting's finals, interims, peeks, its end and its
 * rebuild run one at a time in call order (a KeyedQueue): the extractor sees the transcript in
 * the order it was spoken, and the end comes after everything heard before it.
 */
import type { ExtractorEvent } from '../../shared/extraction/types.ts';
import type { Meeting, Segment } from '../../shared/protocol/domain.ts';
import type { ReextractionSummary } from '../../shared/protocol/socket.ts';
import type { Store } from '../db/store.ts';
import { createKeyedQueue } from './keyed-queue.ts';
import { reconcileTurn } from './reextraction.ts';
import { applyExtractorEvents, applyPreview } from './requirement-sync.ts';
import { createRequirementWriter } from './requirement-writer.ts';
import type { Committed, Sequencer } from './sequencer.ts';
import { createSpeakerTurns, groupTurns, type Turn } from './speaker-turns.ts';
import { pendingTail, tailOf, type MeetingState } from './pipeline-state.ts';
import {
  PEEK_MIN_INTERVAL_MS, type ExtractorFactory, type FinalSegment, type InterimSegment, type TranscriptPipeline,
} from './transcript-pipeline-types.ts';

export * from './transcript-pipeline-types.ts';

/** The stored transcript changed under a final being stored: rebuild the state and store it again. */
class StaleTranscript extends Error {}
/** Rebuilds for one final before it is stored anyway (a correction landing between each try). */
const MAX_STALE_RETRIES = 3;

export function createTranscriptPipeline(deps: {
  store: Store;
  sequencer: Sequencer;
  createExtractor: ExtractorFactory | null;
  /** Minimum ms between peeks per meeting (default PEEK_MIN_INTERVAL_MS; 0: every interim). */
  peekIntervalMs?: number;
  clock?: () => number;
  /** A scheduled peek failed (nothing else reports it: no caller is waiting). */
  onError?: (err: unknown, meetingId: string) => void;
  /**
   * Run inside the transaction that stores a final, before it writes: rejects when this node may
   * no longer store the meeting's transcript (its ASR lease passed to another node).
   */
  fence?: (meetingId: string) => Promise<void>;
}): TranscriptPipeline {
  const { store, sequencer } = deps;
  const peekIntervalMs = deps.peekIntervalMs ?? PEEK_MIN_INTERVAL_MS;
  const clock = deps.clock ?? (() => Date.now());
  const states = new Map<string, MeetingState>();
  const queue = createKeyedQueue();
  const { extractorFor, finish: finishTurn, turnFor } = createSpeakerTurns(store, deps.createExtractor);
  let closed = false;

  /** Drop a meeting's extractor state (it is rebuilt from the database when next needed). */
  function forget(meetingId: string): void {
    const st = states.get(meetingId);
    if (st?.timer) clearTimeout(st.timer);
    states.delete(meetingId);
  }

  /** The meeting's state, its extractor rebuilt from the stored transcript after a restart (run in its queue). */
  async function stateOf(meeting: Meeting): Promise<{ st: MeetingState; emitted: number }> {
    const known = states.get(meeting.id);
    if (known) return { st: known, emitted: 0 };
    let turn: Turn | null = null;
    let revision = '';
    const c = await sequencer.commit(async (append) => {
      const w = createRequirementWriter(store, meeting, append, sequencer.now());
      for (const group of groupTurns(await store.segments.list(meeting.id))) {
        turn = await turnFor(w, turn, group.speakerId, false);
        if (!turn) break;
        const events: ExtractorEvent[] = [];
        for (const seg of group.segments) events.push(...turn.extractor.push(seg.text, { boundary: true }));
        // One batch per turn lands on the stored state directly (nothing to emit on a plain restart).
        await applyExtractorEvents(w, store, turn.number, events);
      }
      // Provisional items from interims before a crash: the transcript decides now.
      const t: Turn | null = turn;
      if (t) await applyPreview(w, store, t.number, t.extractor.result());
      await w.flush();
      revision = await store.segments.revision(meeting.id);
    });
    c.publish();
    const st: MeetingState = { turn, interims: new Map(), lastPeekMs: -Infinity, lastTail: null, timer: null, revision };
    states.set(meeting.id, st);
    return { st, emitted: c.events.length };
  }

  /** A scheduled peek, behind whatever the meeting's queue holds; nobody awaits it, so failures go to onError. */
  function schedulePeek(meetingId: string, st: MeetingState, waitMs: number): void {
    if (closed) return;
    st.timer = setTimeout(() => {
      queue.run(meetingId, () => peekNow(meetingId)).catch((err: unknown) => deps.onError?.(err, meetingId));
    }, waitMs);
  }

  async function peekNow(meetingId: string): Promise<void> {
    const st = states.get(meetingId);
    const meeting = await store.meetings.get(meetingId);
    if (!st || !meeting || meeting.status === 'ended') return;
    st.timer = null;
    st.lastPeekMs = clock();
    const tail = pendingTail(st);
    if (tail === st.lastTail) return;
    st.lastTail = tail;
    // A new speaker's first words go to a new turn (the next final ends the current one).
    const switching = st.turn === null || st.turn.speakerId !== meeting.currentSpeakerId;
    const number = st.turn === null ? 0 : st.turn.number + (switching ? 1 : 0);
    const extractor = switching ? extractorFor(meeting, meeting.currentSpeakerId) : st.turn?.extractor;
    if (!extractor) return;
    const preview = extractor.peek(tail);
    const { publish } = await sequencer.commit(async (append) => {
      const w = createRequirementWriter(store, meeting, append, sequencer.now());
      await applyPreview(w, store, number, preview);
      await w.flush();
    });
    publish();
  }

  /** Drop the meeting's state when the stored transcript moved on without it (run in its queue). */
  async function dropIfStale(meetingId: string): Promise<void> {
    const st = states.get(meetingId);
    if (!st || (await store.segments.revision(meetingId)) === st.revision) return;
    forget(meetingId);
  }

  async function final(meetingId: string, seg: FinalSegment): Promise<Segment | null> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await finalOnce(meetingId, seg, attempt < MAX_STALE_RETRIES);
      } catch (err) {
        if (!(err instanceof StaleTranscript)) throw err;
      }
    }
  }

  async function finalOnce(meetingId: string, seg: FinalSegment, checkRevision: boolean): Promise<Segment | null> {
    const meeting = await store.meetings.get(meetingId);
    if (!meeting || (await store.segments.get(seg.id))) return null;
    const { st } = await stateOf(meeting);
    st.interims.delete(seg.id);
    // Interims of segments that started earlier were abandoned by the recogniser.
    for (const [id, i] of st.interims) if (i.startMs < seg.startMs) st.interims.delete(id);
    st.lastTail = null;
    const text = seg.text.trim();
    // Whole ms: the columns are integers (replayed audio after a crash can start mid-frame).
    const segment: Segment | null = text.length === 0 ? null : {
      id: seg.id, meetingId, startMs: Math.round(seg.startMs), endMs: Math.round(seg.endMs), text, originalText: text,
      isFinal: true, editedAt: null, speakerId: meeting.currentSpeakerId,
    };
    let committed: Committed<void>;
    try {
      committed = await sequencer.commit(async (append) => {
        const w = createRequirementWriter(store, meeting, append, sequencer.now());
        await deps.fence?.(meetingId);
        // Checked under the meeting's lock: no correction can land between this and the write.
        if (checkRevision && (await store.segments.revision(meetingId)) !== st.revision) throw new StaleTranscript();
        if (segment) {
          await store.segments.insert(segment);
          // The turn changes only after this append took the meeting's event lock (see reextract).
          await append(meetingId, 'segment:finalized', 'all', { segment });
          st.turn = await turnFor(w, st.turn, segment.speakerId, true);
          if (st.turn) await applyExtractorEvents(w, store, st.turn.number, st.turn.extractor.push(text, { boundary: true }));
        }
        // What the speech now supports: the confirmed text plus any interim still running.
        if (st.turn) {
          const tail = tailOf(st, meeting);
          await applyPreview(w, store, st.turn.number, st.turn.extractor.peek(tail), tail === '');
        }
        await w.flush();
        st.revision = await store.segments.revision(meetingId);
      });
    } catch (err) {
      // The transaction rolled back but the extractor took the text: rebuild it from what is
      // stored, so a retry of this final (meeting-audio keeps it) is pushed exactly once.
      forget(meetingId);
      throw err;
    }
    committed.publish();
    return segment;
  }

  async function interim(meetingId: string, seg: InterimSegment): Promise<void> {
    const text = seg.text.trim();
    // An empty hypothesis says nothing about what was said (the recogniser could not read it yet).
    if (text.length === 0) return;
    const meeting = await store.meetings.get(meetingId);
    if (!meeting || meeting.status !== 'live' || (await store.segments.get(seg.id))) return;
    await dropIfStale(meetingId);
    const { st } = await stateOf(meeting);
    st.interims.set(seg.id, { startMs: seg.startMs, text });
    if (st.timer) return;
    const waitMs = st.lastPeekMs + peekIntervalMs - clock();
    if (waitMs <= 0) await peekNow(meetingId);
    else schedulePeek(meetingId, st, waitMs);
  }

  return {
    onFinal: (meetingId, seg) => queue.run(meetingId, () => final(meetingId, seg)),

    onInterim: (meetingId, seg) => queue.run(meetingId, () => interim(meetingId, seg)),

    async reextract(meetingId, segmentId, append) {
      const empty: ReextractionSummary = { added: 0, updated: 0, retracted: 0, kept: 0 };
      const meeting = await store.meetings.get(meetingId);
      if (!meeting || !deps.createExtractor) return empty;
      // Live meetings were resumed at boot; an ended one has no running turn to continue.
      const st = states.get(meetingId) ?? null;
      const groups = groupTurns(await store.segments.list(meetingId));
      const number = groups.findIndex((g) => g.segments.some((s) => s.id === segmentId));
      const group = groups[number];
      const extractor = group ? extractorFor(meeting, group.speakerId) : null;
      if (!group || !extractor) return empty;
      const events: ExtractorEvent[] = [];
      for (const seg of group.segments) events.push(...extractor.push(seg.text, { boundary: true }));
      const live = st?.turn?.number === number && meeting.status === 'live';
      if (!live) events.push(...extractor.end());
      const w = createRequirementWriter(store, meeting, append, sequencer.now());
      const summarise = await reconcileTurn(w, store, number, extractor.result(), events);
      if (live && st?.turn) {
        // Later finals continue from the corrected text.
        st.turn = { ...st.turn, extractor };
        await applyPreview(w, store, number, extractor.peek(tailOf(st, meeting)));
      }
      const summary = await summarise();
      await w.flush();
      // This node's state includes the correction; another node's is now stale (and rebuilt there).
      if (st) st.revision = await store.segments.revision(meetingId);
      return summary;
    },

    async prepareCorrection(meetingId) {
      await dropIfStale(meetingId);
      const meeting = await store.meetings.get(meetingId);
      if (meeting?.status === 'live') {
        await stateOf(meeting);
        return;
      }
      // Ended on another node (the one that transcribed it): this node's copy is of no more use.
      forget(meetingId);
    },

    exclusive: (meetingId, work) => queue.run(meetingId, work),

    endMeeting: (meetingId) => queue.run(meetingId, async () => {
      const meeting = await store.meetings.get(meetingId);
      if (!meeting) return () => {};
      const { st } = await stateOf(meeting);
      if (st.timer) clearTimeout(st.timer);
      st.timer = null;
      st.interims.clear();
      const turn = st.turn;
      states.delete(meetingId);
      if (!turn) return () => {};
      const { publish } = await sequencer.commit(async (append) => {
        const w = createRequirementWriter(store, meeting, append, sequencer.now());
        await finishTurn(w, turn, true);
        await w.flush();
      });
      return publish;
    }),

    resume: (meetingId, options = {}) => queue.run(meetingId, async () => {
      const meeting = await store.meetings.get(meetingId);
      if (options.rebuild) forget(meetingId);
      if (!meeting || states.has(meetingId)) return 0;
      return (await stateOf(meeting)).emitted;
    }),

    idle: () => queue.idle(),

    async close() {
      closed = true;
      for (const st of states.values()) {
        if (st.timer) clearTimeout(st.timer);
        st.timer = null;
      }
      await queue.idle();
    },
  };
}
