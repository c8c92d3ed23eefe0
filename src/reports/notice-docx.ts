import type { NoticeBlock } from './compose-notice.js';

/**
 * The layout of Chinese official documents (GB/T 9704《党政机关公文格式》), which WPS and Word users expect: A4,
 * margins 37 / 35 / 28 / 26 mm, the title in 2号小标宋 centred, the body in 3号仿宋 with a two-character first-line
 * indent and lines exactly 28 pt apart, level-one headings in 3号黑体. Fonts a government PC has; elsewhere the
 * office suite substitutes its own.
 */
/** Millimetres in twips, whole (OOXML takes integers). */
const mm = (millimetres: number) => Math.round(millimetres * 56.7);
const BODY_SIZE = 32; // half-points: 三号 = 16 pt
const TITLE_SIZE = 44; // 二号 = 22 pt
const LINE = 560; // twips: 28 pt
const FONTS = { title: '方正小标宋简体', body: '仿宋_GB2312', heading: '黑体' } as const;

/** The draft as a .docx. The docx package is loaded only when a draft is written. */
export async function noticeDocx(blocks: readonly NoticeBlock[]): Promise<Buffer> {
  const docx = await import('docx');
  const { AlignmentType, LineRuleType, Paragraph, Table, TableCell, TableRow, TextRun, WidthType, VerticalAlignTable } = docx;
  const run = (text: string, font: string, size = BODY_SIZE) => new TextRun({ text, font: { eastAsia: font, ascii: font, hAnsi: font }, size });
  const spacing = { line: LINE, lineRule: LineRuleType.EXACT };
  const cell = (text: string, header: boolean) =>
    new TableCell({
      verticalAlign: VerticalAlignTable.CENTER,
      children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [run(text, header ? FONTS.heading : FONTS.body, 24)] })],
    });

  const children = blocks.map((block) => {
    switch (block.kind) {
      case 'title':
        return new Paragraph({ alignment: AlignmentType.CENTER, spacing: { ...spacing, line: 700, after: LINE }, children: [run(block.text, FONTS.title, TITLE_SIZE)] });
      case 'documentNumber':
        return new Paragraph({ alignment: AlignmentType.CENTER, spacing, children: [run(block.text, FONTS.body)] });
      case 'addressee':
        return new Paragraph({ spacing, children: [run(block.text, FONTS.body)] });
      case 'heading':
        return new Paragraph({ spacing, indent: { firstLine: 640 }, children: [run(block.text, FONTS.heading)] });
      case 'paragraph':
        return new Paragraph({ spacing, alignment: AlignmentType.BOTH, indent: { firstLine: 640 }, children: [run(block.text, FONTS.body)] });
      case 'item':
        return new Paragraph({ spacing, alignment: AlignmentType.BOTH, indent: { left: 640, firstLine: 0 }, children: [run(block.text, FONTS.body)] });
      case 'signature':
        return new Paragraph({ spacing: { ...spacing, before: LINE * 2 }, alignment: AlignmentType.RIGHT, indent: { right: 1280 }, children: [run(block.text, FONTS.body)] });
      case 'date':
        return new Paragraph({ spacing, alignment: AlignmentType.RIGHT, indent: { right: 1280 }, children: [run(block.text, FONTS.body)] });
      case 'table':
        return new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: [new TableRow({ tableHeader: true, children: block.headers.map((h) => cell(h, true)) }), ...block.rows.map((row) => new TableRow({ cantSplit: true, children: row.map((c) => cell(c, false)) }))],
        });
    }
  });

  const document = new docx.Document({
    creator: 'disclosure-watch',
    title: blocks.find((b): b is Extract<NoticeBlock, { text: string }> => b.kind === 'title')?.text ?? '',
    styles: { default: { document: { run: { font: { eastAsia: FONTS.body, ascii: FONTS.body, hAnsi: FONTS.body }, size: BODY_SIZE } } } },
    sections: [{ properties: { page: { size: { width: mm(210), height: mm(297) }, margin: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) } } }, children }],
  });
  return docx.Packer.toBuffer(document);
}
