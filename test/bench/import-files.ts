import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'csv-stringify/sync';
import { DateTime } from 'luxon';
import type { Department } from '../../src/core/organisation.js';
import type { RuleBook } from '../../src/core/rule-book.js';
import { copyLineEncoder } from '../../src/ledger/bulk-insert.js';
import { draftItem } from '../../src/ledger/draft-item.js';
import { creationChanges } from '../../src/ledger/item.js';
import { ITEM_COLUMNS, rowFromDraft } from '../../src/ledger/item-row.js';
import { loadTestConfig } from '../helpers/config.js';
import { seededRandom } from './random.js';

/** The time the bench imports at, and its reference rows are stamped with. */
export const BENCH_AT = '2026-11-21T09:00:00+08:00';
export const CSV_HEADER = ['编号', '事项名称', '责任单位', '类别', '形成日期'];
/** The ledger's columns as the reference writes them, and its history's. */
export const REFERENCE_ITEM_COLUMNS: ReadonlyArray<readonly [string, string]> = [['id', 'bigint'], ...ITEM_COLUMNS, ['next_check_at', 'timestamptz']];
export const REFERENCE_HISTORY_COLUMNS: ReadonlyArray<readonly [string, string]> = [['item_id', 'bigint'], ['at', 'timestamptz'], ['actor', 'text'], ['action', 'text'], ['changes', 'jsonb'], ['note', 'text']];

export interface BenchFiles {
  readonly ledger: string;
  /** The same rows, every title changed. */
  readonly changed: string;
  /** The items and their creation history as COPY text, for the reference. */
  readonly items: string;
  readonly history: string;
}

const CHUNK = 10_000;

/** A row as one line of COPY text, each column written as the import writes it. */
const itemLine = copyLineEncoder(REFERENCE_ITEM_COLUMNS);
const historyLine = copyLineEncoder(REFERENCE_HISTORY_COLUMNS);

/** Where the files of `rows` rows are in `dir`. */
export function benchFiles(dir: string, rows: number): BenchFiles {
  return { ledger: join(dir, `ledger-${rows}.csv`), changed: join(dir, `changed-${rows}.csv`), items: join(dir, `items-${rows}.copy`), history: join(dir, `history-${rows}.copy`) };
}

/**
 * Writes a ledger of `rows` Tinghu items over 2026 (every department, every category counted from "formed") as a
 * CSV, chunk by chunk so that the bench process holds no file in memory, and the same items as COPY text of
 * ledger_items and item_history rows: what a COPY floor writes, encoded before it is timed.
 */
export function writeBenchFiles(dir: string, rows: number, book: RuleBook, departments: readonly Department[], at: string): BenchFiles {
  const files = benchFiles(dir, rows);
  const categories = [...book.categoriesOf('tinghu')].filter(([, r]) => r.rule.kind === 'workingDaysAfter' && r.rule.event === 'formed').map(([c]) => c);
  const random = seededRandom(7);
  const start = DateTime.fromISO('2026-01-05T09:00:00+08:00', { setZone: true });
  const fds = Object.fromEntries(Object.entries(files).map(([name, path]) => [name, openSync(path, 'w')])) as Record<keyof BenchFiles, number>;
  try {
    writeSync(fds.ledger, `\uFEFF${stringify([CSV_HEADER])}`);
    writeSync(fds.changed, `\uFEFF${stringify([CSV_HEADER])}`);
    for (let from = 0; from < rows; from += CHUNK) {
      const chunk = Array.from({ length: Math.min(CHUNK, rows - from) }, (_, k) => {
        const i = from + k;
        const department = departments[Math.floor(random() * departments.length)] ?? departments[0]!;
        const category = categories[Math.floor(random() * categories.length)] ?? 'procurement.transaction';
        const formed = start.plus({ minutes: Math.floor(random() * 60 * 24 * 300) });
        return { i, reference: `BENCH-${String(i).padStart(7, '0')}`, title: `亭湖区公共资源配置信息第${i}号`, department, category, formed };
      });
      writeSync(fds.ledger, stringify(chunk.map((r) => [r.reference, r.title, r.department.name, r.category, r.formed.toFormat('yyyy-MM-dd HH:mm')])));
      writeSync(fds.changed, stringify(chunk.map((r) => [r.reference, `${r.title}（更正）`, r.department.name, r.category, r.formed.toFormat('yyyy-MM-dd HH:mm')])));
      let items = '';
      let history = '';
      for (const r of chunk) {
        const draft = draftItem({ jurisdiction: 'tinghu', reference: r.reference, title: r.title, departmentCode: r.department.code, category: r.category, events: { formed: r.formed.toISO()! }, status: 'open' }, book);
        const row = { ...rowFromDraft(draft), id: r.i + 1, created_at: at, updated_at: at, next_check_at: at } as Record<string, unknown>;
        items += itemLine(row);
        const entry: Record<string, unknown> = { item_id: r.i + 1, at, actor: 'bench', action: 'create', changes: creationChanges(draft), note: 'import ledger.csv' };
        history += historyLine(entry);
      }
      writeSync(fds.items, items);
      writeSync(fds.history, history);
    }
  } finally {
    for (const fd of Object.values(fds)) closeSync(fd);
  }
  return files;
}

/** Run as a process of its own by the import bench: `import-files.ts DIR ROWS…`, the references at AT. */
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir, ...sizes] = process.argv.slice(2);
  const { ruleBook, organisation } = loadTestConfig();
  const tinghu = organisation.departments.filter((d) => d.jurisdiction === 'tinghu');
  for (const rows of sizes) writeBenchFiles(dir!, Number(rows), ruleBook, tinghu, BENCH_AT);
}
