import { describe, expect, it } from 'vitest';
import { parseRoute } from './route.ts';

describe('parseRoute', () => {
  it('reads a venue link code from the path or the query', () => {
    expect(parseRoute('/join/AbC123xyz', '')).toEqual({ page: 'join', code: 'AbC123xyz' });
    expect(parseRoute('/', '?code=%20QWERTY12%20')).toEqual({ page: 'join', code: 'QWERTY12' });
    expect(parseRoute('/', '')).toEqual({ page: 'join', code: null });
  });

  it('maps role pages', () => {
    expect(parseRoute('/host', '').page).toBe('host');
    expect(parseRoute('/venue/', '').page).toBe('venue');
    expect(parseRoute('/secretary', '').page).toBe('secretary');
    expect(parseRoute('/nonsense', '').page).toBe('join');
  });
});
