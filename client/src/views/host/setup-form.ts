/**
 * Pure helpers for the meeting setup form: glossary text ⇄ terms, speakers rows → request.
 */
import type { GlossaryTerm, MeetingUpdateBody, Speaker } from '../../../../shared/protocol/index.ts';
import { hoursMinutes, pad2 } from '../../components/format.ts';

/** One glossary term per line: `两为整治` or `两为整治：两位整治、两委整治` (variants after ：or =). */
export function parseGlossary(text: string): GlossaryTerm[] {
  const terms: GlossaryTerm[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const [termPart, variantPart = ''] = line.split(/[:：=]/, 2);
    const term = (termPart ?? '').trim();
    if (!term) continue;
    const variants = variantPart
      .split(/[,，、;；\s]+/)
      .map((v) => v.trim())
      .filter((v) => v.length > 0 && v !== term);
    terms.push({ term, variants: [...new Set(variants)] });
  }
  return terms;
}

export function formatGlossary(terms: readonly GlossaryTerm[]): string {
  return terms.map((t) => (t.variants.length > 0 ? `${t.term}：${t.variants.join('、')}` : t.term)).join('\n');
}

/** Editable speaker row (id kept for existing speakers). */
export interface SpeakerRow {
  id?: string;
  name: string;
  role: string;
}

export function speakersToRows(speakers: readonly Speaker[]): SpeakerRow[] {
  return speakers.map((s) => ({ id: s.id, name: s.name, role: s.role ?? '' }));
}

/** Rows with a name become the request's speakers; blank rows are dropped. */
export function rowsToSpeakers(rows: readonly SpeakerRow[]): NonNullable<MeetingUpdateBody['speakers']> {
  return rows
    .filter((r) => r.name.trim().length > 0)
    .map((r) => ({ ...(r.id ? { id: r.id } : {}), name: r.name.trim(), role: r.role.trim() || null }));
}

/** `datetime-local` value (local time, minutes) for an ISO time. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}T${hoursMinutes(d)}`;
}

/** ISO-8601 with the browser's UTC offset from a `datetime-local` value, or null if invalid. */
export function fromLocalInput(value: string, offsetMinutes = -new Date().getTimezoneOffset()): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const sign = offsetMinutes >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  return `${value}:00${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}
