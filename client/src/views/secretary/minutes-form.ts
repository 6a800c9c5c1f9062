/**
 * The minutes draft form (pure, unit-tested): the draft as form fields, and back to the edits
 * to store — only what differs from the generated draft, so later corrections of the meeting
 * still reach everything the secretary left alone.
 */
import { ATTENDANCE_NEVER_JOINED, type AttendanceLine, type MinutesDraft, type MinutesEdits, type MinutesItemEdit } from '../../../../shared/protocol/index.ts';
import { formatUnits, parseUnits } from './requirement-form.ts';

/** One requirement's wording as typed. */
export interface ItemInputs {
  headline: string;
  body: string;
  units: string;
  deadline: string;
}

/** The whole form. */
export interface MinutesForm {
  title: string;
  opening: string;
  /** Heading per list id. */
  headings: Record<string, string>;
  /** Wording per requirement id. */
  items: Record<string, ItemInputs>;
  attendance: AttendanceLine[];
}

/** Form fields filled from a draft. */
export function formFromDraft(draft: MinutesDraft): MinutesForm {
  const headings: Record<string, string> = {};
  const items: Record<string, ItemInputs> = {};
  for (const s of draft.sections) {
    headings[s.listId] = s.heading;
    for (const i of s.items) items[i.requirementId] = { headline: i.headline, body: i.body, units: formatUnits(i.responsible), deadline: i.deadline ?? '' };
  }
  return { title: draft.title, opening: draft.opening, headings, items, attendance: draft.attendance.map((l) => ({ ...l })) };
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const sameAttendance = (a: readonly AttendanceLine[], b: readonly AttendanceLine[]) =>
  a.length === b.length && a.every((x, i) => x.label === b[i]?.label && x.text === b[i]?.text);

/**
 * The edits to store for `form` against the `generated` draft. Each edited item records the
 * requirement version it was written against: the current one when its wording changed now,
 * the earlier one when it is as stored before (so a "changed since" flag is not cleared unseen).
 */
export function editsFromForm(generated: MinutesDraft, form: MinutesForm, versions: Record<string, number>, previous: MinutesEdits): MinutesEdits {
  const edits: MinutesEdits = {};
  if (form.title.trim() && form.title.trim() !== generated.title) edits.title = form.title.trim();
  if (form.opening.trim() && form.opening.trim() !== generated.opening) edits.opening = form.opening.trim();
  for (const s of generated.sections) {
    const h = form.headings[s.listId]?.trim();
    if (h && h !== s.heading) (edits.headings ??= {})[s.listId] = h;
    for (const i of s.items) {
      const f = form.items[i.requirementId];
      if (!f) continue;
      const e: Omit<MinutesItemEdit, 'basedOnVersion'> = {};
      if (f.headline.trim() && f.headline.trim() !== i.headline) e.headline = f.headline.trim();
      if (f.body !== i.body) e.body = f.body;
      const units = parseUnits(f.units);
      if (!sameList(units, i.responsible)) e.responsible = units;
      const deadline = f.deadline.trim() || null;
      if (deadline !== i.deadline) e.deadline = deadline;
      if (Object.keys(e).length === 0) continue;
      const before = previous.items?.[i.requirementId];
      const unchanged = before !== undefined && JSON.stringify({ ...before, basedOnVersion: 0 }) === JSON.stringify({ ...e, basedOnVersion: 0 });
      (edits.items ??= {})[i.requirementId] = { ...e, basedOnVersion: unchanged ? before.basedOnVersion : (versions[i.requirementId] ?? 1) };
    }
  }
  const lines = form.attendance.map((l) => ({ label: l.label.trim(), text: l.text.trim() })).filter((l) => l.label && l.text);
  if (!sameAttendance(lines, generated.attendance)) edits.attendance = lines;
  return edits;
}

/** True when the item's wording differs from the generated one. */
export function itemEdited(form: MinutesForm, generated: MinutesDraft, requirementId: string): boolean {
  const g = generated.sections.flatMap((s) => s.items).find((i) => i.requirementId === requirementId);
  const f = form.items[requirementId];
  if (!g || !f) return false;
  return f.headline.trim() !== g.headline || f.body !== g.body || !sameList(parseUnits(f.units), g.responsible) || (f.deadline.trim() || null) !== g.deadline;
}

/**
 * The hint over the attendance lines when the generated draft lists branch venues that never
 * joined under 请假: a default, since the system cannot know whether they were excused. Null when
 * every venue joined.
 */
export function neverJoinedHint(generated: MinutesDraft): string | null {
  const line = generated.attendance.find((l) => l.label === ATTENDANCE_NEVER_JOINED);
  return line ? `未接入的会场默认列为请假，请核实：${line.text}` : null;
}
