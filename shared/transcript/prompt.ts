/**
 * What Whisper is told about the meeting before each segment: its previous-text prompt
 * (`<|startofprev|>` … `<|startoftranscript|>`). Whisper was trained to continue the text before
 * a window, so names, hot words and the last sentence written there make it spell the domain's
 * words (两为整治, not 两位整治) and keep the transcript's punctuation. Pure functions: the
 * meeting server builds the parts, the recogniser fits them into its token budget.
 */

/** Prompt of one decode. Plain text; the recogniser turns it into tokens and bounds it. */
export interface RecognitionPrompt {
  /**
   * Words the speech is likely to contain, most important first: speakers (role + name), then
   * glossary terms. Whole terms are kept or dropped, never cut.
   */
  terms: string[];
  /** The end of the transcript so far (last final sentences). When space runs out its start goes first. */
  previousText: string;
}

/** A speaker as the meeting record holds it. */
export interface PromptSpeaker {
  name: string;
  /** E.g. 省公安厅厅长; null when unknown. */
  role: string | null;
}

/** What the meeting prompt is built from (a subset of the Meeting record). */
export interface MeetingPromptSource {
  speakers: readonly PromptSpeaker[];
  /** Glossary entries; only `term` is used (variants are misrecognitions and must not be suggested). */
  glossary: ReadonlyArray<{ term: string }>;
}

/** Most terms carried per prompt (the recogniser's token budget fits far fewer; the rest is headroom). */
export const MAX_PROMPT_TERMS = 32;
/** Longest term carried, characters (the glossary's own limit is 50). */
export const MAX_PROMPT_TERM_CHARS = 50;
/**
 * Most previous-text characters carried: Whisper's tokenizer spends ≈ 1.2 tokens per Chinese
 * character (fixture transcripts), so the recogniser's 120-token budget holds ≈ 100; this leaves
 * it room to choose a clause break.
 */
export const MAX_PREVIOUS_TEXT_CHARS = 200;
/** Final segments of the transcript read for the previous text. */
export const PROMPT_RECENT_SEGMENTS = 2;
/** Separator between terms: the enumeration comma a Chinese transcript would use. */
export const TERM_SEPARATOR = '、';
/** Closes the term list so that the previous text starts a new sentence. */
export const TERMS_END = '。';

/** Characters (code points) of `text`; never splits a surrogate pair. */
function chars(text: string): string[] {
  return Array.from(text);
}

/** The last `max` characters of `text`. */
function tail(text: string, max: number): string {
  const cs = chars(text);
  return cs.length <= max ? text : cs.slice(cs.length - max).join('');
}

/** Collapses whitespace runs; Whisper's Chinese output has none inside sentences. */
function clean(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/** The speaker as a transcript names them: role before name (省公安厅厅长张建国). */
export function speakerTerm(speaker: PromptSpeaker): string {
  const name = clean(speaker.name);
  const role = clean(speaker.role ?? '');
  return role && name ? `${role}${name}` : name;
}

/**
 * Bound a prompt from any source to the sizes above: at most {@link MAX_PROMPT_TERMS} non-empty,
 * distinct terms of at most {@link MAX_PROMPT_TERM_CHARS} characters (longer ones are dropped, not
 * cut), and the last {@link MAX_PREVIOUS_TEXT_CHARS} characters of the previous text. Never throws.
 */
export function boundPrompt(prompt: RecognitionPrompt): RecognitionPrompt {
  const seen = new Set<string>();
  const terms: string[] = [];
  for (const raw of prompt.terms) {
    if (terms.length >= MAX_PROMPT_TERMS) break;
    const term = clean(raw);
    if (term === '' || seen.has(term) || chars(term).length > MAX_PROMPT_TERM_CHARS) continue;
    seen.add(term);
    terms.push(term);
  }
  return { terms, previousText: tail(clean(prompt.previousText), MAX_PREVIOUS_TEXT_CHARS) };
}

/**
 * The prompt for a meeting: its speakers and glossary terms, then the text of its last final
 * segments (`recentTexts`, oldest first). Bounded by {@link boundPrompt}.
 */
export function meetingPrompt(meeting: MeetingPromptSource, recentTexts: readonly string[]): RecognitionPrompt {
  const terms = [...meeting.speakers.map(speakerTerm), ...meeting.glossary.map((g) => g.term)];
  // Chinese sentences join without spaces; the newest text is at the end, where Whisper reads last.
  const previousText = recentTexts.map(clean).filter((t) => t !== '').join('');
  return boundPrompt({ terms, previousText });
}

/** True when the prompt carries nothing (decode as if there were none). */
export function isEmptyPrompt(prompt: RecognitionPrompt | null | undefined): boolean {
  return !prompt || (prompt.terms.length === 0 && prompt.previousText === '');
}

/** The terms as prompt text: 甲、乙、丙。 ('' for none). */
export function formatTerms(terms: readonly string[]): string {
  return terms.length === 0 ? '' : `${terms.join(TERM_SEPARATOR)}${TERMS_END}`;
}
