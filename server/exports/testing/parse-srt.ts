/** A SubRip file parsed back for tests: cue numbers, times in ms, text lines. Throws on a malformed time. */

/** One cue as read back. */
export interface ParsedCue {
  n: number;
  startMs: number;
  endMs: number;
  lines: string[];
}

function ms(t: string): number {
  const m = /^(\d\d):(\d\d):(\d\d),(\d\d\d)$/.exec(t);
  if (!m) throw new Error(`bad SubRip time "${t}"`);
  return ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + Number(m[4]);
}

/** Cues of a CRLF SubRip text. */
export function parseSrt(text: string): ParsedCue[] {
  return text
    .split('\r\n\r\n')
    .filter((b) => b.trim())
    .map((block) => {
      const [n, times, ...lines] = block.split('\r\n').filter((l) => l !== '');
      const [a, b] = (times ?? '').split(' --> ');
      return { n: Number(n), startMs: ms(a ?? ''), endMs: ms(b ?? ''), lines };
    });
}
