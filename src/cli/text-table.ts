import stringWidth from 'string-width';

/** Columns padded by display width, so that Chinese text (two columns wide in a terminal) lines up. */
export function textTable(header: readonly string[], body: ReadonlyArray<readonly string[]>): string {
  // A line break inside a cell would break every column after it.
  const rows = body.map((row) => row.map((cell) => cell.replace(/\s*[\r\n]+\s*/g, ' ')));
  const widths = header.map((h, i) => Math.max(stringWidth(h), ...rows.map((row) => stringWidth(row[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - stringWidth(cell))))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}
