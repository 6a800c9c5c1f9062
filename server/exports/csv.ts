/**
 * CSV for Excel users in China: UTF-8 with a BOM (without it Excel reads the file as GBK and
 * shows mojibake), CRLF line ends, RFC 4180 quoting, and formula-looking cells defused.
 */

const UTF8_BOM = '\uFEFF';

/** A cell starting like this is run as a formula by spreadsheet programs (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One field, quoted when needed; text that would start a formula gets a leading apostrophe. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let v = String(value);
  if (typeof value === 'string' && FORMULA_START.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/** CSV bytes for a header and rows. */
export function renderCsv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): Uint8Array {
  const lines = [header, ...rows].map((r) => r.map(csvField).join(','));
  return new TextEncoder().encode(UTF8_BOM + lines.join('\r\n') + '\r\n');
}
