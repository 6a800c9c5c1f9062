import { describe, expect, it } from 'vitest';
import { parseFocus, parseRoute, secretaryPath } from './route.ts';

describe('parseRoute', () => {
  it('reads a venue link code from the path or the query', () => {
    expect(parseRoute('/join/AbC123xyz', '')).toEqual({ page: 'join', code: 'AbC123xyz' });
    expect(parseRoute('/', '?code=%20QWERTY12%20')).toEqual({ page: 'join', code: 'QWERTY12' });
    expect(parseRoute('/', '')).toEqual({ page: 'join', code: null });
  });

  it('maps role pages and the organiser pages', () => {
    expect(parseRoute('/host', '').page).toBe('host');
    expect(parseRoute('/venue/', '').page).toBe('venue');
    expect(parseRoute('/secretary', '')).toEqual({ page: 'secretary', focus: null });
    expect(parseRoute('/login', '').page).toBe('login');
    expect(parseRoute('/meetings', '').page).toBe('meetings');
    expect(parseRoute('/followup', '').page).toBe('followup');
    expect(parseRoute('/supervision/', '').page).toBe('supervision');
    expect(parseRoute('/nonsense', '').page).toBe('join');
  });

  it('opens the secretary desk at a search hit', () => {
    expect(parseRoute('/secretary', '?focus=segment:abc-1_2')).toEqual({ page: 'secretary', focus: { kind: 'segment', id: 'abc-1_2' } });
    expect(parseRoute(secretaryPath({ kind: 'requirement', id: 'R9' }).split('?')[0] ?? '', `?${secretaryPath({ kind: 'requirement', id: 'R9' }).split('?')[1]}`)).toEqual({
      page: 'secretary', focus: { kind: 'requirement', id: 'R9' },
    });
    for (const bad of [null, '', 'segment:', 'meeting:x', 'segment:a b', 'segment:<x>']) expect(parseFocus(bad)).toBeNull();
  });
});
