/**
 * Who speaks: parses the subject of a clause such as "省公安厅副厅长、市政府副市长、公安局长王国强同志对…",
 * "吁小平常务副局长就…", "陈所长", "杨嘉武指出", "会议要求", "我讲七点意见".
 */
import { ROLE_STARTS, SPEECH_VERBS, SUBJECT_OPENERS, SURNAMES, endsWithRoleCore, has, surnameFits } from './lexicon.ts';

export type Subject =
  | { kind: 'person'; name: string; role: string | null; explicitRole: boolean }
  | { kind: 'meeting' }
  | { kind: 'first' };

/** Where the subject phrase stops: prepositions and verbs that follow a speaker's name. */
const SUBJECT_STOPS = /再次|进一步|特别|着重|重点|在会上|在讲话中|会上|同志|对|就|在|向|为|围绕|针对|结合|代表|指出|强调|要求|提出|提了|讲话|讲|表示|传达|主持|安排|作|做|出席|说|希望|明确|部署|总结|宣读|通报|介绍|发言|认为|也|还|又|并|以|从|于|和|与|参加|带领|带队|率|到|深入|察看|调研|听取|首先|最后|随后|接着/g;

const BARE_NAME_NEXT = /^(同志)?(再次|进一步|特别|着重|重点|还|又|也|在会上|在讲话中|会上)?(指出|强调|要求|提出|提了|表示|说|讲|传达|主持|在|对|就|从|围绕|针对|结合|代表|作了|做了|作出|做出|希望|总结|出席)/;
const NON_NAMES = /公安|政府|人民|党委|纪委|文件|会议|报告|通知|方案|工作|要求|各|部门|单位|领导|我|你|他|她|们|这|那|其|此|该|大家|人员|同志|目标|任务|问题|[厅局委院处科队省市县区镇乡村府]/;

/** A document title: issuing organisation + 关于…的通知/意见/方案. */
const DOC_TITLE = /^([\u4e00-\u9fff]{2,14}?(?:局|厅|委|办|办公室|院|政府|指挥部|中心|委员会))关于[^,。;]{2,40}的(?:紧急)?(?:通知|实施方案|工作方案)$/;

function stripOpeners(s: string): string {
  let out = s;
  for (let changed = true; changed; ) {
    changed = false;
    for (const w of SUBJECT_OPENERS) {
      if (out.startsWith(w) && out.length > w.length) {
        out = out.slice(w.length);
        changed = true;
      }
    }
  }
  return out;
}

function isRole(s: string): boolean {
  return s.length >= 2 && s.length <= 30 && endsWithRoleCore(s) && ROLE_STARTS.some((w) => s.startsWith(w));
}

function isName(s: string): boolean {
  return surnameFits(s) && !NON_NAMES.test(s) && /^[\u4e00-\u9fff]+$/.test(s);
}

function cleanRole(role: string): string {
  return role.replace(/^(该|由|请|邀请)/, '');
}

/**
 * Parses a clause (text between punctuation) as "subject + verb…". Returns the speaker it names,
 * or null. `requireVerb` asks for a speech verb in the clause (used for lead-ins and list stops).
 */
export function parseSubject(clause: string, requireVerb = true): Subject | null {
  const s = stripOpeners(clause);
  // 会议纪要: "现将会议议定事项纪要如下", "经会议研究决定" — the meeting decides the list.
  if (/^(现将|现把|经)?(本次)?会议(研究|讨论)?(议定|决定|确定)|^经(本次)?会议(研究|讨论|审议)/.test(s)) return { kind: 'meeting' };
  // A notice's title names its issuer: "县教育局关于做好…的通知".
  const issuer = DOC_TITLE.exec(s);
  if (issuer?.[1]) return { kind: 'person', name: issuer[1], role: null, explicitRole: false };
  if (requireVerb && !SPEECH_VERBS.some((v) => s.includes(v))) return null;
  if (/^(会议|大会|会上)(还|再次|进一步|同时|也|最后|首先)?(要求|强调|指出|提出|明确|认为|号召|部署|安排)/.test(s)) {
    return { kind: 'meeting' };
  }
  const firstPerson = s.replace(/^(下面|今天|在这里|这里|接下来|最后|好)/, '');
  if (firstPerson.startsWith('我') && !firstPerson.startsWith('我们')) {
    return /讲|提|说|强调|谈/.test(firstPerson) ? { kind: 'first' } : null;
  }
  SUBJECT_STOPS.lastIndex = 0;
  let cut = s.length;
  for (let m = SUBJECT_STOPS.exec(s); m; m = SUBJECT_STOPS.exec(s)) {
    if (m.index >= 2) {
      cut = m.index;
      break;
    }
  }
  const subject = s.slice(0, cut);
  if (subject.length < 2 || subject.length > 40) return null;
  const person = personFrom(subject);
  // A bare name must be followed by what a speaker does ("杨嘉武指出"), or 明确工(作) passes as one.
  if (person?.kind === 'person' && !person.explicitRole && !BARE_NAME_NEXT.test(s.slice(cut))) return null;
  return person;
}

/** Splits "ROLE NAME", "NAME ROLE", "SURNAME+TITLE" or a bare "NAME". */
export function personFrom(subject: string): Subject | null {
  // ROLE + NAME: 公安局长王国强, 镇党委书记李劲松.
  for (const len of [4, 3, 2]) {
    const name = subject.slice(-len);
    const role = subject.slice(0, -len);
    if (role.length >= 2 && endsWithRoleCore(role) && isName(name)) {
      return { kind: 'person', name, role: cleanRole(role), explicitRole: true };
    }
  }
  // NAME + ROLE: 吁小平常务副局长, 门轩主任, 陈所长 (surname + title is kept as the name).
  for (const len of [1, 2, 3, 4]) {
    const head = subject.slice(0, len);
    const role = subject.slice(len);
    if (!isRole(role) || !/^[\u4e00-\u9fff]+$/.test(head) || NON_NAMES.test(head)) continue;
    if (len === 4 && !isName(head)) continue;
    if (len === 1) {
      if (!SURNAMES.has(head)) continue;
      return { kind: 'person', name: subject.length <= 4 ? subject : head + role, role, explicitRole: true };
    }
    return { kind: 'person', name: head, role, explicitRole: true };
  }
  if (isName(subject)) return { kind: 'person', name: subject, role: null, explicitRole: false };
  // Only a title ("局长强调"): the title is all the text gives as a name.
  if (subject.length <= 6 && endsWithRoleCore(subject) && !/^各|^全体|^相关/.test(subject)) {
    return { kind: 'person', name: subject, role: subject, explicitRole: true };
  }
  // Organisation as speaker: 区局, 市公安局.
  if (subject.length <= 6 && /(局|厅|委|院|政府|党委|支队|大队)$/.test(subject) && !/^各/.test(subject)) {
    return { kind: 'person', name: subject, role: null, explicitRole: false };
  }
  return null;
}

/** Longest title we accept (chars); longer means clause edges were not visible. */
const ROLE_MAX = 40;

/**
 * Title written next to `name` anywhere in `text` ("省长助理、省公安厅党委书记、厅长杨嘉武出席…"),
 * searching the clauses that mention it; null when none.
 */
export function resolveRole(text: string, name: string): string | null {
  for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + 1)) {
    let start = at;
    while (start > 0 && !has(',。;!?:\n', text[start - 1])) start--;
    const before = stripOpeners(text.slice(start, at));
    if (before.length >= 2 && before.length <= ROLE_MAX && endsWithRoleCore(before)) return cleanRole(before);
    const after = text.slice(at + name.length, at + name.length + 12);
    const m = /^((?:常务|执行)?副?[\u4e00-\u9fff]{0,6}?(?:局长|厅长|主任|书记|市长|县长|区长|镇长|部长|处长|所长|院长|队长|主席))/.exec(after);
    if (m?.[1] && isRole(m[1])) return m[1];
  }
  return null;
}

/**
 * Transcript speaker tag: the paragraph holding `pos` opens with "肖俊：" (a name and a colon).
 * Used when the lead-in is first person ("我简单讲两点"). Reads only `[floor, pos)`.
 */
export function speakerTag(text: string, floor: number, pos: number): string | null {
  const para = Math.max(floor, text.lastIndexOf('\n', pos - 1) + 1);
  const m = /^([\u4e00-\u9fff]{2,4})(?:同志)?:/.exec(text.slice(para, pos));
  const tag = m?.[1] ?? '';
  // "王所长：": surname + title is the name the text gives.
  const titled = tag.length >= 3 && SURNAMES.has(tag[0] ?? '') && isRole(tag.slice(1));
  return (tag.length <= 3 && isName(tag)) || titled ? tag : null;
}

/** Full name "王国强" for surname 王 and title 局长 when the text has "局长王国强" or "王国强局长". */
export function fullName(text: string, surname: string, title: string): string | null {
  if (!SURNAMES.has(surname)) return null;
  const after = new RegExp(`${title}(${surname}[\\u4e00-\\u9fff]{1,2}?)(?=同志|在|对|就|指出|强调|要求|出席|主持|讲话|表示|,|。|、)`);
  const before = new RegExp(`(${surname}[\\u4e00-\\u9fff]{1,2})(?:常务)?副?${title}`);
  for (const re of [after, before]) {
    const name = re.exec(text)?.[1];
    if (name && isName(name) && !name.endsWith(title[0] ?? '')) return name;
  }
  return null;
}

/** The host hands over: "下面请局长邓志强同志讲话", "请县委书记赵明同志作重要讲话". */
const HOST_INTRO = /请([\u4e00-\u9fff、]{2,30}?)(?:同志)?(?:作重要讲话|作总结讲话|作讲话|讲话|作指示|讲几句|发言|(?:作|做)?(?:部署|安排|通报|传达|汇报|介绍))/g;

/** A host introduction: where it starts (with its 下面/接下来) and whom it names. */
export interface HostIntro { at: number; subject: Subject }

/**
 * Who a first-person speech belongs to: the person the host introduced last in `[floor, pos)`
 * (callers pass a window that ends right at the speech's lead-in, so the introduction is the
 * one right before it). Null when no introduction names a person.
 */
export function hostIntro(text: string, floor: number, pos: number): HostIntro | null {
  let last: HostIntro | null = null;
  const w = text.slice(floor, pos);
  for (const m of w.matchAll(HOST_INTRO)) {
    const person = personFrom(m[1] ?? '');
    if (person?.kind !== 'person') continue;
    const opener = /(下面|接下来|现在|再)$/.exec(w.slice(Math.max(0, m.index - 3), m.index))?.[0] ?? '';
    last = { at: floor + m.index - opener.length, subject: { ...person, explicitRole: true } };
  }
  return last;
}
