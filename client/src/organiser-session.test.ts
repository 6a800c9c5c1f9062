import { describe, expect, it } from 'vitest';
import { loginFromReply, parseOrganiserLogin } from './organiser-session.ts';

const ACCOUNT = { id: 'o1', username: 'bgs', displayName: '市公安局办公室', isAdmin: true, createdAt: '2026-12-01T00:00:00Z', disabledAt: null };

describe('organiser login storage', () => {
  it('keeps a login until it expires', () => {
    const raw = JSON.stringify(loginFromReply({ token: 'lso_x', expiresAt: '2026-12-03T12:00:00.000Z', organiser: ACCOUNT, deviceToken: 'd' }));
    expect(parseOrganiserLogin(raw, Date.parse('2026-12-03T11:59:59Z'))).toEqual({ token: 'lso_x', expiresAt: '2026-12-03T12:00:00.000Z', organiser: ACCOUNT });
    expect(parseOrganiserLogin(raw, Date.parse('2026-12-03T12:00:00Z'))).toBeNull();
    expect(raw).not.toContain('"deviceToken"');
  });

  it('drops anything malformed', () => {
    for (const raw of [null, '', '{', '"x"', '{}', JSON.stringify({ token: 1, expiresAt: 'x', organiser: ACCOUNT }), JSON.stringify({ token: 't', expiresAt: 'never', organiser: ACCOUNT }), JSON.stringify({ token: 't', expiresAt: '2099-01-01T00:00:00Z', organiser: { id: 'o' } })]) {
      expect(parseOrganiserLogin(raw, 0)).toBeNull();
    }
  });
});
