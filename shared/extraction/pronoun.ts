/**
 * Pronoun lead-ins ("他要求，一要…", "她强调…随后她提出四点要求", "他指出…并提出三点要求"): the speaker
 * is the most recently mentioned person among those the text introduced with a title
 * ("县公安局党委委员、副局长陈建军出席…"; a later bare mention "陈建军充分肯定…" makes them the most
 * recent). The role is the title written next to that person's last titled mention.
 */
import { parseSubject, type Subject } from './speaker.ts';
import { looseMentions } from './speaker-loose.ts';

/** How far back titled mentions are collected (chars). */
const PRONOUN_LOOKBACK = 1200;

/** A clause whose subject is 他/她 and whose verb speaks. */
export const PRONOUN_CLAUSE = /^(随后|同时|并|接着|最后|会上|会议最后)?(他|她)(还|再次|也|又|进一步|同时|特别|着重|随后|最后)?(在[^,]{0,12}?[上中时])?(就[^,]{0,16}?|对[^,]{0,16}?)?(指出|强调|要求|提出|表示|说|讲|部署)/;

/** Unpunctuated: 他/她 + a speech verb, anywhere in the window. */
const PRONOUN_LOOSE = /(?<![其吉])(他|她)(还|再次|也|又|进一步|同时|特别|着重)?(在[\u4e00-\u9fff]{1,8}?[时中上])?(指出|强调|要求|提出)/g;

type Person = Extract<Subject, { kind: 'person' }>;

/** Titled persons mentioned in `[from, to)`, punctuated text (clause by clause). */
function titledPunctuated(t: string, from: number, to: number): Person[] {
  const out: Person[] = [];
  for (const clause of t.slice(from, to).split(/[,。;!?:\n]/)) {
    const s = parseSubject(clause, false);
    if (s?.kind === 'person' && s.explicitRole && s.role && s.name !== s.role && s.name.length >= 2) out.push(s);
  }
  return out;
}

function titledLoose(t: string, from: number, to: number, history: string): Person[] {
  const out: Person[] = [];
  for (const m of looseMentions(t, from, to, history)) {
    const s = m.subject;
    if (s.kind === 'person' && s.explicitRole && s.role && s.name.length >= 2 && !s.name.endsWith(s.role)) out.push(s);
  }
  return out;
}

/** The titled person whose name occurs last before `pos`, or null. */
export function pronounReferent(t: string, pos: number, punctuated: boolean, history = ''): Person | null {
  const from = Math.max(0, pos - PRONOUN_LOOKBACK);
  const people = punctuated ? titledPunctuated(t, from, pos) : titledLoose(t, from, pos, history);
  let best: Person | null = null;
  let bestAt = -1;
  for (const p of people) {
    const at = t.lastIndexOf(p.name, pos - 1);
    // A later titled mention of the same person replaces the earlier one (its title is nearer).
    if (at > bestAt || (at === bestAt && best?.name === p.name)) {
      best = p;
      bestAt = at;
    }
  }
  return best;
}

/** Unpunctuated: the last 他/她 + speech verb in `[from, to)` and its referent. */
export function loosePronoun(t: string, from: number, to: number, history = ''): { at: number; subject: Person } | null {
  let last: number | null = null;
  for (const m of t.slice(from, to).matchAll(PRONOUN_LOOSE)) last = from + m.index;
  if (last === null) return null;
  const subject = pronounReferent(t, last, false, history);
  return subject ? { at: last, subject } : null;
}

/** Unpunctuated: the title of the last titled mention of `name` before `pos` (局长马志刚出席…), or null. */
export function looseRoleOf(t: string, pos: number, name: string, history = ''): string | null {
  let role: string | null = null;
  let at = -1;
  for (const m of looseMentions(t, Math.max(0, pos - PRONOUN_LOOKBACK), pos, history)) {
    const s = m.subject;
    if (s.kind === 'person' && s.name === name && s.explicitRole && s.role && m.at > at) {
      role = s.role;
      at = m.at;
    }
  }
  return role;
}
