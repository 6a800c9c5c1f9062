/**
 * Whisper's known hallucinations: subtitle credits and channel plugs it learned from video
 * subtitles and emits on silence, music or noise, plus repetition loops. Pure functions.
 */

/**
 * Phrases Whisper invents on near-silence (compared without spaces and punctuation, after
 * traditional → simplified conversion). Sources: whisper issues and community filter lists.
 */
export const HALLUCINATION_PHRASES: readonly string[] = [
  '请不吝点赞订阅转发打赏支持明镜与点点栏目',
  '请不吝点赞订阅转发打赏支持明镜',
  '明镜与点点栏目',
  '明镜需要您的支持',
  '字幕由Amara.org社区提供',
  '由Amara.org社区提供的字幕',
  'Amara.org社区提供',
  '字幕by索兰娅',
  '字幕BY索兰娅',
  '中文字幕志愿者',
  '字幕志愿者',
  '优优独播剧场YoYoTelevisionSeriesExclusive',
  'YoYoTelevisionSeriesExclusive',
  '小编字幕',
  '本字幕由',
  '请订阅我的频道',
  '欢迎订阅我的频道',
  '点赞订阅',
  '谢谢观看',
  '感谢观看',
  '谢谢收看',
];

/** Characters ignored when matching phrases (spaces and punctuation Whisper varies). */
const IGNORABLE = /[\s,，。.!！?？、:：;；"'“”‘’·—\-_()（）《》]/u;

/** Strip ignorable characters, keeping a map back to positions in the original string. */
function compact(text: string): { compacted: string; positions: number[] } {
  let compacted = '';
  const positions: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (!IGNORABLE.test(ch)) {
      compacted += ch;
      positions.push(i);
    }
  }
  return { compacted, positions };
}

/** The phrases as matched: compacted and lower-cased once, not per segment. */
const NEEDLES: readonly string[] = HALLUCINATION_PHRASES.map((phrase) => compact(phrase).compacted.toLowerCase());

/** Remove every known hallucination phrase (case-insensitive, ignoring spaces and punctuation). */
export function removeHallucinationPhrases(text: string): string {
  let current = text;
  for (;;) {
    const { compacted, positions } = compact(current);
    const lower = compacted.toLowerCase();
    let hit: { from: number; to: number } | null = null;
    for (const needle of NEEDLES) {
      const at = lower.indexOf(needle);
      if (at >= 0) {
        const from = positions[at] ?? 0;
        const to = (positions[at + needle.length - 1] ?? current.length - 1) + 1;
        hit = { from, to };
        break;
      }
    }
    if (!hit) return current;
    current = current.slice(0, hit.from) + current.slice(hit.to);
  }
}

/** Minimum repeats of a one-character unit that count as a loop (哈哈哈 is fine, 的的的的的 is not). */
export const MIN_LOOP_REPEATS_SINGLE = 5;
/** Minimum repeats of a longer unit (2–12 characters) that count as a loop. */
export const MIN_LOOP_REPEATS_MULTI = 4;
/** Longest repeated unit searched for, characters. */
export const MAX_LOOP_UNIT = 12;

/** Collapse runs of a unit repeated many times in a row ("要求要求要求要求" → "要求"). */
export function collapseRepetitionLoops(text: string): string {
  const chars = Array.from(text);
  const out: string[] = [];
  let i = 0;
  while (i < chars.length) {
    let collapsed = false;
    for (let unit = 1; unit <= MAX_LOOP_UNIT && i + unit <= chars.length; unit++) {
      const minRepeats = unit === 1 ? MIN_LOOP_REPEATS_SINGLE : MIN_LOOP_REPEATS_MULTI;
      let repeats = 1;
      while (sameRun(chars, i, i + repeats * unit, unit)) repeats++;
      if (repeats >= minRepeats) {
        out.push(...chars.slice(i, i + unit));
        i += repeats * unit;
        collapsed = true;
        break;
      }
    }
    if (!collapsed) {
      out.push(chars[i] ?? '');
      i++;
    }
  }
  return out.join('');
}

function sameRun(chars: string[], a: number, b: number, unit: number): boolean {
  if (b + unit > chars.length) return false;
  for (let k = 0; k < unit; k++) if (chars[a + k] !== chars[b + k]) return false;
  return true;
}
