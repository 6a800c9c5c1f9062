import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { normaliseRows, parseVenueCsv } from './venue-import.ts';

describe('venue import', () => {
  it('parses CSV with Chinese headers, BOM, quotes and level aliases', () => {
    const csv = '\uFEFF名称,级别,上级,主会场\r\n省厅,省,,是\r\n"甲市, 局",市,,\r\n乙县,县,"甲市, 局",\r\n';
    expect(normaliseRows(parseVenueCsv(csv))).toEqual([
      { name: '省厅', level: 'province', parent: null, isMain: true },
      { name: '甲市, 局', level: 'prefecture', parent: null, isMain: false },
      { name: '乙县', level: 'county', parent: '甲市, 局', isMain: false },
    ]);
  });
  it('rejects unknown levels, duplicates and broken CSV with bad_request', () => {
    const bad = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        return err instanceof DomainError ? err.code : 'other';
      }
      return 'none';
    };
    expect(bad(() => normaliseRows([{ name: 'A', level: '乡' }]))).toBe('bad_request');
    expect(bad(() => normaliseRows([{ name: 'A', level: '县' }, { name: 'A', level: '区' }]))).toBe('bad_request');
    expect(bad(() => parseVenueCsv('name,level\n"unterminated,county\n'))).toBe('bad_request');
    expect(bad(() => normaliseRows([]))).toBe('bad_request');
  });
});
