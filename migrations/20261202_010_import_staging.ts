import type { Knex } from 'knex';

/**
 * Where an import puts the rows it has read and checked (台账导入暂存) before it merges them into the ledger in
 * one short transaction: no transaction is open while a file is read, so that a slow or stalled upload never holds
 * locks, nor the embedded ledger's one session. Unlogged: its rows are worth nothing after a crash, and writing
 * them costs no WAL. Each import's rows carry its id; they are deleted when it ends, and rows older than a day (an
 * import killed midway) by the next import.
 *
 * The item columns are those of ledger_items written by an import (not id, created_at, updated_at,
 * next_check_at): a migration that adds a column to ledger_items adds it here too.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw(`create unlogged table import_rows (
    import_id uuid not null,
    file_row integer not null,
    jurisdiction text not null,
    reference text not null,
    title text not null,
    department_code text not null,
    domain text not null,
    category text not null,
    rule_id text not null,
    rule_version text not null,
    formed_at timestamptz,
    decided_at timestamptz,
    received_at timestamptz,
    submitted_at timestamptz,
    verified_at timestamptz,
    event_at timestamptz,
    period_end_at timestamptz,
    supplement_requested_at timestamptz,
    supplement_received_at timestamptz,
    extension_approved_at timestamptz,
    date_only_events text[] not null,
    consultations jsonb,
    due_at timestamptz not null,
    due_date date not null,
    provisional boolean not null,
    status text not null,
    published_at timestamptz,
    published_url text,
    exemption_reason text,
    exemption_basis text,
    exemption_approved_by text,
    withdrawal_reason text,
    notes text,
    -- What the item's creation records in item_history, should the row be new.
    history jsonb not null,
    -- The row of the first import that this row repeated, as its rejects file says: it is refused again while the
    -- ledger holds that reference.
    repeat_of integer,
    -- The row's cells as the file had them, for the rejects file of a partial import (null otherwise).
    cells jsonb,
    -- Set by the merge: the earlier row of the same file with the same reference; whether the row changes the
    -- ledger's item of its reference (then it is merged with it, page by page).
    duplicate_of integer,
    differs boolean,
    staged_at timestamptz not null default now(),
    primary key (import_id, file_row)
  )`);
  await db.raw('create index import_rows_staged_at on import_rows (staged_at)');
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop table import_rows');
}
