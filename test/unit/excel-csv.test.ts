import { describe, expect, it } from 'vitest';
import { neutraliseFormula, restoreFormula } from '../../src/csv/excel-csv.js';

describe('CSV cells Excel would run as formulas (CSV injection)', () => {
  it.each([
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+86 515 8888', "'+86 515 8888"],
    ['-1', "'-1"],
    ['@cmd', "'@cmd"],
    ['\t=1', "'\t=1"],
    ['区财政局采购公告', '区财政局采购公告'],
    ['2026-11-03 24:00', '2026-11-03 24:00'],
    ['a=b', 'a=b'],
    ["'ok", "'ok"],
  ])('%j → %j, and read back as it was', (cell, written) => {
    expect(neutraliseFormula(cell)).toBe(written);
    expect(restoreFormula(written)).toBe(cell);
  });
});
