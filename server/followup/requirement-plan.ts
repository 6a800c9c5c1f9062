/**
 * What the minutes ask of the branch venues, requirement by requirement: its wording as issued,
 * its place in the minutes, the venues its responsible units suggest, the scope a secretary
 * confirmed, and so the venues its tasks go to — or none yet, while named units wait for the
 * secretary's confirmation. Read by the dispatch and by the 督办台's 责任单位确认.
 */
import { suggestScope, type ScopeVenue } from '../../shared/followup/scope.ts';
import type { RequirementScope } from '../../shared/followup/schemas.ts';
import type { TaskRequirement } from '../../shared/followup/types.ts';
import type { Meeting } from '../../shared/protocol/domain.ts';
import type { Store } from '../db/store.ts';
import { DomainError } from '../errors.ts';
import { loadExportSnapshot } from '../exports/load.ts';
import { buildOutline } from '../exports/outline.ts';

/** One requirement of the minutes with where its tasks go. */
export interface RequirementPlan extends RequirementScope {
  /** The requirement as a task carries it. */
  copy: TaskRequirement;
  /** Its place in the minutes' order. */
  order: number;
}

export interface MeetingPlan {
  meeting: Meeting;
  /** Branch venues in import order (the main venue issues, it gets no tasks). */
  venues: ScopeVenue[];
  plans: RequirementPlan[];
}

/** The minutes' requirements (published, not withdrawn or retracted, nested ones too), in order, with their scopes. */
export async function planRequirements(store: Store, meetingId: string): Promise<MeetingPlan> {
  const meeting = await store.meetings.get(meetingId);
  if (!meeting) throw new DomainError('not_found');
  const snapshot = await loadExportSnapshot(store, meetingId);
  const venues = snapshot.venues.filter((v) => !v.isMain).map((v) => ({ id: v.id, name: v.name }));
  const all = venues.map((v) => v.id);
  const known = new Set(all);
  const confirmedScopes = await store.taskScopes.ofMeeting(meetingId);
  const items = buildOutline(snapshot).flatMap((s) => s.items);
  const plans = items.map((item, order): RequirementPlan => {
    const r = item.requirement;
    const suggestion = suggestScope(r.fields.responsible, venues);
    const confirmed = confirmedScopes.get(r.id) ?? null;
    // A confirmed list keeps only venues still in the meeting (a venue may have been removed since).
    const venueIds = confirmed ? (confirmed.venueIds === null ? all : confirmed.venueIds.filter((id) => known.has(id))) : suggestion.all ? all : null;
    return {
      requirementId: r.id,
      marker: item.position,
      headline: r.fields.headline,
      responsible: r.fields.responsible,
      suggestion,
      confirmed: confirmed ? { venueIds: confirmed.venueIds, by: confirmed.by, at: confirmed.at } : null,
      venueIds,
      copy: { marker: item.position, headline: r.fields.headline, text: r.fields.text, responsible: r.fields.responsible, deadlineText: r.fields.deadline, version: r.version },
      order,
    };
  });
  return { meeting, venues, plans };
}

/** A plan as the board shows it (without the task copy). */
export function scopeOf(p: RequirementPlan): RequirementScope {
  const { copy: _copy, order: _order, ...scope } = p;
  return scope;
}
