import type { Knex } from 'knex';

/**
 * The portal (政务公开台账门户): access links sent in mail (only a hash of each token is kept), the sessions they
 * open, the departments' exemption requests (申请不予公开) waiting for the office's decision, and the publication
 * checks (网上巡查) of the addresses departments register.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('access_links', (t) => {
    t.bigIncrements('id');
    // sha256 of the token: a copy of the database (a backup, a dump) opens nothing.
    t.text('token_hash').unique();
    // department (its code), supervisor (its jurisdiction), admin ("admin").
    t.text('audience').notNullable();
    t.text('audience_code').notNullable();
    // Why it was issued: "digest department:tinghu.czj:2026-11-23", "cli", "start-up".
    t.text('purpose').notNullable();
    t.text('issued_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('revoked_at', { useTz: true });
    t.text('revoked_by');
    t.index(['audience', 'audience_code']);
  });
  await db.raw(`alter table access_links add constraint access_links_audience_check check (audience in ('department', 'supervisor', 'admin'))`);

  await db.schema.createTable('portal_sessions', (t) => {
    // sha256 of the cookie's value, for the same reason as the links'.
    t.text('id_hash').primary();
    t.bigInteger('link_id').notNullable().references('id').inTable('access_links').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.index(['link_id']);
  });

  await db.schema.createTable('exemption_requests', (t) => {
    t.bigIncrements('id');
    t.bigInteger('item_id').notNullable().references('id').inTable('ledger_items').onDelete('RESTRICT');
    t.text('department_code').notNullable();
    t.text('basis').notNullable();
    t.text('reason').notNullable();
    // Who did the confidentiality review (保密审查) in the department.
    t.text('reviewed_by').notNullable();
    t.timestamp('requested_at', { useTz: true }).notNullable();
    t.bigInteger('requested_link_id').notNullable().references('id').inTable('access_links');
    t.text('status').notNullable().defaultTo('pending');
    t.timestamp('decided_at', { useTz: true });
    t.bigInteger('decided_link_id').references('id').inTable('access_links');
    t.text('decision_reason');
    t.index(['status', 'department_code']);
  });
  await db.raw(`alter table exemption_requests add constraint exemption_requests_status_check check (status in ('pending', 'approved', 'refused'))`);
  await db.raw(`alter table exemption_requests add constraint exemption_requests_basis_check check (basis in ('state_secret', 'trade_secret', 'privacy'))`);
  // One request waiting per item: a second click, or a second clerk, does not queue a duplicate for the office.
  await db.raw(`create unique index exemption_requests_one_pending on exemption_requests (item_id) where status = 'pending'`);

  await db.schema.createTable('publication_checks', (t) => {
    t.bigIncrements('id');
    t.bigInteger('item_id').notNullable().references('id').inTable('ledger_items').onDelete('RESTRICT');
    t.text('url').notNullable();
    t.timestamp('checked_at', { useTz: true }).notNullable();
    // shown: the page answered and shows the item; missing: it answered without it (页面未见该信息);
    // unreachable: no answer, or an error status (公开链接无法访问); refused: an address that may not be fetched.
    t.text('outcome').notNullable();
    t.integer('http_status');
    t.text('detail');
    t.index(['item_id', 'id']);
  });
  await db.raw(`alter table publication_checks add constraint publication_checks_outcome_check check (outcome in ('shown', 'missing', 'unreachable', 'refused'))`);
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('publication_checks');
  await db.schema.dropTable('exemption_requests');
  await db.schema.dropTable('portal_sessions');
  await db.schema.dropTable('access_links');
}
