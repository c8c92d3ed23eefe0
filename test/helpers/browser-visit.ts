import type { AddressObject, ParsedMail } from 'mailparser';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { SmtpSink } from './smtp-sink.js';

/** People in a real browser, arriving from the links in delivered mail (the browser tests' shared steps). */

/** One person: a browser context of their own (their own cookie jar), in Beijing time. */
export async function newPerson(browser: Browser | undefined, options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  if (!browser) throw new Error('the browser did not start');
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...options });
  context.setDefaultTimeout(15_000);
  return context;
}

/** Opens a link from a mail, as a mail client would hand it to the browser, and waits to be sent on. */
export async function arrive(context: BrowserContext, link: string): Promise<Page> {
  const page = await context.newPage();
  const response = await page.goto(link);
  expect(response?.status(), `opening ${link}`).toBe(200);
  await page.waitForURL((u) => !u.pathname.startsWith('/a/'));
  await page.waitForLoadState('domcontentloaded');
  return page;
}

export const mainText = (page: Page) => page.locator('main').innerText();

const addresses = (field: AddressObject | AddressObject[] | undefined) => (field === undefined ? [] : (Array.isArray(field) ? field : [field]).flatMap((a) => a.value.map((v) => v.address)));

/** The mail the sink took for this address, for this day (its subject ends with the date). */
export function deliveredTo(sink: SmtpSink, address: string, date: string): ParsedMail {
  const found = sink.accepted.filter((m) => addresses(m.to).includes(address) && m.subject?.endsWith(`（${date}）`));
  expect(found, `mail to ${address} of ${date}`).toHaveLength(1);
  return found[0] as ParsedMail;
}

/** The mail's own link into the portal (its first page). */
export function portalLinkIn(mail: ParsedMail): string {
  const link = /：(http:\/\/\S+\/a\/[A-Za-z0-9_-]{43})$/m.exec(mail.text ?? '')?.[1];
  if (!link) throw new Error(`no portal link in "${mail.subject}"`);
  return link;
}

export function tokenOf(link: string): string {
  return /\/a\/([A-Za-z0-9_-]{43})/.exec(link)?.[1] ?? '';
}
