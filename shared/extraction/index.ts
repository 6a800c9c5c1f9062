/** Requirement extractor: public entry points. */
export { createExtractor, extract, type IncrementalExtractor } from './driver.ts';
export type {
  ExtractedItem, ExtractedSpeaker, ExtractionResult, Extractor, ExtractorEvent, ExtractorOptions, PushOptions,
} from './types.ts';
