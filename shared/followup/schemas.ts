/**
 * REST requests (zod) and replies of the follow-up routes. The server validates with these; the
 * client builds its requests from the same types.
 */
import { z } from 'zod';
import type { FiguresRow, FollowupFigures } from './figures.ts';
import type { ScopeSuggestion } from './scope.ts';
import type { FollowupThresholds, Task, TaskAttachment, TaskDisplayStatus, TaskEntry, WarningLevel } from './types.ts';

/** A calendar date, YYYY-MM-DD (a real date). */
export const calendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD').refine((s) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}, 'not a calendar date');

/** Longest report, reason or comment, characters. */
export const MAX_TASK_TEXT = 5000;
/** Attachments on one report or submission. */
export const MAX_ATTACHMENTS_PER_ENTRY = 10;

const text = z.string().trim().min(1).max(MAX_TASK_TEXT);
const optionalText = z.string().trim().max(MAX_TASK_TEXT).optional();
const attachmentIds = z.array(z.string().regex(/^[A-Za-z0-9_-]{8,64}$/)).max(MAX_ATTACHMENTS_PER_ENTRY).default([]);

/** Body of `POST /api/tasks/:taskId/actions`: one command of the task state machine. */
export const taskActionBody = z.discriminatedUnion('type', [
  z.object({ type: z.literal('sign') }).strict(),
  z.object({ type: z.literal('report'), text, attachmentIds }).strict(),
  z.object({ type: z.literal('request_extension'), reason: text, proposedDate: calendarDate }).strict(),
  z.object({ type: z.literal('submit'), text, attachmentIds }).strict(),
  z.object({ type: z.literal('accept'), comment: optionalText }).strict(),
  z.object({ type: z.literal('return'), comment: text }).strict(),
  z.object({ type: z.literal('approve_extension'), comment: optionalText, deadline: calendarDate.optional() }).strict(),
  z.object({ type: z.literal('deny_extension'), comment: text }).strict(),
  z.object({ type: z.literal('remind'), message: optionalText }).strict(),
  z.object({ type: z.literal('set_deadline'), deadline: calendarDate, comment: optionalText }).strict(),
  z.object({ type: z.literal('cancel'), comment: text }).strict(),
]);
export type TaskActionBody = z.input<typeof taskActionBody>;

export const taskIdParams = z.object({ taskId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });
export const attachmentParams = taskIdParams.extend({ attachmentId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/) });

/** `POST /api/meetings/:meetingId/followup/remind`: 催办 a round (every open task, or of one requirement / some venues). */
export const remindRoundBody = z.object({
  requirementId: z.string().min(1).max(64).optional(),
  venueIds: z.array(z.string().min(1).max(64)).max(5000).optional(),
  message: optionalText,
}).strict();

/** `PUT /api/meetings/:meetingId/followup/deadline`: the due date of every open task of a requirement. */
export const requirementDeadlineBody = z.object({
  requirementId: z.string().min(1).max(64),
  deadline: calendarDate,
  comment: optionalText,
}).strict();

/**
 * `PUT /api/meetings/:meetingId/followup/scope`: the secretary confirms which branch venues a
 * requirement concerns (`venueIds`), or every branch venue (`null`).
 */
export const scopeBody = z.object({
  requirementId: z.string().min(1).max(64),
  venueIds: z.array(z.string().min(1).max(64)).min(1).max(5000).nullable(),
}).strict();
export type ScopeBody = z.input<typeof scopeBody>;

/** A requirement's 责任单位 and the venues its tasks go to. */
export interface RequirementScope {
  requirementId: string;
  marker: string;
  headline: string;
  /** Responsible units as the minutes name them. */
  responsible: string[];
  /** Venues the units match (or every venue). */
  suggestion: ScopeSuggestion;
  /** The secretary's confirmation (`venueIds` null = every branch venue), or null. */
  confirmed: { venueIds: string[] | null; by: string; at: string } | null;
  /** Venues its tasks go to; null while named units wait for the secretary's confirmation. */
  venueIds: string[] | null;
}

/** `?asOf=` of reports (ISO date-time; default: now). */
export const reportQuery = z.object({ asOf: z.iso.datetime({ offset: true }).optional() });

/** `PUT /api/followup/settings`. */
export const thresholdsBody = z.object({
  nearDays: z.number().int().min(0).max(30),
  signDays: z.number().int().min(1).max(30),
  silentDays: z.number().int().min(1).max(90),
  remindIntervalMinutes: z.number().int().min(1).max(1440),
}).strict();

/** A task as a board shows it now. */
export interface BoardTask extends Task {
  display: TaskDisplayStatus;
  warning: WarningLevel | null;
}

/** `GET /api/meetings/:meetingId/followup`: the meeting's 督办 board. */
export interface FollowupBoard {
  meetingId: string;
  title: string;
  /** When tasks were issued; null before the meeting ended. */
  dispatchedAt: string | null;
  asOf: string;
  thresholds: FollowupThresholds;
  tasks: BoardTask[];
  figures: FollowupFigures;
  byRequirement: FiguresRow[];
  byUnit: FiguresRow[];
  /** Every requirement of the minutes with its responsible units and scope (责任单位确认). */
  scopes: RequirementScope[];
}

/** `GET /api/tasks/:taskId`: a task with its whole timeline. */
export interface TaskDetail {
  task: BoardTask;
  entries: TaskEntry[];
}

/** Reply of an action: the task after it and the timeline entry it added. */
export interface TaskActionReply {
  task: Task;
  entry: TaskEntry;
}

/** Reply of `POST /api/tasks/:taskId/attachments`. */
export interface AttachmentUploadReply {
  attachment: TaskAttachment;
}

/** Reply of a 催办 round. */
export interface RemindRoundReply {
  /** Tasks reminded now. */
  reminded: string[];
  /** Open tasks left out: their venue reacted since the last reminder. */
  reacted: string[];
  /** Open tasks left out: reminded less than the interval ago. */
  tooSoon: string[];
}

/** Reply of dispatch (tasks issued from the minutes; idempotent). */
export interface DispatchReply {
  /** Tasks created (or issued again to a venue confirmed back into a requirement's scope). */
  created: number;
  updated: number;
  cancelled: number;
  /** Requirements whose named units wait for the secretary's confirmation (no tasks yet). */
  held: number;
}

/** One meeting in the organiser's cross-meeting overview. */
export interface OverviewMeeting extends FollowupFigures {
  meetingId: string;
  title: string;
  at: string;
  dispatchedAt: string | null;
  red: number;
  yellow: number;
  blue: number;
}

/** `GET /api/followup`: the organiser's follow-up across meetings. */
export interface FollowupOverview {
  asOf: string;
  thresholds: FollowupThresholds;
  meetings: OverviewMeeting[];
  /** Figures per unit (venue name) across all the meetings. */
  byUnit: FiguresRow[];
  total: FollowupFigures;
  /** Tasks that need the organiser: 待复核, 申请延期, 已超期 (most urgent first, at most 200). */
  attention: (BoardTask & { meetingTitle: string })[];
}
