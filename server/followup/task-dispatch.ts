/**
 * Issuing tasks from the minutes inside a commit: one per published requirement × venue of its
 * scope; open tasks follow a corrected requirement; tasks out of scope or of a withdrawn
 * requirement are cancelled. Idempotent: run again, it changes nothing.
 */
import type { Task, TaskActor } from '../../shared/followup/types.ts';
import { chinaDay } from '../../shared/followup/figures.ts';
import { parseDeadline } from '../../shared/followup/deadline-date.ts';
import { isOpen } from '../../shared/followup/warnings.ts';
import type { DispatchReply } from '../../shared/followup/schemas.ts';
import type { Store } from '../db/store.ts';
import { meetingTime } from '../exports/format.ts';
import { newId } from '../meeting/ids.ts';
import type { Append } from '../meeting/sequencer.ts';
import { planRequirements } from './requirement-plan.ts';
import { FRESH, type TaskWriter } from './task-writer.ts';

/** The dispatch inside a commit: `actor` is who caused it (the system, or whoever confirmed a scope). */
export async function dispatchIn(store: Store, { record }: TaskWriter, append: Append, meetingId: string, at: string, actor: TaskActor): Promise<DispatchReply> {
  const { meeting, venues, plans } = await planRequirements(store, meetingId);
  const meetingDate = chinaDay(meetingTime(meeting));
  const existing = new Map((await store.tasks.listByMeeting(meetingId)).map((t) => [`${t.requirementId}|${t.venueId}`, t]));
  const live = new Set<string>();
  const counts: DispatchReply = { created: 0, updated: 0, cancelled: 0, held: 0 };
  const cancel = async (t: Task, why: string) => {
    await record(append, { ...t, status: 'cancelled', closedAt: at, extensionRequest: null, updatedAt: at }, t.status, { action: 'cancelled', actor, text: why, date: null, level: null });
    counts.cancelled++;
  };
  for (const plan of plans) {
    live.add(plan.requirementId);
    if (plan.venueIds === null) {
      counts.held++;
      continue;
    }
    const inScope = new Set(plan.venueIds);
    const { copy, order } = plan;
    const parsed = parseDeadline(copy.deadlineText, meetingDate);
    for (const v of venues) {
      const old = existing.get(`${plan.requirementId}|${v.id}`);
      if (!inScope.has(v.id)) {
        if (old && (isOpen(old) || old.status === 'review')) await cancel(old, '经确认不属于本项责任单位');
        continue;
      }
      if (!old) {
        const task: Task = {
          id: newId(), meetingId, requirementId: plan.requirementId, venueId: v.id, venueName: v.name, requirement: copy, order,
          ...FRESH, deadline: parsed?.date ?? null, deadlineSource: parsed ? 'parsed' : null, createdAt: at, updatedAt: at,
        };
        // The (requirement, venue) pair is unique in the schema: a task is issued once, whoever dispatches.
        if (!(await store.tasks.insert(task))) continue;
        await record(append, task, null, { action: 'created', actor, text: null, date: task.deadline, level: null });
        counts.created++;
      } else if ((isOpen(old) || old.status === 'review') && (old.requirement.version !== copy.version || old.order !== order || old.requirement.marker !== copy.marker)) {
        const reread = old.deadlineSource === null || old.deadlineSource === 'parsed';
        const next: Task = { ...old, requirement: copy, order, updatedAt: at, ...(reread ? { deadline: parsed?.date ?? null, deadlineSource: parsed ? 'parsed' : null } : {}) };
        await record(append, next, old.status, { action: 'requirement_updated', actor, text: null, date: next.deadline, level: null });
        counts.updated++;
      }
    }
  }
  for (const t of existing.values()) {
    if (!live.has(t.requirementId) && (isOpen(t) || t.status === 'review')) await cancel(t, '会议要求已撤回');
  }
  await store.tasks.markDispatched(meetingId, at);
  return counts;
}
