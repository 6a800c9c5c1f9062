/**
 * Zod schemas for everything a client sends over the socket. The server parses every
 * payload with these before any handler logic; the client uses the inferred types.
 */
import { z } from 'zod';

/** Max bytes of one audio message (Int16 PCM). */
export const MAX_AUDIO_CHUNK_BYTES = 64 * 1024;
export const MAX_TEXT_LENGTH = 20_000;
/** Highest audio chunk number (the spool stores it as u32; 13 years of 100 ms chunks). */
export const MAX_CHUNK_SEQ = 0xfffffffe;
export const MAX_SHORT_TEXT_LENGTH = 500;

const id = z.string().min(1).max(64);
const shortText = z.string().trim().min(1).max(MAX_SHORT_TEXT_LENGTH);

export const syncRequest = z.object({
  /** Last sequence number the client has applied; null asks for a full snapshot. */
  lastSeq: z.number().int().nonnegative().nullable(),
});

export const audioStartRequest = z.object({
  sampleRate: z.union([z.literal(16000), z.literal(48000)]),
  /**
   * The sender's uplink id (random, one per capture): an audio:start with the id of the meeting's
   * open stream resumes it, and the reply's nextChunkSeq says which chunks the server already has.
   */
  uplinkId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/).optional(),
  /** The oldest chunk number the sender still holds: earlier ones the server lacks are lost for good. */
  firstChunkSeq: z.number().int().nonnegative().max(MAX_CHUNK_SEQ).optional(),
  /**
   * Take the meeting's capture over from another host console that is capturing (that console is
   * told and stops). Without it, audio:start while another console captures answers `capture_busy`.
   */
  takeover: z.boolean().optional(),
});

export const audioChunkRequest = z.object({
  /** Chunk counter within the stream, for ordering and duplicate detection. */
  chunkSeq: z.number().int().nonnegative().max(MAX_CHUNK_SEQ),
  /** Int16 little-endian mono PCM. */
  pcm: z.instanceof(Uint8Array).or(z.instanceof(ArrayBuffer)).refine(
    (b) => b.byteLength > 0 && b.byteLength <= MAX_AUDIO_CHUNK_BYTES && b.byteLength % 2 === 0,
    { message: 'pcm must be 2..65536 bytes of Int16 samples' },
  ),
});

export const ackSubmitRequest = z.object({
  requirementId: id,
  kind: z.enum(['received', 'relayed']),
  /** `Requirement.version` the venue saw when it confirmed; absent → the current version. */
  version: z.number().int().positive().optional(),
});

export const setCurrentSpeakerRequest = z.object({ speakerId: id.nullable() });

export const segmentEditRequest = z.object({
  segmentId: id,
  text: z.string().max(MAX_TEXT_LENGTH),
});

export const requirementFieldsPatch = z
  .object({
    headline: shortText,
    text: z.string().max(MAX_TEXT_LENGTH),
    responsible: z.array(shortText).max(50),
    deadline: shortText.nullable(),
  })
  .partial()
  .refine((p) => Object.keys(p).length > 0, { message: 'at least one field' });

export const requirementEditRequest = z.object({
  requirementId: id,
  fields: requirementFieldsPatch,
});

export const requirementMergeRequest = z.object({
  /** The first id absorbs the others, in list order. */
  requirementIds: z.array(id).min(2).max(20),
});

export const requirementSplitRequest = z.object({
  requirementId: id,
  /** Character offset in the requirement's text where the second half starts. */
  at: z.number().int().positive(),
});

export const requirementIdRequest = z.object({ requirementId: id });

/** Largest number a secretary can give an added item. */
export const MAX_ORDINAL = 99;

export const requirementAddRequest = z.object({
  listId: id,
  /** Parent item for a nested point, else null/absent (top level). */
  parentId: id.nullable().optional(),
  /**
   * Number the item takes (3 fills the gap between 第二 and 第四; a taken number moves the later
   * items up); absent → after the last item.
   */
  ordinal: z.number().int().min(1).max(MAX_ORDINAL).optional(),
  fields: z.object({
    headline: shortText,
    text: z.string().max(MAX_TEXT_LENGTH).default(''),
    responsible: z.array(shortText).max(50).default([]),
    deadline: shortText.nullable().default(null),
  }),
  /** Transcript segment the text was taken from (recorded in the audit log). */
  segmentId: id.optional(),
});

export const requirementUndoRequest = z.object({
  /** `undoId` from the reply of requirement:merge or requirement:split. */
  undoId: id,
});

/** Commands without arguments (meeting:start/end, audio:stop): `{}` or nothing. */
export const emptyRequest = z.object({}).strict().optional().transform(() => ({}));

export type SyncRequest = z.infer<typeof syncRequest>;
export type AudioStartRequest = z.infer<typeof audioStartRequest>;
export type AudioChunkRequest = z.infer<typeof audioChunkRequest>;
export type AckSubmitRequest = z.infer<typeof ackSubmitRequest>;
export type SetCurrentSpeakerRequest = z.infer<typeof setCurrentSpeakerRequest>;
export type SegmentEditRequest = z.infer<typeof segmentEditRequest>;
export type RequirementEditRequest = z.infer<typeof requirementEditRequest>;
export type RequirementMergeRequest = z.infer<typeof requirementMergeRequest>;
export type RequirementSplitRequest = z.infer<typeof requirementSplitRequest>;
export type RequirementIdRequest = z.infer<typeof requirementIdRequest>;
export type RequirementAddRequest = z.input<typeof requirementAddRequest>;
export type RequirementUndoRequest = z.infer<typeof requirementUndoRequest>;
