/**
 * Read models of the follow-up: the meeting's 督办 board, the organiser's overview across its
 * meetings, a task's timeline, and what a session's snapshot carries. Status colours come from
 * stored facts and the clock passed in, never from anything cached.
 */
import { figuresBy, figuresOf } from '../../shared/followup/figures.ts';
import type { BoardTask, FollowupBoard, FollowupOverview, OverviewMeeting, TaskDetail } from '../../shared/followup/schemas.ts';
import { DEFAULT_THRESHOLDS, type FollowupThresholds, type Task, type TaskEntry } from '../../shared/followup/types.ts';
import { displayStatus, warningLevel } from '../../shared/followup/warnings.ts';
import type { SessionClaims } from '../../shared/protocol/socket.ts';
import type { Store } from '../db/store.ts';
import { DomainError } from '../errors.ts';
import { meetingTime } from '../exports/format.ts';
import { isStaff } from '../meeting/visibility.ts';
import { planRequirements, scopeOf } from './requirement-plan.ts';

/** A task as boards show it at `nowMs`. */
export function boardTask(t: Task, nowMs: number, th: FollowupThresholds): BoardTask {
  return { ...t, display: displayStatus(t, nowMs), warning: warningLevel(t, nowMs, th) };
}

const byRequirement = (t: Task) => ({ key: t.requirementId, label: `${t.requirement.marker} ${t.requirement.headline}` });
const byUnit = (t: Task) => ({ key: t.venueName, label: t.venueName });

/** The meeting's board as of `asOf`. */
export async function meetingBoard(store: Store, meetingId: string, asOf: Date, th: FollowupThresholds): Promise<FollowupBoard> {
  const meeting = await store.meetings.get(meetingId);
  if (!meeting) throw new DomainError('not_found');
  const tasks = await store.tasks.listByMeeting(meetingId);
  const asOfIso = asOf.toISOString();
  return {
    meetingId,
    title: meeting.title,
    dispatchedAt: await store.tasks.dispatchedAt(meetingId),
    asOf: asOfIso,
    thresholds: th,
    tasks: tasks.map((t) => boardTask(t, asOf.getTime(), th)),
    figures: figuresOf(tasks, asOfIso),
    byRequirement: figuresBy(tasks, asOfIso, byRequirement),
    byUnit: figuresBy(tasks, asOfIso, byUnit),
    scopes: (await planRequirements(store, meetingId)).plans.map(scopeOf),
  };
}

/** Urgency of a task needing the organiser: overdue, then extension requests, then reviews. */
const URGENCY = { overdue: 0, extension_requested: 1, review: 2 } as const;
const MAX_ATTENTION = 200;

/** The organiser's follow-up across its meetings as of `asOf`. */
export async function organiserOverview(store: Store, organiserId: string, asOf: Date, th: FollowupThresholds): Promise<FollowupOverview> {
  const asOfIso = asOf.toISOString();
  const tasks = await store.tasks.listByOrganiser(organiserId);
  const byMeeting = new Map<string, Task[]>();
  for (const t of tasks) byMeeting.set(t.meetingId, [...(byMeeting.get(t.meetingId) ?? []), t]);
  const meetings: OverviewMeeting[] = [];
  const titles = new Map<string, string>();
  for (const [meetingId, list] of byMeeting) {
    const m = await store.meetings.get(meetingId);
    if (!m) continue;
    titles.set(meetingId, m.title);
    const boards = list.map((t) => boardTask(t, asOf.getTime(), th));
    meetings.push({
      meetingId, title: m.title, at: meetingTime(m), dispatchedAt: await store.tasks.dispatchedAt(meetingId),
      ...figuresOf(list, asOfIso),
      red: boards.filter((b) => b.warning === 'red').length,
      yellow: boards.filter((b) => b.warning === 'yellow').length,
      blue: boards.filter((b) => b.warning === 'blue').length,
    });
  }
  meetings.sort((a, b) => b.at.localeCompare(a.at));
  const attention = tasks
    .map((t) => ({ ...boardTask(t, asOf.getTime(), th), meetingTitle: titles.get(t.meetingId) ?? '' }))
    .filter((t): t is typeof t & { display: keyof typeof URGENCY } => t.display in URGENCY)
    .sort((a, b) => URGENCY[a.display] - URGENCY[b.display] || (a.deadline ?? '9').localeCompare(b.deadline ?? '9'))
    .slice(0, MAX_ATTENTION);
  return { asOf: asOfIso, thresholds: th, meetings, byUnit: figuresBy(tasks, asOfIso, byUnit), total: figuresOf(tasks, asOfIso), attention };
}

/** One task with its timeline. */
export async function taskDetail(store: Store, task: Task, asOf: Date, th: FollowupThresholds): Promise<TaskDetail> {
  return { task: boardTask(task, asOf.getTime(), th), entries: await store.tasks.entriesOfTask(task.id) };
}

/** What a session's snapshot carries: staff every task of the meeting, a venue its own. */
export async function snapshotTasks(store: Store, s: SessionClaims): Promise<{ tasks: Task[]; taskEntries: TaskEntry[]; followupThresholds: FollowupThresholds }> {
  const followupThresholds = (await store.tasks.thresholds(await store.meetings.ownerOf(s.meetingId))) ?? DEFAULT_THRESHOLDS;
  if (isStaff(s)) return { tasks: await store.tasks.listByMeeting(s.meetingId), taskEntries: await store.tasks.entriesOfMeeting(s.meetingId), followupThresholds };
  const tasks = (await store.tasks.listByVenue(s.venueId)).filter((t) => t.meetingId === s.meetingId);
  const own = new Set(tasks.map((t) => t.id));
  return { tasks, taskEntries: (await store.tasks.entriesOfVenue(s.venueId, s.meetingId)).filter((e) => own.has(e.taskId)), followupThresholds };
}
