import { UnreadableFileError } from '../table-row.js';
import type { XlsxLimits } from './xlsx-limits.js';
import type { XmlEvent, ZipArchive } from './zip-archive.js';

/** What the sheets need to be read: their names and parts in tab order, the shared strings, the date formats. */
export interface WorkbookParts {
  readonly sheets: ReadonlyArray<{ readonly name: string; readonly part: string }>;
  readonly sharedStrings: readonly string[];
  /** By cell style index (the `s` of a cell): whether its number format shows a date or time. */
  readonly dateStyles: ReadonlySet<number>;
  /** Excel for Mac's old date system: serial 0 is 1904-01-01. */
  readonly date1904: boolean;
}

async function allEvents(zip: ZipArchive, name: string, maxBytes: number): Promise<XmlEvent[]> {
  const events: XmlEvent[] = [];
  for await (const batch of zip.events(name, maxBytes)) for (const event of batch) events.push(event);
  return events;
}

/** `xl/worksheets/sheet1.xml` from a relationship's target, relative (`worksheets/sheet1.xml`) or absolute (`/xl/…`). */
function partOf(target: string): string {
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

export async function readWorkbookParts(zip: ZipArchive, file: string, limits: XlsxLimits): Promise<WorkbookParts> {
  const targets = new Map<string, string>();
  for (const event of await allEvents(zip, 'xl/_rels/workbook.xml.rels', limits.partBytes)) {
    if (event.kind === 'open' && event.name === 'Relationship' && event.attributes.Id && event.attributes.Target) targets.set(event.attributes.Id, partOf(event.attributes.Target));
  }
  const sheets: Array<{ name: string; part: string }> = [];
  let date1904 = false;
  for (const event of await allEvents(zip, 'xl/workbook.xml', limits.partBytes)) {
    if (event.kind !== 'open') continue;
    if (event.name === 'workbookPr') date1904 = event.attributes.date1904 === '1' || event.attributes.date1904 === 'true';
    if (event.name !== 'sheet') continue;
    const part = targets.get(event.attributes['r:id'] ?? '');
    if (!part) throw new UnreadableFileError(`${file}: sheet "${event.attributes.name}" has no part in the workbook`);
    sheets.push({ name: event.attributes.name ?? part, part });
  }
  return { sheets, sharedStrings: await readSharedStrings(zip, file, limits), dateStyles: await readDateStyles(zip, limits), date1904 };
}

/** The shared-string table: each `si`'s text runs joined, its phonetic guide (rPh) left out. */
async function readSharedStrings(zip: ZipArchive, file: string, limits: XlsxLimits): Promise<string[]> {
  const strings: string[] = [];
  if (!zip.entries.has('xl/sharedStrings.xml')) return strings;
  let text: string | undefined;
  let inText = false;
  let phonetic = 0;
  for await (const batch of zip.events('xl/sharedStrings.xml', limits.totalBytes)) {
    for (const event of batch) {
      if (event.kind === 'open') {
        if (event.name === 'si') text = '';
        else if (event.name === 'rPh') phonetic++;
        else if (event.name === 't') inText = true;
      } else if (event.kind === 'text') {
        if (inText && phonetic === 0 && text !== undefined) text += event.text;
      } else if (event.name === 't') inText = false;
      else if (event.name === 'rPh') phonetic--;
      else if (event.name === 'si') {
        strings.push(text ?? '');
        text = undefined;
        if (strings.length > limits.sharedStrings) throw new UnreadableFileError(`${file}: more than ${limits.sharedStrings.toLocaleString('en')} shared strings, the limit`);
      }
    }
  }
  return strings;
}

/** Built-in number formats that show dates or times: 14–22, 45–47, and the East Asian ones (27–36, 50–58). */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** A format code that shows a date or time (yyyy-mm-dd, m/d/yy, yyyy"年"m"月"d"日", hh:mm …), quoted text and [colours] aside. */
function isDateFormatCode(code: string): boolean {
  return /[ydhs]/i.test(code.replace(/"[^"]*"|\[.*?\]|\\./g, ''));
}

async function readDateStyles(zip: ZipArchive, limits: XlsxLimits): Promise<Set<number>> {
  const dates = new Set<number>();
  if (!zip.entries.has('xl/styles.xml')) return dates;
  const custom = new Map<number, string>();
  let inCellXfs = false;
  let index = 0;
  for (const event of await allEvents(zip, 'xl/styles.xml', limits.partBytes)) {
    if (event.kind === 'text') continue;
    if (event.name === 'cellXfs') inCellXfs = event.kind === 'open';
    if (event.kind !== 'open') continue;
    if (event.name === 'numFmt') custom.set(Number(event.attributes.numFmtId), event.attributes.formatCode ?? '');
    if (event.name === 'xf' && inCellXfs) {
      const id = Number(event.attributes.numFmtId ?? 0);
      const code = custom.get(id);
      if (code !== undefined ? isDateFormatCode(code) : BUILT_IN_DATE_FORMATS.has(id)) dates.add(index);
      index++;
    }
  }
  return dates;
}
