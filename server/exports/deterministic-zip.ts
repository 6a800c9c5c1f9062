/**
 * Office files are zip packages whose libraries stamp the current time into every entry and into
 * docProps/core.xml. This rewrites a package with one fixed time (the meeting's), so the same
 * meeting always exports byte-identical DOCX/XLSX files.
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { cstParts } from './format.ts';

/** DEFLATE level for the rewritten entries (the libraries' own default). */
const DEFLATE_LEVEL = 6;
/** Earliest time a zip entry can carry (MS-DOS date). */
const DOS_EPOCH_MS = Date.UTC(1980, 0, 1, 12);

const CORE_PROPS = 'docProps/core.xml';
const CORE_TIMESTAMP = /(<dcterms:(created|modified)\b[^>]*>)[^<]*(<\/dcterms:\2>)/g;

/** The W3CDTF timestamp Office writes: second precision, UTC. */
export function w3cdtf(iso: string): string {
  return new Date(Date.parse(iso)).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Zip entries store local time fields; fflate fills them from a Date's local fields. A Date
 * whose local fields equal the meeting's China-time fields makes the bytes independent of the
 * server's time zone.
 */
function entryTime(iso: string): Date {
  const p = cstParts(new Date(Math.max(Date.parse(iso), DOS_EPOCH_MS)).toISOString());
  return new Date(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
}

/**
 * `pkg` rewritten with every entry dated `iso` and core properties created/modified set to it.
 * Entry order and contents are kept.
 */
export function fixPackageTimes(pkg: Uint8Array, iso: string): Uint8Array {
  const files = unzipSync(pkg);
  const mtime = entryTime(iso);
  const stamp = w3cdtf(iso);
  const out: Zippable = {};
  for (const [name, data] of Object.entries(files)) {
    const bytes = name === CORE_PROPS ? strToU8(strFromU8(data).replace(CORE_TIMESTAMP, (_m, open: string, _k, close: string) => `${open}${stamp}${close}`)) : data;
    out[name] = [bytes, { mtime, level: DEFLATE_LEVEL }];
  }
  return zipSync(out);
}
