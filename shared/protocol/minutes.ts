/**
 * The minutes draft (会议纪要草稿) as it crosses the wire: what the server generates from a
 * meeting, and the secretary's edits on top of it. Edits are stored apart from the generated
 * draft, so later corrections of the meeting still reach the parts the secretary left alone.
 */
import { z } from 'zod';
import { MAX_TEXT_LENGTH } from './schemas.ts';

/** One requirement as it reads in the minutes. */
export interface MinutesItem {
  requirementId: string;
  /** 2: （一） under the speaker's section; 3: 1. under a requirement. */
  level: 2 | 3;
  /** （一） or 1. */
  marker: string;
  /** The point itself, e.g. 要精心组织部署。 (set in 楷体 at level 2). */
  headline: string;
  /** What follows the headline; may be empty. */
  body: string;
  /** Responsible units (责任单位), lead first. */
  responsible: string[];
  /** Deadline (时限) as spoken or edited, e.g. 十月三十号; null when none. */
  deadline: string | null;
}

/** One speaker's requirements: 一、王国强副局长讲话要求. */
export interface MinutesSection {
  /** The requirement list the section renders. */
  listId: string;
  /** 一、 */
  marker: string;
  /** Heading text after the marker. */
  heading: string;
  items: MinutesItem[];
}

/** Label of the venues online during the meeting (late arrivals noted with their time). */
export const ATTENDANCE_PRESENT = '出席';
/**
 * Label the generated draft gives the branch venues never online. GB/T 9704 knows 出席, 请假 and
 * 列席, not 缺席; whether such a venue was excused is not known to the system, so the secretary
 * is asked to check the line.
 */
export const ATTENDANCE_NEVER_JOINED = '请假';

/** 出席：… / 请假：… — a GB/T 9704 attendance line (label, full-width colon, names). */
export interface AttendanceLine {
  /** 出席, 请假 or 列席 (the secretary may write another). */
  label: string;
  /** Units separated by 、 */
  text: string;
}

/** The whole draft. */
export interface MinutesDraft {
  /** …会议纪要 */
  title: string;
  /** Time, place, chair, topic; ends with 现将会议议定事项纪要如下： */
  opening: string;
  sections: MinutesSection[];
  attendance: AttendanceLine[];
}

const line = z.string().trim().max(2_000);

/** A secretary's wording of one requirement; absent fields keep the generated wording. */
export const minutesItemEdit = z
  .object({
    headline: z.string().trim().min(1).max(2_000),
    body: z.string().max(MAX_TEXT_LENGTH),
    responsible: z.array(z.string().trim().min(1).max(100)).max(50),
    deadline: z.string().trim().min(1).max(100).nullable(),
    /** `Requirement.version` the wording was written against (a later change is flagged). */
    basedOnVersion: z.number().int().positive(),
  })
  .partial()
  .required({ basedOnVersion: true });

/** The secretary's edits of the generated draft; an absent field keeps the generated text. */
export const minutesEdits = z.object({
  title: z.string().trim().min(1).max(200).optional(),
  opening: z.string().trim().min(1).max(MAX_TEXT_LENGTH).optional(),
  /** Section headings by list id (一、… after the marker). */
  headings: z.record(z.string().min(1).max(64), z.string().trim().min(1).max(200)).optional(),
  /** Per requirement id. */
  items: z.record(z.string().min(1).max(64), minutesItemEdit).optional(),
  /** Replaces all generated attendance lines (出席/请假/列席) when present. */
  attendance: z
    .array(z.object({ label: z.string().trim().min(1).max(10), text: line.min(1) }))
    .max(20)
    .optional(),
});

/** A secretary's edit of one requirement's minutes line. */
export type MinutesItemEdit = z.infer<typeof minutesItemEdit>;
/** All of a secretary's edits of the minutes draft. */
export type MinutesEdits = z.infer<typeof minutesEdits>;

/** Body of `PUT /api/meetings/:id/minutes-draft`. */
export const minutesDraftPutBody = z.object({
  edits: minutesEdits,
  /** The revision the edits were made on (0 when none stored); a stale one is refused (conflict). */
  revision: z.number().int().min(0),
});

/** Reply of `GET`/`PUT /api/meetings/:id/minutes-draft`. */
export interface MinutesDraftReply {
  /** What the system proposes from the meeting as it is now. */
  generated: MinutesDraft;
  /** The secretary's stored edits ({} when none). */
  edits: MinutesEdits;
  /** The draft the exports render: generated with the edits applied. */
  draft: MinutesDraft;
  /** Stored revision, 0 when nothing was stored; send it back with the next PUT. */
  revision: number;
  updatedAt: string | null;
  /** Requirement ids whose edited wording predates a later change of the requirement. */
  stale: string[];
  /** Requirement ids with edits that are no longer in the minutes (withdrawn, retracted). */
  orphaned: string[];
}
