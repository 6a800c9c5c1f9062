/**
 * Reading exported Office packages back in tests: unzip, and pull paragraphs, runs and element
 * attributes out of WordprocessingML with small patterns (the XML is machine-written and flat).
 */
import { strFromU8, unzipSync } from 'fflate';

/** Every entry of a zip package as text, by path. */
export function readPackage(bytes: Uint8Array): Map<string, string> {
  return new Map(Object.entries(unzipSync(bytes)).map(([name, data]) => [name, strFromU8(data)]));
}

/** An entry that must exist. */
export function entry(pkg: Map<string, string>, name: string): string {
  const xml = pkg.get(name);
  if (xml === undefined) throw new Error(`package has no ${name}: ${[...pkg.keys()].join(', ')}`);
  return xml;
}

const decode = (s: string): string =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** One run: its text and its rFonts/size/colour. */
export interface DocxRun {
  text: string;
  eastAsia: string | null;
  /** Half-points. */
  size: number | null;
  color: string | null;
}

/** One paragraph: its style id, its properties XML and its runs. */
export interface DocxParagraph {
  style: string | null;
  pPr: string;
  runs: DocxRun[];
  text: string;
}

/** Attributes of the first `<tag …>` in `xml`, by name (prefix kept: `w:top`). */
export function attrs(xml: string, tag: string): Record<string, string> | null {
  const m = new RegExp(`<${tag}(\\s[^>]*?)?/?>`).exec(xml);
  if (!m) return null;
  const out: Record<string, string> = {};
  for (const a of (m[1] ?? '').matchAll(/([\w:]+)="([^"]*)"/g)) out[a[1] ?? ''] = decode(a[2] ?? '');
  return out;
}

/** Paragraphs of a document/footer part, in order. */
export function paragraphs(xml: string): DocxParagraph[] {
  return [...xml.matchAll(/<w:p\b[^>]*?(?:\/>|>([\s\S]*?)<\/w:p>)/g)].map((m) => {
    const body = m[1] ?? '';
    const pPr = /<w:pPr>([\s\S]*?)<\/w:pPr>/.exec(body)?.[1] ?? '';
    const runs = [...body.matchAll(/<w:r>([\s\S]*?)<\/w:r>/g)].map((r): DocxRun => {
      const inner = r[1] ?? '';
      const size = attrs(inner, 'w:sz')?.['w:val'];
      return {
        text: [...inner.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((t) => decode(t[1] ?? '')).join(''),
        eastAsia: attrs(inner, 'w:rFonts')?.['w:eastAsia'] ?? null,
        size: size === undefined ? null : Number(size),
        color: attrs(inner, 'w:color')?.['w:val'] ?? null,
      };
    });
    return { style: attrs(pPr, 'w:pStyle')?.['w:val'] ?? null, pPr, runs, text: runs.map((r) => r.text).join('') };
  });
}

/** The `<w:style>` element with this id from styles.xml. */
export function styleXml(stylesXml: string, id: string): string {
  const m = new RegExp(`<w:style\\b[^>]*w:styleId="${id}"[^>]*>([\\s\\S]*?)</w:style>`).exec(stylesXml);
  if (!m) throw new Error(`no style ${id}`);
  return m[1] ?? '';
}
