/**
 * Per-meeting glossary: replaces known misrecognitions and near-homophones of hot words
 * (两位整治 → 两为整治). Pure functions.
 */
import { pinyin } from 'pinyin-pro';

/** Glossary entry (same shape as the transcription contract's GlossaryEntry). */
export interface GlossaryTerm {
  /** The correct term, e.g. 两为整治. */
  term: string;
  /** Known misrecognitions that always stand for the term. */
  variants?: readonly string[];
}

/** Shortest term matched by sound; single characters would replace too much. */
export const MIN_FUZZY_TERM_CHARS = 2;
/** Share of characters a near-homophone must already have right (guards against unrelated words). */
export const MIN_SHARED_CHAR_RATIO = 0.5;

const readingCache = new Map<string, ReadonlySet<string>>();

/** All toneless readings of one character (polyphones such as 调 diao/tiao give several). */
function readings(ch: string): ReadonlySet<string> {
  let set = readingCache.get(ch);
  if (!set) {
    const values = /[\u3400-\u9fff]/u.test(ch) ? pinyin(ch, { toneType: 'none', type: 'array', multiple: true }) : [ch];
    set = new Set(values.length > 0 ? values : [ch]);
    readingCache.set(ch, set);
  }
  return set;
}

function soundsAlike(a: string, b: string): boolean {
  if (a === b) return true;
  const ra = readings(a);
  for (const r of readings(b)) if (ra.has(r)) return true;
  return false;
}

/** True when `candidate` is a near-homophone of `term`: same length, every syllable alike, enough characters shared. */
export function isNearHomophone(candidate: string, term: string): boolean {
  const c = Array.from(candidate);
  const t = Array.from(term);
  if (c.length !== t.length || candidate === term) return false;
  let same = 0;
  for (let i = 0; i < t.length; i++) {
    const ci = c[i] ?? '';
    const ti = t[i] ?? '';
    if (!/[\u3400-\u9fff]/u.test(ci)) return false;
    if (ci === ti) same++;
    else if (!soundsAlike(ci, ti)) return false;
  }
  return same / t.length >= MIN_SHARED_CHAR_RATIO;
}

/** Apply a glossary: explicit variants first, then near-homophones of each term. */
export function applyGlossary(text: string, glossary: readonly GlossaryTerm[]): string {
  let out = text;
  for (const entry of glossary) {
    for (const variant of entry.variants ?? []) {
      if (variant.length > 0 && variant !== entry.term) out = out.split(variant).join(entry.term);
    }
  }
  for (const entry of glossary) {
    const term = Array.from(entry.term);
    if (term.length < MIN_FUZZY_TERM_CHARS) continue;
    const chars = Array.from(out);
    for (let i = 0; i + term.length <= chars.length; i++) {
      const window = chars.slice(i, i + term.length).join('');
      if (isNearHomophone(window, entry.term)) {
        chars.splice(i, term.length, ...term);
        i += term.length - 1;
      }
    }
    out = chars.join('');
  }
  return out;
}
