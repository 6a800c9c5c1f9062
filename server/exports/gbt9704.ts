/**
 * The page of GB/T 9704-2012 (党政机关公文格式) for the `docx` package: A4, 版心 156 × 225 mm,
 * 22 lines of 28 characters, body 三号仿宋, title 二号小标宋, headings 黑体 / 楷体, page numbers
 * "— 1 —" in 四号宋体 at the outer edge. Shared by the minutes and the verbatim record.
 */
import {
  AlignmentType,
  Footer,
  LineRuleType,
  PageNumber,
  Paragraph,
  TextRun,
  type IPropertiesOptions,
  type IRunOptions,
  type ISectionOptions,
} from 'docx';

/** Twips per millimetre (1 twip = 1/1440 inch). */
const TWIPS_PER_MM = 1440 / 25.4;
const mm = (v: number): number => Math.round(v * TWIPS_PER_MM);

/** A4 portrait, twips. */
export const PAGE_WIDTH_TWIPS = 11906;
export const PAGE_HEIGHT_TWIPS = 16838;
/** 天头 (top margin) 37 mm, twips. */
export const MARGIN_TOP_TWIPS = 2098;
/** 订口 (left margin) 28 mm, twips. */
export const MARGIN_LEFT_TWIPS = 1588;
/** Right margin: 210 − 28 − 156 mm 版心 width = 26 mm, twips. */
export const MARGIN_RIGHT_TWIPS = mm(26);
/** Bottom margin: 297 − 37 − 225 mm 版心 height = 35 mm. */
const MARGIN_BOTTOM_MM = 35;
/** Bottom margin, twips. */
export const MARGIN_BOTTOM_TWIPS = mm(MARGIN_BOTTOM_MM);
/** 版心 width, twips (156 mm). */
export const TEXT_WIDTH_TWIPS = PAGE_WIDTH_TWIPS - MARGIN_LEFT_TWIPS - MARGIN_RIGHT_TWIPS;
/** Lines per page and characters per line of the standard. */
export const LINES_PER_PAGE = 22;
export const CHARS_PER_LINE = 28;
/** Line pitch for 22 lines in the 225 mm 版心, twips (28.95 pt). */
export const LINE_PITCH_TWIPS = 579;
/** The page number's dash (一字线) sits this far below the 版心, mm (GB/T 9704 7.5). */
const PAGE_NUMBER_DASH_BELOW_TEXT_MM = 7;
/**
 * From the bottom of the 四号 footer line up to its dash, mm. Measured on the minutes rendered by
 * LibreOffice 7.4 (Noto Serif CJK for 宋体) at 300 dpi: the dash's centre 2.8 mm above the line's bottom.
 */
const DASH_ABOVE_FOOTER_LINE_MM = 2.8;
/**
 * Footer distance from the page's bottom edge, twips: the dash 7 mm below the 版心 is 35 − 7 = 28 mm
 * above the bottom edge, so the footer line ends 28 − 2.8 = 25.2 mm above it (1429 twips; LibreOffice
 * renders the dash 7.0 mm below the 版心).
 */
export const FOOTER_DISTANCE_TWIPS = mm(MARGIN_BOTTOM_MM - PAGE_NUMBER_DASH_BELOW_TEXT_MM - DASH_ABOVE_FOOTER_LINE_MM);

/** Font sizes in half-points (docx `size`): 二号 22 pt, 三号 16 pt, 四号 14 pt. */
export const SIZE_ERHAO = 44;
export const SIZE_SANHAO = 32;
export const SIZE_SIHAO = 28;

/** Chinese fonts the standard names (Windows/WPS names; eastAsia slot). */
export const FONT_FANGSONG = '仿宋';
export const FONT_XIAOBIAOSONG = '方正小标宋简体';
export const FONT_HEITI = '黑体';
export const FONT_KAITI = '楷体';
export const FONT_SONGTI = '宋体';
/** Latin letters and digits in body text. */
export const FONT_LATIN = 'Times New Roman';

/** Body character pitch, twips: the 版心 width over 28 characters (≈ 15.79 pt). */
export const CHAR_PITCH_TWIPS = TEXT_WIDTH_TWIPS / CHARS_PER_LINE;
/**
 * Character spacing of every run, twentieths of a point: −0.25 pt makes 三号 characters 15.75 pt
 * wide, so 28 fit in the 156 mm line. Word templates get there with a character grid
 * (docGrid linesAndChars, charSpace ≈ −848), but LibreOffice snaps each 16 pt character into two
 * 15.8 pt grid cells and sets 14–16 per line; run spacing gives 28 in Word, WPS and LibreOffice.
 */
export const CHARACTER_SPACING = -5;

/** Paragraph style ids. */
export const STYLE = { title: 'GbTitle', body: 'GbBody', heading1: 'GbHeading1', plain: 'GbPlain' } as const;

/** rFonts for a Chinese font: the eastAsia slot carries it; Latin text uses Times New Roman. */
export const cjkFont = (eastAsia: string, latin = FONT_LATIN) => ({ ascii: latin, hAnsi: latin, eastAsia, cs: latin, hint: 'eastAsia' as const });

/** Exact 28.95 pt lines, on the grid. */
const EXACT_LINE = { line: LINE_PITCH_TWIPS, lineRule: LineRuleType.EXACT, before: 0, after: 0 };
/** Two body characters, twips (used with firstLineChars, which Word prefers when present). */
const TWO_CHARS_TWIPS = Math.round(2 * CHAR_PITCH_TWIPS);

/** Document-level options: styles, settings, core properties. */
export function gbDocumentOptions(meta: { title: string; creator: string; description: string }): Omit<IPropertiesOptions, 'sections'> {
  return {
    title: meta.title,
    creator: meta.creator,
    lastModifiedBy: meta.creator,
    description: meta.description,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: { font: cjkFont(FONT_FANGSONG), size: SIZE_SANHAO, characterSpacing: CHARACTER_SPACING, language: { value: 'en-US', eastAsia: 'zh-CN' } },
          paragraph: { spacing: EXACT_LINE, alignment: AlignmentType.BOTH },
        },
      },
      paragraphStyles: [
        {
          id: STYLE.body,
          name: 'GB Body 正文',
          quickFormat: true,
          paragraph: { spacing: EXACT_LINE, indent: { firstLine: TWO_CHARS_TWIPS, firstLineChars: 200 }, alignment: AlignmentType.BOTH },
          run: { font: cjkFont(FONT_FANGSONG), size: SIZE_SANHAO },
        },
        {
          id: STYLE.plain,
          name: 'GB Plain 无缩进',
          basedOn: STYLE.body,
          paragraph: { indent: { firstLine: 0, firstLineChars: 0 } },
        },
        {
          id: STYLE.title,
          name: 'GB Title 标题',
          quickFormat: true,
          paragraph: { spacing: EXACT_LINE, alignment: AlignmentType.CENTER, outlineLevel: 0 },
          run: { font: cjkFont(FONT_XIAOBIAOSONG), size: SIZE_ERHAO },
        },
        {
          id: STYLE.heading1,
          name: 'GB Heading 1 一级标题',
          basedOn: STYLE.body,
          quickFormat: true,
          paragraph: { outlineLevel: 1, keepNext: true },
          run: { font: cjkFont(FONT_HEITI), size: SIZE_SANHAO },
        },
      ],
    },
  };
}

/** "— 1 —" in 四号宋体, one character in from the outer edge. */
function pageNumberFooter(side: 'right' | 'left'): Footer {
  const oneChar = SIZE_SIHAO * 10; // one 四号 character, twips (14 pt)
  return new Footer({
    children: [
      new Paragraph({
        alignment: side === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === 'right' ? { right: oneChar, firstLine: 0 } : { left: oneChar, firstLine: 0 },
        spacing: { line: 240, lineRule: LineRuleType.AUTO, before: 0, after: 0 },
        children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: cjkFont(FONT_SONGTI, FONT_SONGTI), size: SIZE_SIHAO })],
      }),
    ],
  });
}

/** One GB/T 9704 section: page, margins, grid, odd/even page-number footers. */
export function gbSection(children: Paragraph[]): ISectionOptions {
  return {
    properties: {
      page: {
        size: { width: PAGE_WIDTH_TWIPS, height: PAGE_HEIGHT_TWIPS },
        margin: {
          top: MARGIN_TOP_TWIPS,
          bottom: MARGIN_BOTTOM_TWIPS,
          left: MARGIN_LEFT_TWIPS,
          right: MARGIN_RIGHT_TWIPS,
          header: mm(15),
          footer: FOOTER_DISTANCE_TWIPS,
          gutter: 0,
        },
      },
      // A line grid of 22 lines per page; paragraphs also use exact 28.95 pt spacing (see CHARACTER_SPACING for the 28 per line).
      grid: { type: 'lines', linePitch: LINE_PITCH_TWIPS },
    },
    // Odd pages (default) carry the number on the right, even pages on the left (GB/T 9704 7.5).
    footers: { default: pageNumberFooter('right'), even: pageNumberFooter('left') },
    children,
  };
}

/** A run in one of the standard's fonts at 三号. */
export function run(text: string, font: string = FONT_FANGSONG, extra: Omit<IRunOptions, 'text' | 'font'> = {}): TextRun {
  return new TextRun({ text, font: cjkFont(font), size: SIZE_SANHAO, ...extra });
}

/** The document title (二号小标宋, centred). */
export const titleParagraph = (text: string): Paragraph => new Paragraph({ style: STYLE.title, children: [new TextRun({ text, font: cjkFont(FONT_XIAOBIAOSONG), size: SIZE_ERHAO })] });

/** An empty body line (keeps the grid). */
export const blankLine = (): Paragraph => new Paragraph({ style: STYLE.plain, children: [] });

/** A body paragraph with the 2-character first-line indent. */
export const bodyParagraph = (runs: TextRun[]): Paragraph => new Paragraph({ style: STYLE.body, children: runs });

/** A first-level heading (一、…) in 黑体. */
export const heading1Paragraph = (text: string): Paragraph => new Paragraph({ style: STYLE.heading1, children: [run(text, FONT_HEITI)] });

/**
 * 出席：… — two characters in, the label and its full-width colon in 3号黑体, the names in 仿宋,
 * wrapped lines aligned with the first name (GB/T 9704 10.3): a hanging indent of the label's width.
 */
export function labelledLine(label: string, text: string): Paragraph {
  const labelChars = label.length + 1; // label + full-width colon
  return new Paragraph({
    style: STYLE.plain,
    indent: { left: Math.round((2 + labelChars) * CHAR_PITCH_TWIPS), hanging: Math.round(labelChars * CHAR_PITCH_TWIPS) },
    children: [run(`${label}：`, FONT_HEITI), run(text)],
  });
}
