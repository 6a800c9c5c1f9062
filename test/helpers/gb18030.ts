/**
 * GB18030 bytes for test files, as Excel on Chinese Windows saves "CSV (逗号分隔)". Node can
 * decode GB18030 but not encode it, so the table is built by decoding every two-byte sequence
 * (lead 0x81–0xFE, trail 0x40–0xFE without 0x7F) once and inverting it. Covers ASCII and every
 * character of GBK — all a venue list needs.
 */
let table: Map<string, [number, number]> | null = null;

function encoderTable(): Map<string, [number, number]> {
  if (table) return table;
  const decoder = new TextDecoder('gb18030', { fatal: true });
  const map = new Map<string, [number, number]>();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      try {
        const ch = decoder.decode(new Uint8Array([lead, trail]));
        if (ch.length === 1 && !map.has(ch)) map.set(ch, [lead, trail]);
      } catch {
        // not a two-byte character
      }
    }
  }
  table = map;
  return map;
}

/** Encode `text` as GB18030 (throws on a character outside ASCII and GBK). */
export function encodeGb18030(text: string): Uint8Array {
  const map = encoderTable();
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x80) {
      out.push(code);
      continue;
    }
    const pair = map.get(ch);
    if (!pair) throw new Error(`no GBK encoding for ${JSON.stringify(ch)}`);
    out.push(...pair);
  }
  return new Uint8Array(out);
}
