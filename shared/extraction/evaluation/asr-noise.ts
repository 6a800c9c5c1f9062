/**
 * ASR-like noise for evaluating the extractor on texts we only have clean: all punctuation and
 * whitespace removed (as raw Whisper output without punctuation restoration) and a share of Chinese
 * characters swapped for homophones, the way a recogniser mishears them. Deterministic: the same
 * text and seed always give the same noisy copy.
 *
 * Homophones come from pinyin-pro: a character is replaced by a common character (GB2312 level 1)
 * with the same syllable and tone as its reading in context, else the same syllable. The characters
 * of list markers get the confusions recognisers really produce: 第 → 地/弟, 是 → 事/时, 要 → 耀,
 * and a numeral after 第 turns into a digit (第1).
 */
import { pinyin } from 'pinyin-pro';
import { stripPunctuation } from './scoring.ts';

/** Options of `asrNoise`. */
export interface NoiseOptions {
  /** Seed of the pseudo-random choices (any 32-bit integer). */
  seed: number;
  /** Share of Chinese characters swapped, 0…1 (0.03 = 3 %). */
  swapRate: number;
}

/** Confusions of marker characters seen in recogniser output. */
const MARKER_CONFUSIONS: Record<string, string[]> = {
  第: ['地', '弟'], 是: ['事', '时'], 要: ['耀', '药'],
};
const DIGITS: Record<string, string> = { 一: '1', 二: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9' };

/** mulberry32: a small, fast, seedable PRNG (uniform in [0, 1)). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Homophones { byTone: Map<string, string[]>; bySyllable: Map<string, string[]> }

let table: Homophones | null = null;

/** The 3,755 common characters of GB2312 level 1, grouped by reading (built once). */
function homophones(): Homophones {
  if (table) return table;
  const gbk = new TextDecoder('gbk');
  const byTone = new Map<string, string[]>();
  const bySyllable = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, key: string, ch: string): void => {
    const list = map.get(key);
    if (list) list.push(ch);
    else map.set(key, [ch]);
  };
  for (let row = 0xb0; row <= 0xd7; row++) {
    for (let col = 0xa1; col <= 0xfe; col++) {
      if (row === 0xd7 && col > 0xf9) break;
      const ch = gbk.decode(new Uint8Array([row, col]));
      const reading = pinyin(ch, { toneType: 'num' });
      add(byTone, reading, ch);
      add(bySyllable, reading.replace(/\d$/, ''), ch);
    }
  }
  table = { byTone, bySyllable };
  return table;
}

const isHan = (ch: string): boolean => /^[\u4e00-\u9fff]$/.test(ch);

/** A homophone of `ch` read as `reading` (tone number last), or null when it has none. */
function swapFor(ch: string, reading: string, prev: string | undefined, rnd: () => number): string | null {
  const digit = DIGITS[ch];
  if (digit && prev === '第') return digit;
  const confusions = MARKER_CONFUSIONS[ch];
  if (confusions) return confusions[Math.floor(rnd() * confusions.length)] ?? null;
  const { byTone, bySyllable } = homophones();
  const pick = (list: string[] | undefined): string | null => {
    const others = (list ?? []).filter((c) => c !== ch);
    return others.length > 0 ? others[Math.floor(rnd() * others.length)] ?? null : null;
  };
  return pick(byTone.get(reading)) ?? pick(bySyllable.get(reading.replace(/\d$/, '')));
}

/** `text` without punctuation or whitespace, with about `swapRate` of its Chinese characters misheard. */
export function asrNoise(text: string, options: NoiseOptions): string {
  const rnd = seededRandom(options.seed);
  const chars = [...stripPunctuation(text)];
  const readings = pinyin(chars.join(''), { type: 'array', toneType: 'num' });
  // pinyin-pro returns one reading per character; fall back to per-character readings otherwise.
  const readingAt = (i: number): string => (readings.length === chars.length ? readings[i] ?? '' : pinyin(chars[i] ?? '', { toneType: 'num' }));
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] ?? '';
    const roll = rnd();
    const swapped = isHan(ch) && roll < options.swapRate ? swapFor(ch, readingAt(i), chars[i - 1], rnd) : null;
    out += swapped ?? ch;
  }
  return out;
}
