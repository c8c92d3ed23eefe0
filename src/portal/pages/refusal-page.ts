import { escapeHtml } from '../../delivery/html.js';
import type { PortalWords } from '../portal-words.js';
import { page } from './layout.js';

/** A refusal a person reads: what happened and what to do next; nothing was written. */
export function renderRefusal(lang: string, words: PortalWords, title: string, lines: readonly string[]): string {
  return page(lang, words, title, lines.map((line) => `<p>${escapeHtml(line)}</p>`).join(''));
}
