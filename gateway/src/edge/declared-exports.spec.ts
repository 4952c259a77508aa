import { contentDisposition, csvCell } from './declared-exports';

describe('exports', () => {
  it('names a Chinese file so every browser keeps its name', () => {
    const header = contentDisposition('报名-淅川推介会', 'xlsx');
    expect(header).toContain(`filename*=UTF-8''${encodeURIComponent('报名-淅川推介会.xlsx')}`);
    // The plain fallback is ASCII only, quotes escaped away.
    expect(header).toMatch(/^attachment; filename="[\x20-\x7e]+";/);
    expect(contentDisposition('a"b\\c', 'csv')).toContain('filename="a_b_c.csv"');
  });

  it('writes dates in Beijing time, yes/no in words and nothing for empty cells', () => {
    expect(csvCell(new Date('2027-05-18T01:30:00.000Z'))).toBe('2027-05-18 09:30:00');
    expect(csvCell(true)).toBe('是');
    expect(csvCell(false)).toBe('否');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(null)).toBe('');
    expect(csvCell(0)).toBe('0');
    expect(csvCell('香菇')).toBe('香菇');
  });
});
