import type { Knex } from 'knex';
import type { Department } from '../core/organisation.js';

export interface DepartmentSync {
  readonly active: number;
  readonly deactivated: string[];
}

/**
 * Makes the departments table match config: upserts every configured department and marks the others inactive
 * (their items keep pointing at them; nothing is deleted).
 */
export async function syncDepartments(db: Knex, departments: readonly Department[], at: string): Promise<DepartmentSync> {
  return db.transaction(async (trx) => {
    if (departments.length > 0) {
      await trx('departments')
        .insert(
          departments.map((d) => ({
            code: d.code,
            name: d.name,
            jurisdiction: d.jurisdiction,
            reminder_emails: d.reminderEmails,
            leader_email: d.leaderEmail ?? null,
            active: true,
            synced_at: at,
          })),
        )
        .onConflict('code')
        .merge();
    }
    const deactivated = await trx('departments')
      .whereNotIn('code', departments.map((d) => d.code))
      .andWhere('active', true)
      .update({ active: false, synced_at: at })
      .returning('code');
    return { active: departments.length, deactivated: deactivated.map((row: { code: string }) => row.code) };
  });
}
