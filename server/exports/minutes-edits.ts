/**
 * The secretary's edits on top of the generated minutes draft (pure). Edits are kept apart from
 * what the system generates, so a correction made to the meeting after the secretary edited
 * the draft still reaches every part the secretary left alone.
 */
import type { MinutesDraft, MinutesEdits } from '../../shared/protocol/minutes.ts';
import { generateMinutesDraft } from './minutes-draft.ts';
import type { ExportSnapshot } from './snapshot.ts';

/** The draft with `edits` applied; edits of requirements no longer in the minutes are ignored. */
export function applyMinutesEdits(generated: MinutesDraft, edits: MinutesEdits | undefined): MinutesDraft {
  if (!edits) return generated;
  return {
    title: edits.title ?? generated.title,
    opening: edits.opening ?? generated.opening,
    sections: generated.sections.map((section) => ({
      ...section,
      heading: edits.headings?.[section.listId] ?? section.heading,
      items: section.items.map((item) => {
        const e = edits.items?.[item.requirementId];
        if (!e) return item;
        return {
          ...item,
          headline: e.headline ?? item.headline,
          body: e.body ?? item.body,
          responsible: e.responsible ?? item.responsible,
          deadline: e.deadline !== undefined ? e.deadline : item.deadline,
        };
      }),
    })),
    attendance: edits.attendance ?? generated.attendance,
  };
}

/** The draft every minutes export renders: generated from the snapshot, the secretary's edits applied. */
export function minutesDraftOf(s: ExportSnapshot): MinutesDraft {
  return applyMinutesEdits(generateMinutesDraft(s), s.minutesEdits);
}

/**
 * Which item edits need the secretary's eye: `stale` — the requirement changed (a later
 * version) since its wording was edited; `orphaned` — it is no longer in the minutes.
 */
export function reviewEdits(edits: MinutesEdits, requirements: readonly { id: string; version: number }[]): { stale: string[]; orphaned: string[] } {
  const version = new Map(requirements.map((r) => [r.id, r.version]));
  const stale: string[] = [];
  const orphaned: string[] = [];
  for (const [id, e] of Object.entries(edits.items ?? {})) {
    const v = version.get(id);
    if (v === undefined) orphaned.push(id);
    else if (v > e.basedOnVersion) stale.push(id);
  }
  return { stale: stale.sort(), orphaned: orphaned.sort() };
}
