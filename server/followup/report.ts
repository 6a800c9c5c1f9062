/**
 * 督查通报 content (pure): the figures of one meeting or of all of an organiser's meetings, per
 * meeting and per unit, with every task's line, as of a given time. The XLSX and the DOCX notice
 * render this one model, so they always agree with each other and with the board.
 */
import { daysLate, figuresBy, figuresOf, type FiguresRow, type FollowupFigures } from '../../shared/followup/figures.ts';
import { TASK_STATUS_LABELS, WARNING_LABELS, type FollowupThresholds, type Task } from '../../shared/followup/types.ts';
import { displayStatus, warningLevel } from '../../shared/followup/warnings.ts';
import type { Meeting } from '../../shared/protocol/domain.ts';
import { meetingTime } from '../exports/format.ts';

/** One task as a report line. */
export interface ReportTaskLine {
  meetingTitle: string;
  position: string;
  headline: string;
  unit: string;
  deadline: string;
  status: string;
  warning: string;
  daysLate: number | null;
  signedAt: string | null;
  submittedAt: string | null;
  closedAt: string | null;
}

export interface FollowupReport {
  /** 关于…议定事项落实情况的督查通报 */
  title: string;
  /** The issuing organiser (department name). */
  issuer: string;
  asOf: string;
  total: FollowupFigures;
  meetings: (FiguresRow & { at: string })[];
  units: FiguresRow[];
  lines: ReportTaskLine[];
}

/** Build the report of `meetings` (each with its tasks) as of `asOf`. */
export function buildFollowupReport(input: { issuer: string; meetings: { meeting: Meeting; tasks: Task[] }[] }, asOf: string, th: FollowupThresholds): FollowupReport {
  const all = input.meetings.flatMap((m) => m.tasks);
  const first = input.meetings[0]?.meeting;
  const title = input.meetings.length === 1 && first ? `关于${first.title}议定事项落实情况的督查通报` : '关于会议议定事项落实情况的督查通报';
  const nowMs = Date.parse(asOf);
  return {
    title,
    issuer: input.issuer,
    asOf,
    total: figuresOf(all, asOf),
    meetings: input.meetings.map(({ meeting, tasks }) => ({ key: meeting.id, label: meeting.title, at: meetingTime(meeting), ...figuresOf(tasks, asOf) })),
    units: figuresBy(all, asOf, (t) => ({ key: t.venueName, label: t.venueName })),
    lines: input.meetings.flatMap(({ meeting, tasks }) => tasks.map((t) => {
      const w = warningLevel(t, nowMs, th);
      return {
        meetingTitle: meeting.title,
        position: t.requirement.marker,
        headline: t.requirement.headline,
        unit: t.venueName,
        deadline: t.deadline ?? '',
        status: TASK_STATUS_LABELS[displayStatus(t, nowMs)],
        warning: w ? WARNING_LABELS[w] : '',
        daysLate: daysLate(t, asOf),
        signedAt: t.signedAt,
        submittedAt: t.submittedAt,
        closedAt: t.status === 'done' ? t.closedAt : null,
      };
    })),
  };
}
