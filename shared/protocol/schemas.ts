/**
 * Zod schemas for everything a client sends over the socket. The server parses every
 * payload with these before any handler logic; the client uses the inferred types.
 */
import { z } from 'zod';

/** Max bytes of one audio message (Int16 PCM). */
export const MAX_AUDIO_CHUNK_BYTES = 64 * 1024;
/** Longest free text a client may send (a segment or a requirement text), characters. */
export const MAX_TEXT_LENGTH = 20_000;
/** Highest audio chunk number (the spool stores it as u32; 13 years of 100 ms chunks). */
export const MAX_CHUNK_SEQ = 0xfffffffe;
/** Longest short text (a headline, a responsible unit, a deadline, a title), characters. */
export const MAX_SHORT_TEXT_LENGTH = 500;

const id = z.string().min(1).max(64);
const shortText = z.string().trim().min(1).max(MAX_SHORT_TEXT_LENGTH);

/** `sync`: ask for the events missed since `lastSeq`, or a snapshot. */
export const syncRequest = z.object({
  /** Last sequence number the client has applied; null asks for a full snapshot. */
  lastSeq: z.number().int().nonnegative().nullable(),
});

/** `audio:start` (host): open or resume the meeting's audio uplink. */
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
   * The oldest chunk the sender can send again, confirmed ones included (it keeps recently
   * confirmed audio). A node that took the meeting over from a failed one may then answer a
   * nextChunkSeq below what the failed node had confirmed: the sender resends from there.
   */
  replayableFromChunkSeq: z.number().int().nonnegative().max(MAX_CHUNK_SEQ).optional(),
  /**
   * Take the meeting's capture over from another host console that is capturing (that console is
   * told and stops). Without it, audio:start while another console captures answers `capture_busy`.
   */
  takeover: z.boolean().optional(),
});

/** `audio:chunk` (host): one chunk of the uplink's PCM. */
export const audioChunkRequest = z.object({
  /** Chunk counter within the stream, for ordering and duplicate detection. */
  chunkSeq: z.number().int().nonnegative().max(MAX_CHUNK_SEQ),
  /** Int16 little-endian mono PCM. */
  pcm: z.instanceof(Uint8Array).or(z.instanceof(ArrayBuffer)).refine(
    (b) => b.byteLength > 0 && b.byteLength <= MAX_AUDIO_CHUNK_BYTES && b.byteLength % 2 === 0,
    { message: 'pcm must be 2..65536 bytes of Int16 samples' },
  ),
});

/** `ack:submit` (venue): 收到 or 已传达 for one requirement. */
export const ackSubmitRequest = z.object({
  requirementId: id,
  kind: z.enum(['received', 'relayed']),
  /** `Requirement.version` the venue saw when it confirmed; absent → the current version. */
  version: z.number().int().positive().optional(),
});

/** `speaker:set-current` (host, secretary): who speaks now (null: nobody set up). */
export const setCurrentSpeakerRequest = z.object({ speakerId: id.nullable() });

/** `segment:edit` (secretary, host): the corrected text of a transcript segment. */
export const segmentEditRequest = z.object({
  segmentId: id,
  text: z.string().max(MAX_TEXT_LENGTH),
});

/** The fields a requirement edit changes: at least one. */
export const requirementFieldsPatch = z
  .object({
    headline: shortText,
    text: z.string().max(MAX_TEXT_LENGTH),
    responsible: z.array(shortText).max(50),
    deadline: shortText.nullable(),
  })
  .partial()
  .refine((p) => Object.keys(p).length > 0, { message: 'at least one field' });

/** `requirement:edit`: change fields of one requirement. */
export const requirementEditRequest = z.object({
  requirementId: id,
  fields: requirementFieldsPatch,
});

/** `requirement:merge`: join items the recogniser cut apart. */
export const requirementMergeRequest = z.object({
  /** The first id absorbs the others, in list order. */
  requirementIds: z.array(id).min(2).max(20),
});

/** `requirement:split`: cut an item in two. */
export const requirementSplitRequest = z.object({
  requirementId: id,
  /** Character offset in the requirement's text where the second half starts. */
  at: z.number().int().positive(),
});

/** `requirement:publish` / `requirement:withdraw`: the requirement concerned. */
export const requirementIdRequest = z.object({ requirementId: id });

/** Largest number a secretary can give an added item. */
export const MAX_ORDINAL = 99;

/** `requirement:add`: a secretary adds an item by hand (e.g. a point the recogniser missed). */
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

/** `requirement:undo`: undo a merge or split. */
export const requirementUndoRequest = z.object({
  /** `undoId` from the reply of requirement:merge or requirement:split. */
  undoId: id,
});

/** Commands without arguments (meeting:start/end, audio:stop): `{}` or nothing. */
export const emptyRequest = z.object({}).strict().optional().transform(() => ({}));

/** Payload of `sync`, as parsed (schema: `syncRequest`). */
export type SyncRequest = z.infer<typeof syncRequest>;
/** Payload of `audio:start`, as parsed (schema: `audioStartRequest`). */
export type AudioStartRequest = z.infer<typeof audioStartRequest>;
/** Payload of `audio:chunk`, as parsed (schema: `audioChunkRequest`). */
export type AudioChunkRequest = z.infer<typeof audioChunkRequest>;
/** Payload of `ack:submit`, as parsed (schema: `ackSubmitRequest`). */
export type AckSubmitRequest = z.infer<typeof ackSubmitRequest>;
/** Payload of `speaker:set-current`, as parsed (schema: `setCurrentSpeakerRequest`). */
export type SetCurrentSpeakerRequest = z.infer<typeof setCurrentSpeakerRequest>;
/** Payload of `segment:edit`, as parsed (schema: `segmentEditRequest`). */
export type SegmentEditRequest = z.infer<typeof segmentEditRequest>;
/** Payload of `requirement:edit`, as parsed (schema: `requirementEditRequest`). */
export type RequirementEditRequest = z.infer<typeof requirementEditRequest>;
/** Payload of `requirement:merge`, as parsed (schema: `requirementMergeRequest`). */
export type RequirementMergeRequest = z.infer<typeof requirementMergeRequest>;
/** Payload of `requirement:split`, as parsed (schema: `requirementSplitRequest`). */
export type RequirementSplitRequest = z.infer<typeof requirementSplitRequest>;
/** Payload of `requirement:publish` / `requirement:withdraw`, as parsed (schema: `requirementIdRequest`). */
export type RequirementIdRequest = z.infer<typeof requirementIdRequest>;
/** Payload of `requirement:add`, as the client sends it (defaults not yet applied) (schema: `requirementAddRequest`). */
export type RequirementAddRequest = z.input<typeof requirementAddRequest>;
/** Payload of `requirement:undo`, as parsed (schema: `requirementUndoRequest`). */
export type RequirementUndoRequest = z.infer<typeof requirementUndoRequest>;
