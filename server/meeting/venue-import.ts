/**
 * Venue import: CSV or JSON rows → validated rows. Pure (no I/O); the service applies them.
 * CSV columns (header row required, UTF-8, BOM allowed): name/名称, level/级别, parent/上级, isMain/主会场.
 */
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { venueImportRow } from '../../shared/protocol/rest.ts';
import type { VenueLevel } from '../../shared/protocol/domain.ts';
import { DomainError, zodDetails } from '../errors.ts';

export interface ImportRow {
  name: string;
  level: VenueLevel;
  parent: string | null;
  isMain: boolean;
}

const HEADER_ALIASES: Record<string, keyof z.input<typeof venueImportRow>> = {
  name: 'name', 名称: 'name', 会场: 'name', 会场名称: 'name',
  level: 'level', 级别: 'level', 层级: 'level',
  parent: 'parent', 上级: 'parent', 上级会场: 'parent',
  ismain: 'isMain', main: 'isMain', 主会场: 'isMain',
};

/** Normalise parsed (JSON or CSV) rows; throws bad_request listing the bad rows. */
export function normaliseRows(rows: readonly unknown[]): ImportRow[] {
  const parsed = z.array(venueImportRow).min(1).max(5000).safeParse(rows);
  if (!parsed.success) throw new DomainError('bad_request', zodDetails(parsed.error.issues));
  const seen = new Set<string>();
  const out: ImportRow[] = [];
  for (const r of parsed.data) {
    if (seen.has(r.name)) throw new DomainError('bad_request', [`duplicate venue name "${r.name}"`]);
    seen.add(r.name);
    const main = r.isMain === true || r.isMain === 'true' || r.isMain === '1' || r.isMain === '是';
    out.push({ name: r.name, level: r.level, parent: r.parent ? r.parent : null, isMain: main });
  }
  if (out.filter((r) => r.isMain).length > 1) throw new DomainError('bad_request', ['more than one main venue']);
  return out;
}

/** Parse a CSV body into raw rows keyed by the canonical column names. */
export function parseVenueCsv(csv: string): unknown[] {
  let records: Record<string, string>[];
  try {
    records = parse(csv, {
      bom: true,
      columns: (header: string[]) => header.map((h) => HEADER_ALIASES[h.trim().toLowerCase()] ?? h.trim()),
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
    });
  } catch (err) {
    throw new DomainError('bad_request', [`csv: ${err instanceof Error ? err.message.slice(0, 200) : 'unreadable'}`]);
  }
  return records.map((r) => ({ name: r.name, level: r.level, parent: r.parent || null, isMain: r.isMain ?? '' }));
}
