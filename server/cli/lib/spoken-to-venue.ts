/**
 * Spoken → venue: for each delivered requirement and each venue, the time from the moment its
 * headline clause ended in the audio (clause-timing.ts), mapped to wall time by the feed's
 * real-time clock, to the first event at that venue that showed the requirement with its
 * headline (the venue mirror's firstHeadlineAt). Pure arithmetic over what rehearse recorded.
 */
import type { Requirement } from '../../../shared/protocol/domain.ts';
import { clauseOfHeadline, type TimedClause } from './clause-timing.ts';

/** p50/p95/max of a set of latencies, ms (nearest rank, rounded). */
export interface SpokenSummary {
  count: number;
  p50: number | null;
  p95: number | null;
  max: number | null;
}

export interface SpokenItem extends SpokenSummary {
  marker: string;
  headline: string;
  /** End of the headline clause in the audio, ms (null: no clause of the speech matches). */
  clauseEndMs: number | null;
}

export function summary(values: readonly number[]): SpokenSummary {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!) : null);
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), max: at(1) };
}

export function spokenToVenue(input: {
  requirements: readonly Requirement[];
  clauses: readonly TimedClause[];
  /** Per requirement id, the venues' arrival times (epoch ms). */
  arrivals: Record<string, number[]>;
  /** Wall time (epoch ms) at which audio time `audioMs` was spoken. */
  spokenAt: (audioMs: number) => number;
}): { overall: SpokenSummary; byItem: SpokenItem[] } {
  const all: number[] = [];
  const byItem = input.requirements.map((r) => {
    const clause = clauseOfHeadline(input.clauses, r.machine.headline || r.fields.headline, r.marker);
    const latencies = clause ? (input.arrivals[r.id] ?? []).map((t) => t - input.spokenAt(clause.endMs)) : [];
    all.push(...latencies);
    return { marker: r.marker, headline: r.fields.headline, clauseEndMs: clause ? Math.round(clause.endMs) : null, ...summary(latencies) };
  });
  return { overall: summary(all), byItem };
}
