/**
 * Speaker detection for unpunctuated (ASR) text, where clauses cannot be split: finds person
 * mentions by pattern — "局长王国强同志", "吁小平常务副局长", "陈所长", "牛青山指出", "会议强调",
 * "我讲…" — and keeps the one nearest to the list.
 */
import { ROLE_CORES, SURNAMES, endsWithRoleCore, surnameFits } from './lexicon.ts';
import type { Subject } from './speaker.ts';

const NOT_NAME = /[他她你它其此的了着过是]|方面|任务|任何|时间|时候|目标|情况|安全|高度|关键|公安|政府|人民|党委|纪委|会议|工作|明确|具体|重要|主要|严格|认真|进一步|再次|特别|同时|责任|我|们|[厅局委院处科队省市县区镇乡村府各全该这那]/;
const AFTER_NAME = /^(同志|带队|带领|率队|在|对|就|指出|强调|要求|提出|提了|出席|主持|讲话|传达|表示|作了|做了|作(工作|重要|总结|动员|讲话|报告|部署)|代表|说|讲|通报|介绍)/;
/** What follows a speaker's title when the person is the subject (not 王国强副厅长的讲话). */
const SUBJECT_NEXT = /^(同志|在|对|就|通报|介绍|指出|强调|要求|提出|提了|出席|主持|讲话|传达|表示|作|做|代表|说|讲|结合|围绕|针对|从|以|也|还|又|并|首先|最后|向)/;
const ROLE_PREFIX = /(常务|执行|党委|党组)?副?$/;
const ROLE_CUT = /.*(会上|会议|会(?![长员])|上|由|和|及|日|的|了|在|到|主持|出席|参加|召开|讲话|最后|首先|随后|接着)/;

export interface Mention { at: number; subject: Subject }

/**
 * Unpunctuated text runs the previous clause into the title ("…完成轮换人选调整省委副书记"): a title
 * opens at its first administrative level (省/市/县/区/乡/镇), when it has one.
 */
function trimRole(role: string): string {
  // "副市长": a level right after 副/常务 is part of the title, not its opening.
  const k = role.search(/(?<!副|常务)[省市县区乡镇]/);
  return k > 0 ? role.slice(k) : role;
}

/** A title read from run-on text, cut to its last clause edge and first administrative level. */
export function tidyLooseRole(role: string): string {
  return trimRole(role.replace(ROLE_CUT, '')) || role;
}

export function nameOk(name: string): boolean {
  // A single surname character stands for surname + title (陈所长).
  return (name.length === 1 ? SURNAMES.has(name) : surnameFits(name)) && !NOT_NAME.test(name) && /^[\u4e00-\u9fff]+$/.test(name);
}

/**
 * `name` occurs in the text starting before `at` — in `t`, or in `history`, the normalised text
 * before `t` that a live extractor no longer keeps in its window (also across the seam).
 */
export function occursBefore(t: string, name: string, at: number, history = ''): boolean {
  if (at > 0 && t.lastIndexOf(name, at - 1) !== -1) return true;
  return history !== '' && (history.includes(name) || (history.slice(1 - name.length) + t.slice(0, name.length - 1)).includes(name));
}

/** occursBefore, except that a name at the very start of the text counts as found there (as it always has). */
function earlier(t: string, name: string, at: number, history: string): boolean {
  return history === '' ? t.lastIndexOf(name, at - 1) !== -1 : occursBefore(t, name, at, history);
}

/** Nearest speaker mention in `[from, to)`, with its position (`history`: see occursBefore). */
export function findLooseMention(t: string, from: number, to: number, history = ''): Mention | null {
  let best: Mention | null = null;
  for (const f of looseMentions(t, from, to, history)) if (!best || f.at > best.at) best = f;
  return best;
}

/** Every speaker mention in `[from, to)` (in pattern order, not text order; `history`: see occursBefore). */
export function looseMentions(t: string, from: number, to: number, history = ''): Mention[] {
  const w = t.slice(from, to);
  const found: Mention[] = [];
  for (const m of w.matchAll(/会议(还|再次|进一步|同时|也)?(要求|强调|指出|提出|明确|议定|决定)/g)) {
    found.push({ at: from + m.index, subject: { kind: 'meeting' } });
  }
  for (const m of w.matchAll(/经(本次)?会议(研究|讨论|审议)|会议(议定|纪要)/g)) {
    found.push({ at: from + m.index, subject: { kind: 'meeting' } });
  }
  for (const m of w.matchAll(/我(?!们|[省市县区镇乡村局院厅委所校部处国])(就|再|想|先|着重|简单|主要|重点|还)*[\u4e00-\u9fff]{0,12}?(讲|提|说|强调|谈)/g)) {
    found.push({ at: from + m.index, subject: { kind: 'first' } });
  }
  for (const core of ROLE_CORES) {
    for (let i = w.indexOf(core); i !== -1; i = w.indexOf(core, i + 1)) {
      const j = i + core.length;
      // ROLE + NAME (+ 同志/verb).
      for (const len of [4, 3, 2]) {
        const name = w.slice(j, j + len);
        if (nameOk(name) && AFTER_NAME.test(w.slice(j + len))) {
          const role = trimRole(w.slice(Math.max(0, i - 20), j).replace(ROLE_CUT, '').slice(-20));
          found.push({ at: from + j, subject: { kind: 'person', name, role: role || null, explicitRole: true } });
          break;
        }
      }
      // NAME + ROLE, or SURNAME + TITLE.
      const before = w.slice(0, i);
      const prefix = ROLE_PREFIX.exec(before)?.[0] ?? '';
      const end = i - prefix.length;
      for (const len of [4, 3, 2, 1]) {
        const name = w.slice(end - len, end);
        if (end - len < 0 || !nameOk(name) || !SUBJECT_NEXT.test(w.slice(j))) continue;
        if (len === 1 && SURNAMES.has(w[end - 2] ?? '')) continue;
        const role = prefix + core;
        found.push({
          at: from + end - len,
          subject: { kind: 'person', name: len === 1 ? name + role : name, role, explicitRole: true },
        });
        break;
      }
    }
  }
  // NAME (在…时/中/上) 指出/强调/要求: 李振华在主持时要求.
  for (const m of w.matchAll(/(在[\u4e00-\u9fff]{1,8}?[时中上])?(再次|进一步|特别|着重|还|又|也)?(指出|强调|要求|提出)/g)) {
    let pick: { at: number; name: string } | null = null;
    for (const len of [4, 3, 2]) {
      const name = w.slice(m.index - len, m.index);
      // 提出 and 要求 also follow objects or nouns ("就专项行动提出", "任务重要求高"): a name must then occur elsewhere too.
      const at = from + m.index - len;
      const elsewhere = occursBefore(t, name, at, history) || t.indexOf(name, at + len) !== -1;
      // "王建国书记在讲话中强调": a title before the verb is no name's tail (NAME+TITLE is found above).
      const titled = endsWithRoleCore(name);
      if (m.index - len < 0 || !nameOk(name) || ((m[3] === '提出' || m[3] === '要求') && !elsewhere) || titled) continue;
      // "…情况吴敏指出" with 局长吴敏 earlier: the shorter name the text uses elsewhere wins.
      if (pick && !elsewhere) continue;
      pick = { at, name };
      if (elsewhere) break;
    }
    if (pick) found.push({ at: pick.at, subject: { kind: 'person', name: pick.name, role: null, explicitRole: false } });
  }
  // An organisation as speaker (区局要求): only the short forms that cannot be read as a name's tail.
  for (const m of w.matchAll(/(?<!各)(区局|市局|县局|省厅)(还|再次|进一步|同时|也)?(要求|强调|提出|部署)/g)) {
    found.push({ at: from + m.index, subject: { kind: 'person', name: m[1] ?? '', role: null, explicitRole: false } });
  }
  // 街道党工委要求, 镇党委强调: a level word + party committee or government speaks as an organisation.
  for (const m of w.matchAll(/(?<!各)((?:街道|[省市县区镇乡])(?:党工委|党委|人民政府|政府))(还|再次|进一步|同时|也)?(要求|强调|部署)/g)) {
    found.push({ at: from + m.index, subject: { kind: 'person', name: m[1] ?? '', role: null, explicitRole: false } });
  }
  // NAME 就/从/围绕/针对 … 提出/强调/部署 (李国华从四个方面提出要求), when the name occurs elsewhere too.
  for (const m of w.matchAll(/(就|从|围绕|针对)[\u4e00-\u9fff]{1,16}?(提出|强调|部署|讲)/g)) {
    for (const len of [4, 3, 2]) {
      const start = m.index - len;
      const name = w.slice(start, m.index);
      if (start < 0 || !nameOk(name) || endsWithRoleCore(name)) continue;
      const at = from + start;
      if (!earlier(t, name, at, history) && t.indexOf(name, at + len) === -1) continue;
      found.push({ at, subject: { kind: 'person', name, role: null, explicitRole: false } });
      break;
    }
  }
  // NAME 同志 就/在/对…: a bare name with 同志, when the text names the person elsewhere too.
  for (const m of w.matchAll(/同志(?=就|在|对|指出|强调|要求|提出|讲话|作)/g)) {
    for (const len of [4, 3, 2]) {
      const start = m.index - len;
      const name = w.slice(start, m.index);
      // "主任王刚同志": a char that completes a title before the name is not its surname.
      const titled = endsWithRoleCore(w.slice(0, start + 1));
      if (start < 0 || !nameOk(name) || (len === 3 && titled)) continue;
      const at = from + start;
      if (!earlier(t, name, at, history) && t.indexOf(name, at + len) === -1) continue;
      found.push({ at, subject: { kind: 'person', name, role: null, explicitRole: false } });
      break;
    }
  }
  return found;
}
