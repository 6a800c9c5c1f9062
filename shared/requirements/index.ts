/** Requirement list rules shared by server and client: numbering, the gap rule, drafts from text. */
export { markerNumber, markerWithNumber, numberItems, toChineseNumeral, type Numbered, type NumberingItem } from './numbering.ts';
export { findListGaps, missingLabel, type GapItem, type GapList, type ListGaps } from './gaps.ts';
export { compareDisplayOrder } from './order.ts';
export { draftFromText, DRAFT_HEADLINE_MAX, type RequirementDraft } from './draft.ts';
