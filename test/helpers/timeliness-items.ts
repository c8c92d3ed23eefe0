import { DateTime } from 'luxon';
import { SHANGHAI } from '../../src/core/shanghai-time.js';
import type { ItemFacts } from '../../src/ledger/item.js';
import { facts } from './ledger-fixtures.js';

/** The moment the statistics tests count at. */
export const STATISTICS_NOW = DateTime.fromISO('2026-12-01T12:00:00+08:00', { zone: SHANGHAI });

const published = (at: string): Partial<ItemFacts> => ({ status: 'published', publishedAt: at, publishedUrl: 'https://www.tinghu.gov.cn/x' });

/**
 * Tinghu items whose due dates a reader can check with `cli due`. Procurement (general.active, 20 working days,
 * by the end of the day): formed 09-01 → 09-29; 09-30 → 11-03 (国庆 off 10-01..07, make-up 10-10); 10-20 → 11-17;
 * 11-05 → 12-03; 06-01 → 06-30; 10-26 → 11-23. Requests (request.reply, 20 working days from receipt): received
 * 10-12 → 11-09; 11-02 → 11-30; 10-26 → 11-23. The requests are 区政务办's, so that counts of 区财政局 and 区住建局
 * leave them out. Items are written on 11-21 (insertFacts): the exemptions below are recorded before their due
 * moment, so they excuse their items (one recorded later would count as late).
 */
const ROWS: ReadonlyArray<[reference: string, category: string, event: string, department: string, more: Partial<ItemFacts>]> = [
  ['A', 'procurement.transaction', '2026-09-30', 'tinghu.czj', published('2026-11-02T10:00:00+08:00')], // due 11-03: on time
  ['B', 'procurement.transaction', '2026-09-30', 'tinghu.czj', published('2026-11-04T09:00:00+08:00')], // due 11-03: published late
  ['C', 'procurement.transaction', '2026-10-20', 'tinghu.czj', {}], // due 11-17, open: late
  ['D', 'procurement.transaction', '2026-10-26', 'tinghu.czj', { status: 'exempt', exemptionBasis: 'privacy', exemptionReason: '涉及个人隐私', exemptionApprovedBy: '区政府办' }], // due 11-23
  ['E', 'procurement.transaction', '2026-11-05', 'tinghu.czj', {}], // due 12-03, after now: not counted yet
  ['F', 'procurement.transaction', '2026-09-01', 'tinghu.czj', published('2026-09-29T23:00:00+08:00')], // due 09-29: on time
  ['G', 'procurement.transaction', '2026-10-20', 'tinghu.zjj', { status: 'withdrawn', withdrawalReason: '项目取消' }],
  ['H', 'procurement.transaction', '2026-06-01', 'tinghu.zjj', {}], // due 06-30, open: late
  ['I', 'procurement.transaction', '2026-11-05', 'tinghu.zjj', published('2026-11-20T10:00:00+08:00')], // due 12-03, published early: not counted yet
  ['R1', 'request.reply', '2026-11-02', 'tinghu.zwb', published('2026-11-20T10:00:00+08:00')], // due 11-30: disclosed on time
  ['R2', 'request.reply', '2026-10-26', 'tinghu.zwb', { status: 'exempt', exemptionBasis: 'trade_secret', exemptionReason: '涉及商业秘密', exemptionApprovedBy: '区政府办', thirdPartyOpinion: 'refused' }], // due 11-23
  ['R3', 'request.reply', '2026-10-12', 'tinghu.zwb', {}], // due 11-09, pending: late
];

export const STATISTICS_ITEMS: readonly ItemFacts[] = ROWS.map(([reference, category, event, departmentCode, more]) =>
  facts({ reference, category, departmentCode, events: { [category === 'request.reply' ? 'received' : 'formed']: `${event}T10:00:00+08:00` }, ...more }),
);
