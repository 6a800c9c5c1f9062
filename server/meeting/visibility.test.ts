import { expect, it } from 'vitest';
import type { MeetingEvent } from '../../shared/protocol/events.ts';
import type { SessionClaims } from '../../shared/protocol/socket.ts';
import type { StoredEvent } from '../db/repositories/events.ts';
import { viewEvent } from './visibility.ts';

const venue: SessionClaims = { role: 'venue', meetingId: 'm', venueId: 'v1', exp: 1 };
const host: SessionClaims = { role: 'host', meetingId: 'm', venueId: 'main', exp: 1 };
const stored = (seq: number, audience: 'all' | 'staff', prevPublicSeq: number, venueId: string | null = null, meetingId = 'm'): StoredEvent => ({
  event: { seq, prevSeq: seq - 1, meetingId, type: 'meeting:updated', audience, at: 'x', payload: {} } as unknown as MeetingEvent, // payload irrelevant here
  prevPublicSeq,
  venueId,
});

it('staff see everything as stored; venues see public events with the venue-chain prevSeq', () => {
  expect(viewEvent(host, stored(5, 'staff', 3))?.prevSeq).toBe(4);
  expect(viewEvent(venue, stored(5, 'staff', 3))).toBeNull();
  expect(viewEvent(venue, stored(6, 'all', 3))?.prevSeq).toBe(3);
  expect(viewEvent(venue, stored(7, 'staff', 6, 'v1'))?.prevSeq).toBe(6);
  expect(viewEvent(venue, stored(7, 'staff', 6, 'v2'))).toBeNull();
  expect(viewEvent(host, stored(1, 'all', 0, null, 'other'))).toBeNull();
});
