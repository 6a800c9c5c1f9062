import { describe, expect, it } from 'vitest';
import { homePath, sessionFromJoinResponse } from './session.ts';

describe('sessionFromJoinResponse', () => {
  it('reads the JoinReply shape', () => {
    const session = sessionFromJoinResponse({
      token: 't.k.n',
      session: { role: 'venue', meetingId: 'm1', venueId: 'v1', exp: 1_900_000_000 },
      meeting: { id: 'm1' },
      venue: { id: 'v1', name: '东城分局' },
    });
    expect(session).toEqual({ token: 't.k.n', role: 'venue', meetingId: 'm1', venueId: 'v1', venueName: '东城分局', exp: 1_900_000_000 });
    expect(homePath('venue')).toBe('/venue');
  });

  it('rejects bodies without a token or a known role', () => {
    expect(sessionFromJoinResponse({ session: { role: 'venue', meetingId: 'm', venueId: 'v' } })).toBeNull();
    expect(sessionFromJoinResponse({ token: 'x', session: { role: 'admin', meetingId: 'm', venueId: 'v' } })).toBeNull();
    expect(sessionFromJoinResponse('nope')).toBeNull();
  });
});
