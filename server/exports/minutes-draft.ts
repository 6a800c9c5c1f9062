/**
 * The minutes as editable data (会议纪要草稿): title, opening paragraph, the requirements'
 * wording per speaker and the attendance lines. Generated from a snapshot by a pure function;
 * the secretary reviews and edits it, and every minutes renderer (DOCX, Markdown) takes it as is.
 */
import { ATTENDANCE_NEVER_JOINED, ATTENDANCE_PRESENT, type AttendanceLine, type MinutesDraft, type MinutesItem, type MinutesSection } from '../../shared/protocol/minutes.ts';
import { chineseCount, chineseDate, chineseNumber, clockTime, dayPeriod, meetingTime } from './format.ts';
import { buildOutline } from './outline.ts';
import { CHAIR_MARK, branchVenues, speakerLabel, type ExportSnapshot, type ExportVenue } from './snapshot.ts';

// The draft's types are the wire contract (the secretary desk edits them): shared/protocol/minutes.ts.
export type { AttendanceLine, MinutesDraft, MinutesItem, MinutesSection } from '../../shared/protocol/minutes.ts';

/** The opening's last sentence, as GB/T practice words it. */
export const OPENING_END = '现将会议议定事项纪要如下：';

/** Punctuation that may follow a headline inside the requirement's text (kept with the headline). */
const AFTER_HEADLINE = /^\s*([。；，：！？,.;:!?])?\s*/;
const ENDS_CLAUSE = /[。；，：！？,.;:!?]$/;

/** The minutes' title for a meeting title: 全市…电视电话会议 → 全市…电视电话会议纪要. */
export function minutesTitle(meetingTitle: string): string {
  const t = meetingTitle.trim();
  if (t.endsWith('纪要')) return t;
  if (t.endsWith('会议') || t.endsWith('会')) return `${t}纪要`;
  return `${t}会议纪要`;
}

/**
 * The subject of the meeting from its title, for "就…提出要求": 全市推进两为整治工作电视电话会议 →
 * 推进两为整治工作. Falls back to 有关工作.
 */
export function meetingTopic(meetingTitle: string): string {
  const topic = meetingTitle
    .trim()
    .replace(/^(全国|全省|全市|全州|全县|全区|全盟|全旗|全系统)/, '')
    .replace(/(电视电话会议|视频会议|视频会|推进会议|推进会|部署会议|部署会|动员会|工作会议|调度会|会议|会)$/, '');
  return topic.length >= 2 ? topic : '有关工作';
}

/**
 * Headline with the punctuation that follows it in the spoken text (。 when none), and the text
 * after it: 要加密巡护，林区入口… → 要加密巡护， + 林区入口…
 */
export function splitWording(headline: string, text: string): { headline: string; body: string } {
  const h = headline.trim();
  const t = text.trim();
  if (!h) return { headline: ENDS_CLAUSE.test(t) ? t : `${t}。`, body: '' };
  if (!t.startsWith(h)) return { headline: ENDS_CLAUSE.test(h) ? h : `${h}。`, body: t };
  const rest = t.slice(h.length);
  const m = AFTER_HEADLINE.exec(rest);
  const punct = m?.[1] ?? '';
  const body = rest.slice(m?.[0].length ?? 0);
  return { headline: ENDS_CLAUSE.test(h) ? h : `${h}${punct || '。'}`, body };
}

function venueNote(v: ExportVenue): string {
  const notes: string[] = [];
  if (v.attendance === 'late' && v.joinedAt) notes.push(`${clockTime(v.joinedAt)}接入`);
  if (v.leftEarlyAt) notes.push(`${clockTime(v.leftEarlyAt)}离开`);
  return notes.length > 0 ? `${v.name}（${notes.join('，')}）` : v.name;
}

/**
 * Attendance lines from the venues' real attendance, under the labels GB/T 9704 uses:
 * 出席 = the main venue and every branch venue online during the meeting (late arrivals and early
 * departures noted with their time); 请假 = branch venues never online. Whether such a venue was
 * excused is not known to the system, so 请假 is a default the secretary checks in the review
 * panel (relabelled, or moved to 出席/列席).
 */
export function attendanceLines(s: ExportSnapshot): AttendanceLine[] {
  const main = s.venues.filter((v) => v.isMain);
  const branches = branchVenues(s);
  const present = [...main, ...branches.filter((v) => v.attendance !== 'absent')];
  const absent = branches.filter((v) => v.attendance === 'absent');
  const lines: AttendanceLine[] = [];
  if (present.length > 0) lines.push({ label: ATTENDANCE_PRESENT, text: present.map(venueNote).join('、') });
  if (absent.length > 0) lines.push({ label: ATTENDANCE_NEVER_JOINED, text: absent.map((v) => v.name).join('、') });
  return lines;
}

function openingParagraph(s: ExportSnapshot, sections: ReturnType<typeof buildOutline>): string {
  const m = s.meeting;
  const at = meetingTime(m);
  const title = m.title.trim();
  const form = title.includes('电视电话会议') || title.includes('视频会') ? '' : '以电视电话会议形式';
  const parts = [`${chineseDate(at)}${dayPeriod(at)}，${m.organiser}${form}召开${title}。`];

  const main = s.venues.find((v) => v.isMain);
  const branches = branchVenues(s);
  if (main && branches.length > 0) {
    const attended = branches.filter((v) => v.attendance !== 'absent').length;
    parts.push(`会议在${main.name}设主会场，设${chineseNumber(branches.length)}个分会场，实到${chineseNumber(attended)}个。`);
  } else if (main) {
    parts.push(`会议在${main.name}召开。`);
  }

  const speakerOf = (name: string | null, role: string | null) => speakerLabel(name, role, s.speakers);
  // The host marks the chair in the speaker's role (e.g. 秘书长（主持）); else the first speaker chairs.
  const chair = s.speakers.find((sp) => CHAIR_MARK.test(sp.role ?? '')) ?? s.speakers[0] ?? null;
  const chairLabel = chair ? speakerOf(chair.name, chair.role ?? '') : null;
  const topic = meetingTopic(title);
  const chairSpeaks = chair !== null && sections.some((sec) => sec.speakerName === chair.name);
  const talks = sections.map((sec) => {
    const count = chineseCount(sec.topLevelCount);
    const who = chair !== null && sec.speakerName === chair.name ? '' : (speakerOf(sec.speakerName, sec.speakerRole) ?? '会议');
    return `${who}就${topic}提出${count}点要求`;
  });
  if (chairLabel && chairSpeaks) parts.push(`会议由${chairLabel}主持并讲话，${talks.join('；')}。`);
  else if (chairLabel && talks.length > 0) parts.push(`会议由${chairLabel}主持，${talks.join('；')}。`);
  else if (chairLabel) parts.push(`会议由${chairLabel}主持。`);
  else if (talks.length > 0) parts.push(`${talks.join('；')}。`);
  parts.push(OPENING_END);
  return parts.join('');
}

/** The draft the system proposes for a snapshot (pure; same snapshot → same draft). */
export function generateMinutesDraft(s: ExportSnapshot): MinutesDraft {
  const outline = buildOutline(s);
  const sections = outline.map((sec): MinutesSection => {
    const who = speakerLabel(sec.speakerName, sec.speakerRole, s.speakers);
    return {
      listId: sec.listId,
      marker: sec.marker,
      heading: who ? `${who}讲话要求` : '会议要求',
      items: sec.items.map((it): MinutesItem => {
        const f = it.requirement.fields;
        const { headline, body } = splitWording(f.headline, f.text);
        return {
          requirementId: it.requirement.id,
          level: it.level,
          marker: it.marker,
          headline,
          body,
          responsible: [...f.responsible],
          deadline: f.deadline,
        };
      }),
    };
  });
  return { title: minutesTitle(s.meeting.title), opening: openingParagraph(s, outline), sections, attendance: attendanceLines(s) };
}

/** （责任单位：…；完成时限：…） for an item, or '' when neither is known. */
export function responsibilityNote(item: Pick<MinutesItem, 'responsible' | 'deadline'>): string {
  const parts: string[] = [];
  if (item.responsible.length > 0) parts.push(`责任单位：${item.responsible.join('、')}`);
  if (item.deadline) parts.push(`完成时限：${item.deadline}`);
  return parts.length > 0 ? `（${parts.join('；')}）` : '';
}
