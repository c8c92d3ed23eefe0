import pg from 'pg';

/** Mail waiting to be sent, put straight into the outbox (`messages`) as the composer would leave it. */
export async function insertMessages(pool: pg.Pool, prefix: string, from: number, count: number): Promise<string[]> {
  const keys = Array.from({ length: count }, (_, i) => `department:${prefix}.${from + i}:2026-12-03`);
  await pool.query(
    `insert into messages (key, audience, audience_code, to_addresses, subject, text_body, html_body, message_id, composed_at)
     select k, 'department', 'faults', array['clerk@example.test'], '【政务公开提醒】' || k, '正文 ' || k, '<p>正文 ' || k || '</p>', '<' || replace(k, ':', '.') || '@faults.test>', now()
     from unnest($1::text[]) as k`,
    [keys],
  );
  return keys;
}

export const messageIdOf = (key: string) => `<${key.replaceAll(':', '.')}@faults.test>`;

export async function statusCounts(pool: pg.Pool, prefix: string): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ status: string; n: string }>(`select status, count(*) as n from messages where key like $1 group by status`, [`department:${prefix}.%`]);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** Messages a process still holds in delivery (its claims name its PID). */
export async function heldBy(pool: pg.Pool, pids: readonly number[]): Promise<Map<number, number>> {
  const { rows } = await pool.query<{ pid: string; n: string }>(
    `select split_part(split_part(claimed_by, '/', 1), ':', 2) as pid, count(*) as n from messages where status = 'sending' group by 1`,
  );
  const held = new Map(rows.map((r) => [Number(r.pid), Number(r.n)]));
  return new Map(pids.map((pid) => [pid, held.get(pid) ?? 0]));
}

/** Waits until nothing of `prefix` is pending or in delivery; the time it took, or undefined at the limit. */
export async function drained(pool: pg.Pool, prefix: string, limitMs: number): Promise<number | undefined> {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    try {
      const counts = await statusCounts(pool, prefix);
      if ((counts.pending ?? 0) + (counts.sending ?? 0) === 0) return Date.now() - started;
    } catch {
      // the database is away for a moment
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return undefined;
}
