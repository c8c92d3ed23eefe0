import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import yazl from 'yazl';

/**
 * A workbook built part by part (yazl), so that a test can make what no spreadsheet program would: a sheet cut off
 * mid-row, garbage in the XML, a bomb of millions of rows, a central directory that lies.
 */
const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const RELS = 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"';
const TYPES = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>`;
const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships ${RELS}><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK = `<?xml version="1.0" encoding="UTF-8"?><workbook ${NS}><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships ${RELS}><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;

/** A row of inline-string cells (no shared strings needed). */
export function rowXml(number: number, cells: readonly string[]): string {
  return `<row r="${number}">${cells.map((text, i) => `<c r="${String.fromCharCode(65 + i)}${number}" t="inlineStr"><is><t>${text}</t></is></c>`).join('')}</row>`;
}

export const SHEET_HEAD = `<?xml version="1.0" encoding="UTF-8"?><worksheet ${NS}><sheetData>`;
export const SHEET_TAIL = '</sheetData></worksheet>';

/** Writes a one-sheet workbook whose sheet XML is `sheet` (text, or a stream of text for a big one). */
export function writeWorkbook(file: string, sheet: string | Iterable<string>): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const [name, text] of [['[Content_Types].xml', TYPES], ['_rels/.rels', ROOT_RELS], ['xl/workbook.xml', WORKBOOK], ['xl/_rels/workbook.xml.rels', WORKBOOK_RELS]] as const) {
    zip.addBuffer(Buffer.from(text), name);
  }
  if (typeof sheet === 'string') zip.addBuffer(Buffer.from(sheet), 'xl/worksheets/sheet1.xml');
  else zip.addReadStream(Readable.from(sheet), 'xl/worksheets/sheet1.xml');
  zip.end();
  return new Promise((resolve, reject) => zip.outputStream.pipe(createWriteStream(file)).on('finish', resolve).on('error', reject));
}

/** Patches the central directory's uncompressed size of one part: a zip that lies about what it holds. */
export function forgeDeclaredSize(bytes: Buffer, part: string, size: number): Buffer {
  const forged = Buffer.from(bytes);
  for (let at = forged.indexOf('PK\u0001\u0002'); at >= 0; at = forged.indexOf('PK\u0001\u0002', at + 1)) {
    const nameLength = forged.readUInt16LE(at + 28);
    if (forged.subarray(at + 46, at + 46 + nameLength).toString() === part) forged.writeUInt32LE(size, at + 24);
  }
  return forged;
}
