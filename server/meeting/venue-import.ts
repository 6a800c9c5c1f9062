/**
 * Venue import: CSV or JSON rows → validated rows. Pure (no I/O); the service applies them.
 * CSV columns (header row required): name/名称, level/级别, parent/上级, isMain/主会场; the file may be
 * UTF-8 (BOM allowed), GBK/GB18030 as Excel saves it on Chinese Windows, or UTF-16 with a BOM
 * (Excel's "Unicode 文本", tab-separated) — see csv-encoding.ts.
 */
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { venueImportRow } from '../../shared/protocol/rest.ts';
import type { VenueLevel } from '../../shared/protocol/domain.ts';
import { DomainError, zodDetails } from '../errors.ts';
import { decodeCsvBytes } from './csv-encoding.ts';

export interface ImportRow {
  name: string;
  level: VenueLevel;
  parent: string | null;
  isMain: boolean;
}

type Column = keyof z.input<typeof venueImportRow>;

/** Header → column. A Map: a header such as "constructor" or "__proto__" must not find anything. */
const HEADER_ALIASES: ReadonlyMap<string, Column> = new Map<string, Column>([
  ['name', 'name'], ['名称', 'name'], ['会场', 'name'], ['会场名称', 'name'],
  ['level', 'level'], ['级别', 'level'], ['层级', 'level'],
  ['parent', 'parent'], ['上级', 'parent'], ['上级会场', 'parent'],
  ['ismain', 'isMain'], ['main', 'isMain'], ['主会场', 'isMain'],
]);

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

/**
 * Parse an uploaded CSV file (bytes in any encoding csv-encoding.ts recognises) into raw rows
 * keyed by the canonical column names. Columns other than the four known ones are ignored.
 */
export function parseVenueCsv(csv: Uint8Array | string): unknown[] {
  const text = typeof csv === 'string' ? csv : decodeCsvBytes(csv).text;
  let records: Partial<Record<Column, string>>[];
  try {
    records = parse(text, {
      bom: true,
      // Unknown headers are dropped (false), so no header can name an object property of the record.
      columns: (header: string[]) => header.map((h) => HEADER_ALIASES.get(h.trim().toLowerCase()) ?? false),
      // "Unicode 文本" from Excel is tab-separated.
      delimiter: [',', '\t'],
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
    });
  } catch (err) {
    throw new DomainError('bad_request', [`csv: ${err instanceof Error ? err.message.slice(0, 200) : 'unreadable'}`]);
  }
  if (records.length > 0 && !records.some((r) => r.name !== undefined)) {
    throw new DomainError('bad_request', ['csv: no name/名称 column in the header row']);
  }
  return records.map((r) => ({ name: r.name, level: r.level, parent: r.parent || null, isMain: r.isMain ?? '' }));
}
