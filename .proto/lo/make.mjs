import ExcelJS from 'exceljs';
const wb = new ExcelJS.Workbook();
const s = wb.addWorksheet('台账');
s.addRow(['亭湖区2026年11月政务公开台账（区财政局）']);
s.addRow(['序号', '编号', '事项名称', '责任单位', '类别', '形成日期', '公开日期', '公开网址', '备注']);
const d = (y, m, day) => new Date(Date.UTC(y, m - 1, day));
const rows = [
  [1, 'LO-1', '区财政局2026年办公家具采购公告', '区财政局', 'procurement.transaction', d(2026, 10, 9), null, null, '日期单元格'],
  [2, 'LO-2', '区财政局2026年印刷服务采购公告', '区财政局', 'procurement.transaction', '2026年10月12日', null, null, '文本日期'],
  [3, 'LO-3', '区财政局2026年物业服务采购结果', '区财政局', 'procurement.transaction', '２０２６－１０－１３', d(2026, 10, 20), 'https://www.tinghu.gov.cn/lo3.html', '全角日期，已公开'],
  [4, 'LO-4', '区财政局2026年车辆维修采购公告', '区财政局', 'procurement.transaction', 46309, null, null, '数字格式的日期'],
  [5, 'LO-5', '区财政局2026年保安服务采购公告', '区财政厅', 'procurement.transaction', d(2026, 10, 15), null, null, '单位名称有误'],
  [6, 'LO-6', '区财政局2026年食堂服务采购公告', '区财政局', 'procurement.transaction', null, null, null, '公式出错'],
  [7, 'LO-7', '区财政局2026年绿化养护采购公告', '区财政局', 'procurement.transaction', null, null, null, '公式日期'],
];
for (const r of rows) s.addRow(r);
s.getCell('F3').numFmt = 'yyyy-mm-dd';
s.getCell('G5').numFmt = 'yyyy-mm-dd';
s.getCell('F7').numFmt = 'yyyy-mm-dd';
s.getCell('F6').numFmt = '0';
s.getCell('F8').value = { formula: '1/0' };
s.getCell('F9').value = { formula: 'DATE(2026,10,16)' };
const notes = wb.addWorksheet('填报说明');
notes.addRow(['日期可写成 2026年10月9日 或 2026-10-09']);
await wb.xlsx.writeFile('process.argv[2]');
