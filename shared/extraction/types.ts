/**
 * Contract of the requirement extractor: the pure core that turns a Chinese speech transcript
 * into the speakers' numbered requirements. Output shape follows the label schema of the
 * fixtures (speakers → items → children), with extra fields for live use.
 *
 * Offsets (`span`) are UTF-16 code-unit offsets into the full text pushed so far, `[start, end)`.
 */

/** One numbered point of a list, e.g. "第一，要精心组织部署。……". */
export interface ExtractedItem {
  /** 1-based position in its list. */
  ordinal: number;
  /** The literal marker as written, without the separator after it: 第一, 一是, 一要, （一）, 1., 首先 … */
  marker: string;
  /** Short lead clause, e.g. 要精心组织部署. */
  headline: string;
  /** Whole item text from just after the marker to the next sibling marker or the end of the list. */
  text: string;
  /** Units or people the item's own text charges (各单位, 市局宣传部门 …), exact substrings, in order of appearance. */
  responsible: string[];
  /** Explicit deadline as written (10月30号, 下周, 年底前 …), or null. */
  deadline: string | null;
  /** Nested list inside this item (e.g. 一是/二是 under 首先). */
  children: ExtractedItem[];
  /** [start, end) of the item (marker included) in the text. */
  span: [number, number];
}

/** One enumerated list, attributed to a speaker ("会议" when the meeting states it). */
export interface ExtractedSpeaker {
  /** Person's name as written, "会议" for meeting-level lists, or the organisation. Null when unknown (live first-person speech with no configured speaker). */
  name: string | null;
  /** Title as written next to the name, or null. */
  role: string | null;
  /** Number announced in the lead-in (七点要求 → 7), or null when none was stated. */
  announced_count: number | null;
  /** True when the number of top-level items found differs from announced_count (false when announced_count is null). */
  count_mismatch: boolean;
  items: ExtractedItem[];
  /** [start, end) of the lead-in sentence, or of the first marker when there is no lead-in. */
  span: [number, number];
}

export interface ExtractionResult {
  speakers: ExtractedSpeaker[];
}

/** Options for one extraction run. */
export interface ExtractorOptions {
  /**
   * Speaker to attribute first-person lead-ins to ("我讲七点意见"), e.g. the meeting's
   * current speaker. When absent, such lists get `name: null`.
   */
  defaultSpeaker?: { name: string; role: string | null };
}

/**
 * Events emitted by the incremental extractor. `listIndex` is the index into
 * `ExtractionResult.speakers`; `path` is the item's position: [topOrdinal-1] or
 * [topOrdinal-1, childOrdinal-1] for nested items.
 */
export type ExtractorEvent =
  | { type: 'list:opened'; listIndex: number; speaker: ExtractedSpeaker }
  | { type: 'list:updated'; listIndex: number; speaker: ExtractedSpeaker }
  | { type: 'item:opened'; listIndex: number; path: number[]; item: ExtractedItem }
  | { type: 'item:updated'; listIndex: number; path: number[]; item: ExtractedItem }
  | { type: 'item:closed'; listIndex: number; path: number[]; item: ExtractedItem }
  | { type: 'list:closed'; listIndex: number; speaker: ExtractedSpeaker }
  /** An item the extractor had reported is no longer part of the result (a live guess proved wrong). */
  | { type: 'item:retracted'; listIndex: number; path: number[] }
  /** A list the extractor had reported is no longer part of the result; later lists shift down. */
  | { type: 'list:retracted'; listIndex: number };

/** Options of one push. */
export interface PushOptions {
  /**
   * True when the speaker paused after this text (the end of a recognised segment). For
   * unpunctuated ASR text a pause is a soft sentence end: it may close a heading or a headline.
   * The final result is the same for any chunking that keeps the same boundaries.
   */
  boundary?: boolean;
}

export interface Extractor {
  /** Feed the next piece of transcript; returns what changed. Work is proportional to the delta. */
  push(delta: string, options?: PushOptions): ExtractorEvent[];
  /**
   * The result as it would be if `tail` (unconfirmed text, e.g. an interim recognition of the
   * running utterance) followed what was pushed, followed by a pause. Does not change the state:
   * the next push starts from where the last push left off.
   */
  peek(tail: string): ExtractionResult;
  /** Declare the end of the text: closes open items and lists. */
  end(): ExtractorEvent[];
  /** Current state; after end() it equals extract(fullText). */
  result(): ExtractionResult;
}
