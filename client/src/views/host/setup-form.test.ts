import { describe, expect, it } from 'vitest';
import { formatGlossary, fromLocalInput, parseGlossary, rowsToSpeakers, toLocalInput } from './setup-form.ts';

describe('glossary text', () => {
  it('parses one term per line with variants after a colon, and formats back', () => {
    const terms = parseGlossary('两为整治：两位整治、两委整治\n\n  约谈  \n扫黑除恶=扫黑除饿,扫黑除恶');
    expect(terms).toEqual([
      { term: '两为整治', variants: ['两位整治', '两委整治'] },
      { term: '约谈', variants: [] },
      { term: '扫黑除恶', variants: ['扫黑除饿'] },
    ]);
    expect(parseGlossary(formatGlossary(terms))).toEqual(terms);
  });
});

describe('speakers and time', () => {
  it('drops blank speaker rows and keeps ids', () => {
    expect(rowsToSpeakers([{ id: 'a', name: ' 王国强 ', role: '副局长' }, { name: '', role: 'x' }, { name: '李明', role: ' ' }])).toEqual([
      { id: 'a', name: '王国强', role: '副局长' },
      { name: '李明', role: null },
    ]);
  });

  it('converts datetime-local values to ISO with an offset', () => {
    expect(fromLocalInput('2026-11-22T09:30', 480)).toBe('2026-11-22T09:30:00+08:00');
    expect(fromLocalInput('2026-11-22T09:30', -90)).toBe('2026-11-22T09:30:00-01:30');
    expect(fromLocalInput('bad', 0)).toBeNull();
    expect(toLocalInput('not a date')).toBe('');
  });
});
