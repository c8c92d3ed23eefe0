import type { Knex } from 'knex';
import type { DateTime } from 'luxon';
import { decideStage, type StageDecision } from '../core/decide-stage.js';
import type { Ladder, Recipient } from '../core/ladder.js';
import type { RuleBook } from '../core/rule-book.js';
import { formatShanghai, formatShanghaiMillis } from '../core/shanghai-time.js';
import { recordset } from '../ledger/recordset.js';
import { abandonLapsedRequests, type AbandonedRequest } from './lapse-supplements.js';

/** A notification a scan recorded in the outbox (or, in a dry run, would record). */
export interface RecordedNotification {
  readonly itemId: number;
  readonly reference: string;
  readonly jurisdiction: string;
  readonly departmentCode: string;
  readonly step: string;
  readonly stage: string;
  readonly dueDate: string;
  readonly dueAt: string;
  readonly recipients: readonly Recipient[];
}

export interface ScanResult {
  /** Open items whose time had come and that were looked at. */
  readonly checked: number;
  readonly recorded: RecordedNotification[];
  /** Items that could not be placed on a ladder (their jurisdiction is no longer configured). */
  readonly skipped: Array<{ itemId: number; reason: string }>;
  /** Requests whose 补正 period ended with no supplement, recorded as abandoned (条例第三十条). */
  readonly abandoned: readonly AbandonedRequest[];
}

export interface ScanOptions {
  /** Items taken per transaction. */
  readonly batchSize?: number;
  /** Decide and report, write nothing. */
  readonly dryRun?: boolean;
  /**
   * Wait for the items other scans hold instead of skipping them: when this scan ends, every step that was due at
   * `now` is committed, whoever recorded it. The digests scan so before composing, so that a step another replica's
   * scan was recording at that moment is in today's digest rather than held for tomorrow's.
   */
  readonly waitForScans?: boolean;
}

interface DueRow {
  id: number;
  reference: string;
  jurisdiction: string;
  department_code: string;
  rule_id: string;
  due_at: Date;
  due_date: string;
  ladder_step: string | null;
  ladder_due_date: string | null;
}

export interface ScanContext {
  readonly ruleBook: RuleBook;
  readonly ladders: ReadonlyMap<string, Ladder>;
}

/**
 * One scan (level-triggered): the open items whose next check has come are taken a batch at a time, each batch in
 * one transaction with its rows locked (FOR UPDATE SKIP LOCKED: a concurrent scan takes other items, unless told to
 * wait for them); each item's step is decided, a new step written to the outbox under its unique key (item, step,
 * due date), and the item's next check moved on. Running it twice, or twice at once, records each step once. Cost follows the items that
 * need a look, not the size of the ledger.
 */
export async function scan(db: Knex, context: ScanContext, now: DateTime, options: ScanOptions = {}): Promise<ScanResult> {
  const batchSize = options.batchSize ?? 1000;
  const recorded: RecordedNotification[] = [];
  const skipped: ScanResult['skipped'] = [];
  let checked = 0;
  const abandoned = await abandonLapsedRequests(db, now, { dryRun: options.dryRun });
  if (options.dryRun) {
    const rows = await dueItems(db, now).limit(DRY_RUN_LIMIT);
    for (const { row, decision } of decideAll(rows, context, now, skipped)) if (decision?.record) recorded.push(notification(row, decision));
    return { checked: rows.length, recorded, skipped, abandoned };
  }
  for (;;) {
    const taken = await db.transaction(async (trx) => {
      const query = dueItems(trx, now).limit(batchSize).forUpdate();
      // Waiting is safe: scans that skip never wait, and waiting ones lock in one order (next check, then id).
      const rows = await (options.waitForScans ? query : query.skipLocked());
      recorded.push(...(await record(trx, decideAll(rows, context, now, skipped), now)));
      return rows.length;
    });
    checked += taken;
    if (taken < batchSize) return { checked, recorded, skipped, abandoned };
  }
}

/** A dry run reports at most this many items: it is for a person to read. */
const DRY_RUN_LIMIT = 100_000;

function dueItems(db: Knex, now: DateTime): Knex.QueryBuilder<DueRow, DueRow[]> {
  return db<DueRow>('ledger_items')
    .select('id', 'reference', 'jurisdiction', 'department_code', 'rule_id', 'due_at', 'due_date', 'ladder_step', 'ladder_due_date')
    .where('status', 'open')
    .andWhere('next_check_at', '<=', formatShanghai(now))
    .orderBy([{ column: 'next_check_at' }, { column: 'id' }]) as unknown as Knex.QueryBuilder<DueRow, DueRow[]>;
}

function decideAll(rows: readonly DueRow[], context: ScanContext, now: DateTime, skipped: ScanResult['skipped']): Array<{ row: DueRow; decision: StageDecision | undefined }> {
  return rows.map((row) => {
    const ladder = context.ladders.get(row.jurisdiction);
    if (!ladder) {
      skipped.push({ itemId: Number(row.id), reason: `jurisdiction ${row.jurisdiction} has no ladder in the config` });
      return { row, decision: undefined };
    }
    const rule = context.ruleBook.rules.get(row.rule_id);
    const decision = decideStage(
      {
        dueAt: formatShanghaiMillis(row.due_at.getTime()),
        dueDate: row.due_date,
        countsHours: rule?.kind === 'hoursAfter',
        // A step reached for an earlier due date does not count for this one.
        lastStep: row.ladder_due_date === row.due_date ? (row.ladder_step ?? undefined) : undefined,
      },
      now,
      ladder,
      context.ruleBook.calendarFor(row.jurisdiction),
    );
    return { row, decision };
  });
}

function notification(row: DueRow, decision: StageDecision): RecordedNotification {
  return {
    itemId: Number(row.id),
    reference: row.reference,
    jurisdiction: row.jurisdiction,
    departmentCode: row.department_code,
    step: decision.step?.key ?? '',
    stage: decision.step?.stage ?? '',
    dueDate: row.due_date,
    dueAt: formatShanghaiMillis(row.due_at.getTime()),
    recipients: decision.notify,
  };
}

/** Writes the new steps to the outbox and moves each item's next check on; returns the steps written. */
async function record(trx: Knex.Transaction, decided: ReadonlyArray<{ row: DueRow; decision: StageDecision | undefined }>, now: DateTime): Promise<RecordedNotification[]> {
  if (decided.length === 0) return [];
  const written: RecordedNotification[] = [];
  const at = formatShanghai(now);
  const fresh = decided.filter(({ decision }) => decision?.record).map(({ row, decision }) => notification(row, decision as StageDecision));
  if (fresh.length > 0) {
    const columns = [['item_id', 'bigint'], ['jurisdiction', 'text'], ['department_code', 'text'], ['step', 'text'], ['stage', 'text'], ['due_date', 'date'], ['due_at', 'timestamptz'], ['recipients', 'text[]']] as const;
    const rows = fresh.map((n) => ({ item_id: n.itemId, jurisdiction: n.jurisdiction, department_code: n.departmentCode, step: n.step, stage: n.stage, due_date: n.dueDate, due_at: n.dueAt, recipients: n.recipients }));
    const names = columns.map(([name]) => name);
    const inserted = await trx.raw(
      `insert into notifications (${names.join(', ')}, decided_at) select ${names.join(', ')}, ?::timestamptz from ${recordset(trx, columns)}
       on conflict (item_id, step, due_date) do nothing returning item_id, step`,
      [at, JSON.stringify(rows)],
    );
    const keys = new Set((inserted.rows as Array<{ item_id: number; step: string }>).map((r) => `${Number(r.item_id)} ${r.step}`));
    written.push(...fresh.filter((n) => keys.has(`${n.itemId} ${n.step}`)));
  }
  const moves = decided.map(({ row, decision }) => ({
    id: Number(row.id),
    next_check_at: decision?.nextCheckAt ?? null,
    ladder_step: decision?.record ? decision.step?.key : null,
    ladder_due_date: decision?.record ? row.due_date : null,
  }));
  await trx.raw(
    `update ledger_items set next_check_at = input.next_check_at,
       ladder_step = coalesce(input.ladder_step, ledger_items.ladder_step),
       ladder_due_date = coalesce(input.ladder_due_date, ledger_items.ladder_due_date)
     from ${recordset(trx, [['id', 'bigint'], ['next_check_at', 'timestamptz'], ['ladder_step', 'text'], ['ladder_due_date', 'date']], 'input')}
     where ledger_items.id = input.id`,
    [JSON.stringify(moves)],
  );
  return written;
}
