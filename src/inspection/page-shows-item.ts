/**
 * Whether a published page shows the item (是否在页面上公开): its title or its reference (文号) appears in the
 * text a reader sees. Government CMS pages break titles over lines and tags, pad them with &nbsp; and full-width
 * spaces (全角空格), and type digits full width, so both sides are compared without any spacing, NFKC-normalised.
 */

/**
 * The named entities these pages actually use. A small table instead of a dependency: the HTML5 list has
 * 2,000+ names, but CMS editors emit these few, and an unknown one is left as typed (it only risks a miss).
 */
const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', ensp: '\u2002', emsp: '\u2003', thinsp: '\u2009',
  ldquo: '\u201c', rdquo: '\u201d', lsquo: '\u2018', rsquo: '\u2019', laquo: '\u00ab', raquo: '\u00bb',
  middot: '\u00b7', bull: '\u2022', hellip: '\u2026', mdash: '\u2014', ndash: '\u2013', times: '\u00d7',
  divide: '\u00f7', copy: '\u00a9', reg: '\u00ae', deg: '\u00b0', sect: '\u00a7', shy: '\u00ad', zwsp: '\u200b',
};

/** Elements whose content a reader never sees as page text: a title inside a script does not count as shown. */
const HIDDEN_ELEMENTS = /<(script|style|template|noscript|textarea)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;

function codePoint(n: number): string {
  const valid = Number.isInteger(n) && n > 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff);
  return valid ? String.fromCodePoint(n) : '\ufffd';
}

/** Numeric (&#20013; &#x4E2D;) and the common named entities, in one pass so `&amp;lt;` stays `&lt;`. */
export function decodeEntities(text: string): string {
  return text.replace(/&(?:#(\d+);?|#[xX]([0-9a-fA-F]+);?|([a-zA-Z]+);)/g, (whole, dec?: string, hex?: string, name?: string) => {
    if (dec !== undefined) return codePoint(parseInt(dec, 10));
    if (hex !== undefined) return codePoint(parseInt(hex, 16));
    return NAMED_ENTITIES[name as string] ?? whole;
  });
}

/** The text of a page as a reader sees it: no comments, hidden elements or tags; entities decoded. */
export function visibleText(html: string): string {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(HIDDEN_ELEMENTS, ' ')
    .replace(/<\/?[a-zA-Z!][^>]*>/g, ' ');
  return decodeEntities(text);
}

/**
 * Text reduced to what identifies it: NFKC (全角 digits and letters become ASCII), lower case, no whitespace of
 * any kind (incl. U+3000 and U+00A0, which `\s` covers) nor the invisible zero-width characters and soft hyphens
 * editors paste in. The brackets around a reference's year (〔2026〕, as GB/T 9704 prescribes) are typed as
 * [] 【】 （） just as often, so they all become [].
 */
export function comparable(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\u200b-\u200d\u2060\u00ad\ufeff]+/g, '')
    .replace(/[〔【（(〖［]/g, '[')
    .replace(/[〕】）)〗］]/g, ']');
}

/** True when the page text contains the item's title or, on its own, its reference. Empty ones never match. */
export function pageShowsItem(html: string, item: { title: string; reference: string }): boolean {
  const page = comparable(visibleText(html));
  return [item.title, item.reference].some((needle) => {
    const wanted = comparable(needle);
    return wanted.length > 0 && page.includes(wanted);
  });
}
