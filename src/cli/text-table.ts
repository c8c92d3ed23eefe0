import stringWidth from 'string-width';
import { printable } from './printable.js';

/** Columns padded by display width, so that Chinese text (two columns wide in a terminal) lines up. */
export function textTable(header: readonly string[], body: ReadonlyArray<readonly string[]>): string {
  // A line break inside a cell would break every column after it; an escape sequence would be obeyed.
  const rows = body.map((row) => row.map((cell) => printable(cell.replace(/\s*[\r\n]+\s*/g, ' '))));
  // A loop, not Math.max(...column): a spread of a 500,000-row column overflows the stack.
  const widths = header.map((h) => stringWidth(h));
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, stringWidth(cell))));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - stringWidth(cell))))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}
