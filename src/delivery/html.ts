const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Ledger text (titles, references) goes into HTML as text, never as markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string);
}

/** A table cell: text, text linking somewhere (the portal), or markup built (and escaped) by the caller (a form). */
export type Cell = string | { readonly text: string; readonly href: string } | { readonly html: string };

/** A cell as a link (both escaped), as text, or as the caller's markup. */
export function cellHtml(cell: Cell): string {
  if (typeof cell === 'string') return escapeHtml(cell);
  return 'html' in cell ? cell.html : `<a href="${escapeHtml(cell.href)}">${escapeHtml(cell.text)}</a>`;
}

/** A cell as plain text (a link as its address: the text body and the CSV; markup has none). */
export function cellText(cell: Cell): string {
  if (typeof cell === 'string') return cell;
  return 'html' in cell ? '' : cell.href;
}

/** A table of cells, every cell escaped. Plain attributes only: mail clients drop stylesheets. */
export function htmlTable(head: readonly string[], rows: ReadonlyArray<readonly Cell[]>): string {
  const cells = (row: readonly Cell[], tag: 'td' | 'th') => row.map((cell) => `<${tag}>${cellHtml(cell)}</${tag}>`).join('');
  return `<table border="1" cellpadding="4" cellspacing="0"><thead><tr>${cells(head, 'th')}</tr></thead><tbody>${rows.map((r) => `<tr>${cells(r, 'td')}</tr>`).join('')}</tbody></table>`;
}

/** Paragraphs of text, escaped. */
export function paragraphs(lines: readonly string[]): string {
  return lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('');
}

/** A whole HTML mail body: `body` is markup already escaped; the title and footer are text. */
export function htmlPage(lang: string, title: string, body: string, footer: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body}${paragraphs([footer])}</body></html>`;
}
