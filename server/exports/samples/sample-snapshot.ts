/**
 * A hand-written export snapshot for renderer tests, and the basis of `largeSnapshot`
 * (bench:exports): a city fire-prevention meeting with two speakers' lists (one nested item), four
 * branch venues (on time, late and leaving early, acks only, absent), acknowledgements and a short
 * transcript. The text is our own, not a fixture.
 */
import type { Acknowledgement, Requirement, RequirementFields, RequirementList, Segment, Venue } from '../../../shared/protocol/domain.ts';
import type { ExportSnapshot, ExportVenue } from '../snapshot.ts';

const MEETING_ID = 'm-sample';
const STARTED = '2026-12-03T01:30:00.000Z'; // 09:30 China time
const ENDED = '2026-12-03T02:40:00.000Z';

function requirement(id: string, listId: string, ordinal: number, marker: string, fields: RequirementFields, parentId: string | null = null): Requirement {
  return {
    id,
    meetingId: MEETING_ID,
    listId,
    parentId,
    ordinal,
    sortKey: ordinal,
    marker,
    status: 'published',
    closed: true,
    fields,
    machine: fields,
    editedFields: [],
    provisional: false,
    retractedAt: null,
    version: 1,
    origin: 'machine',
    orphaned: false,
    createdAt: STARTED,
    updatedAt: STARTED,
    publishedAt: STARTED,
  };
}

function list(id: string, index: number, speakerName: string, speakerRole: string, announced: number): RequirementList {
  return { id, meetingId: MEETING_ID, index, speakerName, speakerRole, announcedCount: announced, foundCount: announced, countMismatch: false, closed: true, provisional: false, retracted: false };
}

const venue = (id: string, name: string, extra: Partial<Venue> = {}): Venue => ({
  id,
  meetingId: MEETING_ID,
  name,
  level: 'county',
  parentId: null,
  isMain: false,
  ...extra,
});

/** Headlines of the sample's requirements, in display order. */
export const SAMPLE_HEADLINES = ['要压实防火责任', '要加强巡查管控', '要严格火源管理', '要做好应急准备', '要强化值班值守'];

/** The sample snapshot (a fresh copy each call). */
export function sampleSnapshot(): ExportSnapshot {
  const l1 = list('l1', 0, '李建华', '副市长', 3);
  const l2 = list('l2', 1, '周明', '市应急管理局局长', 2);
  const r1 = requirement('r1', 'l1', 1, '第一', {
    headline: '要压实防火责任',
    text: '要压实防火责任。各县区要落实属地管理责任，主要负责同志要亲自部署。',
    responsible: ['各县区', '市林业局'],
    deadline: '12月10日前',
  });
  const r2 = requirement('r2', 'l1', 2, '第二', {
    headline: '要加强巡查管控',
    text: '要加强巡查管控。重点时段要增加巡查频次。',
    responsible: [],
    deadline: null,
  });
  const r2a = requirement('r2a', 'l1', 1, '一是', { headline: '要加密巡护', text: '要加密巡护，林区入口要设卡检查。', responsible: ['市林业局'], deadline: null }, 'r2');
  const r3 = requirement('r3', 'l1', 3, '第三', {
    headline: '要严格火源管理',
    text: '要严格火源管理，严禁野外用火。',
    responsible: ['市公安局'],
    deadline: '长期',
  });
  const r4 = requirement('r4', 'l2', 1, '一要', {
    headline: '要做好应急准备',
    text: '要做好应急准备。物资储备要在本月底前到位。',
    responsible: ['市应急管理局'],
    deadline: '本月底前',
  });
  const r5 = requirement('r5', 'l2', 2, '二要', { headline: '要强化值班值守', text: '要强化值班值守。', responsible: [], deadline: null });

  const main = venue('v0', '市政府第一会议室', { isMain: true, level: 'prefecture' });
  const venues: ExportVenue[] = [
    { ...main, attendance: 'present', joinedAt: null, leftEarlyAt: null, evidence: 'none' },
    { ...venue('v1', '东湖区'), attendance: 'present', joinedAt: '2026-12-03T01:20:00.000Z', leftEarlyAt: null, evidence: 'presence' },
    { ...venue('v2', '西山县'), attendance: 'late', joinedAt: '2026-12-03T01:42:00.000Z', leftEarlyAt: '2026-12-03T02:30:00.000Z', evidence: 'presence' },
    { ...venue('v3', '南岭县'), attendance: 'present', joinedAt: null, leftEarlyAt: null, evidence: 'acks' },
    { ...venue('v4', '北河县'), attendance: 'absent', joinedAt: null, leftEarlyAt: null, evidence: 'none' },
  ];
  const ack = (venueId: string, requirementId: string, kind: Acknowledgement['kind'], at: string): Acknowledgement => ({
    meetingId: MEETING_ID,
    venueId,
    requirementId,
    kind,
    at,
    version: 1,
  });
  const acks: Acknowledgement[] = [
    ack('v1', 'r1', 'received', '2026-12-03T01:35:05.000Z'),
    ack('v3', 'r1', 'received', '2026-12-03T01:35:09.000Z'),
    ack('v1', 'r1', 'relayed', '2026-12-03T01:50:00.000Z'),
    ack('v2', 'r2', 'received', '2026-12-03T01:43:00.000Z'),
    ack('v1', 'r2', 'received', '2026-12-03T01:43:02.000Z'),
    ack('v1', 'r3', 'received', '2026-12-03T01:44:00.000Z'),
  ];
  const segment = (i: number, startMs: number, endMs: number, text: string, speakerId: string | null): Segment => ({
    id: `seg${i}`,
    meetingId: MEETING_ID,
    startMs,
    endMs,
    text,
    originalText: text,
    isFinal: true,
    editedAt: null,
    speakerId,
  });
  const segments: Segment[] = [
    segment(1, 0, 3200, '下面我就做好今冬明春森林防火工作讲三点意见。', 'sp1'),
    segment(2, 3900, 9100, '第一，要压实防火责任。各县区要落实属地管理责任，主要负责同志要亲自部署。', 'sp1'),
    segment(3, 9800, 14200, '第二，要加强巡查管控。重点时段要增加巡查频次。一是要加密巡护，林区入口要设卡检查。', 'sp1'),
    segment(4, 14800, 18000, '第三，要严格火源管理，严禁野外用火。', 'sp1'),
    segment(5, 25000, 31000, '我补充两点。一要做好应急准备。物资储备要在本月底前到位。二要强化值班值守。', 'sp2'),
  ];
  return {
    meeting: {
      id: MEETING_ID,
      title: '全市森林防火工作电视电话会议',
      organiser: '市人民政府办公室',
      scheduledAt: '2026-12-03T09:30:00+08:00',
      status: 'ended',
      publishMode: 'auto',
      speakers: [
        { id: 'sp1', name: '李建华', role: '副市长' },
        { id: 'sp2', name: '周明', role: '市应急管理局局长' },
      ],
      currentSpeakerId: 'sp2',
      glossary: [],
      createdAt: '2026-12-02T08:00:00.000Z',
      startedAt: STARTED,
      endedAt: ENDED,
      reopenedForCorrections: false,
    },
    speakers: [
      { id: 'sp1', name: '李建华', role: '副市长' },
      { id: 'sp2', name: '周明', role: '市应急管理局局长' },
    ],
    venues,
    lists: [
      { list: l1, requirements: [r1, r2, r2a, r3] },
      { list: l2, requirements: [r4, r5] },
    ],
    segments,
    acks,
  };
}
