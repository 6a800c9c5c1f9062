/**
 * Plain domain records for LiveKit tests: two meetings, each with a main venue and a county.
 * Not a fake of anything — the records are what the server's repositories would return.
 */
import type { Meeting, Venue } from '../../../shared/protocol/index.ts';

export const TEST_API_KEY = 'devkey';
export const TEST_API_SECRET = 'secret-of-at-least-32-characters-long';

export function meeting(id: string, status: Meeting['status'] = 'live'): Meeting {
  return {
    id,
    title: `全省安全生产工作部署会（${id}）`,
    organiser: '省应急管理厅',
    scheduledAt: '2026-11-22T09:00:00+08:00',
    status,
    publishMode: 'auto',
    speakers: [],
    currentSpeakerId: null,
    glossary: [],
    createdAt: '2026-11-21T00:00:00.000Z',
    startedAt: status === 'draft' ? null : '2026-11-22T01:00:00.000Z',
    endedAt: status === 'ended' ? '2026-11-22T03:00:00.000Z' : null,
    reopenedForCorrections: false,
  };
}

export function venue(id: string, meetingId: string, name: string, isMain = false): Venue {
  return { id, meetingId, name, level: isMain ? 'province' : 'county', parentId: null, isMain };
}
