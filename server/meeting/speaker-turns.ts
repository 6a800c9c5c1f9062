/**
 * Speaker turns: one extractor per stretch of the transcript heard under one speaker. When the
 * speaker changes, the previous turn is finished (its lists close) and a new extractor, attributed
 * to the new speaker, takes over; turn numbers keep their lists apart in storage.
 */
import type { Extractor } from '../../shared/extraction/types.ts';
import type { Meeting, Segment } from '../../shared/protocol/domain.ts';
import type { Store } from '../db/store.ts';
import { applyExtractorEvents, applyPreview } from './requirement-sync.ts';
import type { RequirementWriter } from './requirement-writer.ts';
import type { ExtractorFactory } from './transcript-pipeline-types.ts';

/** The extractor of one speaker turn. */
export interface Turn {
  extractor: Extractor;
  speakerId: string | null;
  /** 0-based turn number: its lists take indices from number × TURN_LIST_STRIDE. */
  number: number;
}

/** Consecutive segments heard under one speaker. */
export function groupTurns(segments: readonly Segment[]): { speakerId: string | null; segments: Segment[] }[] {
  const out: { speakerId: string | null; segments: Segment[] }[] = [];
  for (const s of segments) {
    const last = out[out.length - 1];
    if (last && last.speakerId === s.speakerId) last.segments.push(s);
    else out.push({ speakerId: s.speakerId, segments: [s] });
  }
  return out;
}

export interface SpeakerTurns {
  /** A fresh extractor attributed to `speakerId` (null when extraction is disabled). */
  extractorFor(meeting: Meeting, speakerId: string | null): Extractor | null;
  /**
   * Settle a finished turn: its lists close, its provisional items follow its final result; live
   * (`settle`), machine items that result no longer has go too. A rebuild at boot never retracts
   * confirmed items (a newer extractor must not withdraw what venues already confirmed).
   */
  finish(w: RequirementWriter, turn: Turn, settle: boolean): Promise<void>;
  /** The turn that takes text heard under `speakerId`: ends the previous speaker's turn when it changed. */
  turnFor(w: RequirementWriter, current: Turn | null, speakerId: string | null, settle: boolean): Promise<Turn | null>;
}

export function createSpeakerTurns(store: Store, createExtractor: ExtractorFactory | null): SpeakerTurns {
  function extractorFor(meeting: Meeting, speakerId: string | null): Extractor | null {
    if (!createExtractor) return null;
    const s = meeting.speakers.find((x) => x.id === speakerId);
    return createExtractor(s ? { defaultSpeaker: { name: s.name, role: s.role } } : {});
  }

  function newTurn(meeting: Meeting, speakerId: string | null, number: number): Turn | null {
    const extractor = extractorFor(meeting, speakerId);
    return extractor ? { extractor, speakerId, number } : null;
  }

  async function finish(w: RequirementWriter, turn: Turn, settle: boolean): Promise<void> {
    await applyExtractorEvents(w, store, turn.number, turn.extractor.end());
    await applyPreview(w, store, turn.number, turn.extractor.result(), settle);
  }

  async function turnFor(w: RequirementWriter, current: Turn | null, speakerId: string | null, settle: boolean): Promise<Turn | null> {
    if (current && current.speakerId === speakerId) return current;
    if (!current) return newTurn(w.meeting, speakerId, 0);
    await finish(w, current, settle);
    return newTurn(w.meeting, speakerId, current.number + 1);
  }

  return { extractorFor, finish, turnFor };
}
