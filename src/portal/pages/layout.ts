import { escapeHtml } from '../../delivery/html.js';
import type { PortalWords } from '../portal-words.js';

/** Who is looking, for the page header: a name and the form that ends the session. */
export interface Viewer {
  readonly name: string;
  readonly csrf: string;
}

/**
 * A whole page: server-rendered, no script at all (it works without JavaScript, and the CSP forbids scripts), a
 * stylesheet of our own, and a viewport for phones (clerks open mail there).
 */
export function page(lang: string, words: PortalWords, title: string, body: string, viewer?: Viewer): string {
  const header = viewer
    ? `<header><span>${escapeHtml(words.portal)}</span><span>${escapeHtml(words.signedInAs(viewer.name))}</span>${postButton('/logout', viewer.csrf, words.logout, 'link')}</header>`
    : `<header><span>${escapeHtml(words.portal)}</span></header>`;
  return `<!doctype html><html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><link rel="stylesheet" href="/static/portal.css"></head><body>${header}<main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

/** The hidden field every form carries (CSRF protection). */
export function csrfField(token: string): string {
  return `<input type="hidden" name="_csrf" value="${escapeHtml(token)}">`;
}

/** A one-button form (sign out, revoke, approve). */
export function postButton(action: string, csrf: string, label: string, kind: 'link' | 'button' = 'button', extra = ''): string {
  return `<form method="post" action="${escapeHtml(action)}" class="inline">${csrfField(csrf)}${extra}<button type="submit" class="${kind}">${escapeHtml(label)}</button></form>`;
}

export function notice(text: string, kind: 'ok' | 'warn' | 'error'): string {
  return `<p class="notice ${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${escapeHtml(text)}</p>`;
}

export function section(title: string, body: string): string {
  return `<section><h2>${escapeHtml(title)}</h2>${body}</section>`;
}

/** A definition list of facts (label: value), values escaped. */
export function facts(rows: ReadonlyArray<readonly [string, string]>): string {
  return `<dl>${rows.map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl>`;
}
