/**
 * Factories for protocol records in client unit tests: defaults filled in, overrides applied.
 */
import type {
  Acknowledgement,
  Meeting,
  MeetingEvent,
  MeetingEventPayloads,
  MeetingEventType,
  MeetingSnapshot,
  Requirement,
  RequirementList,
  Segment,
  Venue,
} from '../../../../shared/protocol/index.ts';

export const MEETING_ID = 'm1';
const AT = '2026-11-22T01:00:00.000Z';

export function makeMeeting(overrides: Partial<Meeting> = {}): Meeting {
  return {
    id: MEETING_ID,
    title: '全市两为整治工作部署会',
    organiser: '市公安局',
    scheduledAt: AT,
    status: 'live',
    publishMode: 'auto',
    speakers: [{ id: 'sp1', name: '王国强', role: '副局长' }],
    currentSpeakerId: 'sp1',
    glossary: [],
    createdAt: AT,
    startedAt: AT,
    endedAt: null,
    reopenedForCorrections: false,
    ...overrides,
  };
}

export function makeVenue(id: string, name: string, overrides: Partial<Venue> = {}): Venue {
  return { id, meetingId: MEETING_ID, name, level: 'county', parentId: null, isMain: false, ...overrides };
}

export function makeList(overrides: Partial<RequirementList> = {}): RequirementList {
  return {
    id: 'l1',
    meetingId: MEETING_ID,
    index: 0,
    speakerName: '王国强',
    speakerRole: '副局长',
    announcedCount: 7,
    foundCount: 0,
    countMismatch: false,
    closed: false,
    provisional: false,
    retracted: false,
    ...overrides,
  };
}

export function makeRequirement(id: string, ordinal: number, headline: string, overrides: Partial<Requirement> = {}): Requirement {
  const fields = { headline, text: `${headline}。`, responsible: [], deadline: null };
  const at = `2026-11-22T01:00:${String(ordinal).padStart(2, '0')}.000Z`;
  return {
    id,
    meetingId: MEETING_ID,
    listId: 'l1',
    parentId: null,
    ordinal,
    sortKey: ordinal,
    marker: `第${'一二三四五六七八九十'[ordinal - 1] ?? ordinal}`,
    status: 'published',
    closed: false,
    provisional: false,
    retractedAt: null,
    version: 1,
    origin: 'machine',
    orphaned: false,
    fields,
    machine: fields,
    editedFields: [],
    createdAt: at,
    updatedAt: at,
    publishedAt: at,
    ...overrides,
  };
}

export function makeSegment(id: string, startMs: number, text: string, overrides: Partial<Segment> = {}): Segment {
  return { id, meetingId: MEETING_ID, startMs, endMs: startMs + 2000, text, originalText: text, isFinal: true, editedAt: null, speakerId: null, ...overrides };
}

export function makeAck(requirementId: string, venueId: string, kind: Acknowledgement['kind'] = 'received', version = 1): Acknowledgement {
  return { meetingId: MEETING_ID, venueId, requirementId, kind, at: AT, version };
}

/** A sequenced event; `prevSeq` defaults to `seq - 1` (a staff recipient's chain). */
export function makeEvent<K extends MeetingEventType>(
  seq: number,
  type: K,
  payload: MeetingEventPayloads[K],
  overrides: { prevSeq?: number; audience?: 'all' | 'staff' } = {},
): MeetingEvent {
  // The mapped union cannot be built generically; the fields match MeetingEvent for this K.
  return {
    seq,
    prevSeq: overrides.prevSeq ?? seq - 1,
    meetingId: MEETING_ID,
    type,
    audience: overrides.audience ?? 'all',
    at: AT,
    payload,
  } as MeetingEvent;
}

export function makeSnapshot(overrides: Partial<MeetingSnapshot> = {}): MeetingSnapshot {
  return {
    seq: 0,
    meeting: makeMeeting(),
    venues: [makeVenue('main', '市公安局', { isMain: true, level: 'prefecture' }), makeVenue('v1', '东城分局'), makeVenue('v2', '西城分局')],
    segments: [],
    lists: [],
    requirements: [],
    acks: [],
    presence: [],
    ...overrides,
  };
}
