export { normaliseTranscript, toSimplified, type NormaliseOptions } from './normalise.ts';
export { applyGlossary, isNearHomophone, type GlossaryTerm } from './glossary.ts';
export { collapseRepetitionLoops, removeHallucinationPhrases, HALLUCINATION_PHRASES } from './hallucinations.ts';
export { normalisePunctuation, isOnlyPunctuation } from './punctuation.ts';
