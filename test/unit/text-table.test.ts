import { describe, expect, it } from 'vitest';
import { textTable } from '../../src/cli/text-table.js';

describe('the CLI\'s text tables', () => {
  it('lines up Chinese text by display width', () => {
    expect(textTable(['row', 'column', 'problem'], [['2', '责任单位', 'x'], ['10', 'ref', 'y']])).toBe('row  column    problem\n2    责任单位  x\n10   ref       y\n');
  });

  it('shows a header cell\'s escape sequence as a picture instead of sending it to the terminal', () => {
    expect(textTable(['column'], [['\u001b[2J\u001b[31m编号']])).toBe('column\n␛[2J␛[31m编号\n');
  });

  it('takes a column of 500,000 rows (a spread of it would overflow the stack)', () => {
    const rows = Array.from({ length: 500_000 }, (_, i) => [String(i)]);
    expect(textTable(['n'], rows).split('\n')).toHaveLength(500_002);
  });
});
