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
import type { Extractor, ExtractorEvent, ExtractorOptions } from '../../shared/extraction/types.ts';
import type { Meeting, Segment } from '../../shared/protocol/domain.ts';
import type { ReextractionSummary } from '../../shared/protocol/socket.ts';
import type { Store } from '../db/store.ts';
import { createKeyedQueue } from './keyed-queue.ts';
import { reconcileTurn } from './reextraction.ts';
import { applyExtractorEvents, applyPreview } from './requirement-sync.ts';
import { createRequirementWriter, type RequirementWriter } from './requirement-writer.ts';
import type { Append, Committed, Sequencer } from './sequencer.ts';

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

/** The extractor of one speaker turn. */
interface Turn {
  extractor: Extractor;
  speakerId: string | null;
  /** 0-based turn number: its lists take indices from number × TURN_LIST_STRIDE. */
  number: number;
}

interface MeetingState {
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

/** The stored transcript changed under a final being stored: rebuild the state and store it again. */
class StaleTranscript extends Error {}
/** Rebuilds for one final before it is stored anyway (a correction landing between each try). */
const MAX_STALE_RETRIES = 3;

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

/** Consecutive segments heard under one speaker. */
function groupTurns(segments: readonly Segment[]): { speakerId: string | null; segments: Segment[] }[] {
  const out: { speakerId: string | null; segments: Segment[] }[] = [];
  for (const s of segments) {
    const last = out[out.length - 1];
    if (last && last.speakerId === s.speakerId) last.segments.push(s);
    else out.push({ speakerId: s.speakerId, segments: [s] });
  }
  return out;
}

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
  let closed = false;

  function extractorFor(meeting: Meeting, speakerId: string | null): Extractor | null {
    if (!deps.createExtractor) return null;
    const s = meeting.speakers.find((x) => x.id === speakerId);
    return deps.createExtractor(s ? { defaultSpeaker: { name: s.name, role: s.role } } : {});
  }

  function newTurn(meeting: Meeting, speakerId: string | null, number: number): Turn | null {
    const extractor = extractorFor(meeting, speakerId);
    return extractor ? { extractor, speakerId, number } : null;
  }

  /**
   * Settle a finished turn: its lists close, its provisional items follow its final result; live
   * (`settle`), machine items that result no longer has go too. A rebuild at boot never retracts
   * confirmed items (a newer extractor must not withdraw what venues already confirmed).
   */
  async function finishTurn(w: RequirementWriter, turn: Turn, settle: boolean): Promise<void> {
    await applyExtractorEvents(w, store, turn.number, turn.extractor.end());
    await applyPreview(w, store, turn.number, turn.extractor.result(), settle);
  }

  /** The turn that takes text heard under `speakerId`: ends the previous speaker's turn when it changed. */
  async function turnFor(w: RequirementWriter, current: Turn | null, speakerId: string | null, settle: boolean): Promise<Turn | null> {
    if (current && current.speakerId === speakerId) return current;
    if (!current) return newTurn(w.meeting, speakerId, 0);
    await finishTurn(w, current, settle);
    return newTurn(w.meeting, speakerId, current.number + 1);
  }

  /** Interim texts of segments still waiting for their final, in speaking order. */
  const pendingTail = (st: MeetingState): string =>
    [...st.interims.values()].sort((a, b) => a.startMs - b.startMs).map((i) => i.text).join('');

  /** The pending tail when it continues the current turn's speaker; '' when a new speaker is talking. */
  const tailOf = (st: MeetingState, meeting: Meeting): string =>
    st.turn && st.turn.speakerId === meeting.currentSpeakerId ? pendingTail(st) : '';

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
    if (st.timer) clearTimeout(st.timer);
    states.delete(meetingId);
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
      if (st.timer) clearTimeout(st.timer);
      states.delete(meetingId);
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
      const st = states.get(meetingId);
      if (st?.timer) clearTimeout(st.timer);
      states.delete(meetingId);
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
      const stale = options.rebuild ? states.get(meetingId) : undefined;
      if (stale) {
        if (stale.timer) clearTimeout(stale.timer);
        states.delete(meetingId);
      }
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
