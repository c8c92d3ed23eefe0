import type { Knex } from 'knex';
import type { Change } from '../ledger/history-store.js';
import { diffItems, type ItemDraft } from '../ledger/item.js';
import { findItemsByReferences, insertItems, referencesIn, updateItems, type ItemUpdate } from '../ledger/item-store.js';
import { mergeRow } from './merge-row.js';

/** A checked row waiting to be written, with what is needed to report it should the ledger refuse it. */
export interface BatchEntry {
  readonly row: number;
  readonly draft: ItemDraft;
  readonly cells: readonly string[];
  /** The file's column that states the row's publication or exemption. */
  readonly statusColumn: string;
}

export interface BatchOutcome {
  inserted: number;
  updated: number;
  unchanged: number;
  readonly conflicts: Array<{ entry: BatchEntry; message: string }>;
}

export function emptyOutcome(): BatchOutcome {
  return { inserted: 0, updated: 0, unchanged: 0, conflicts: [] };
}

/** Each jurisdiction's references as the ledger held them when the import began, read once per jurisdiction. */
export class KnownReferences {
  private readonly byJurisdiction = new Map<string, Promise<Set<string>>>();

  constructor(private readonly trx: Knex.Transaction) {}

  of(jurisdiction: string): Promise<Set<string>> {
    let references = this.byJurisdiction.get(jurisdiction);
    if (!references) this.byJurisdiction.set(jurisdiction, (references = referencesIn(this.trx, jurisdiction)));
    return references;
  }
}

/**
 * Writes a batch of checked rows: new references inserted (one statement), existing ones merged with what the
 * ledger holds (read with their rows locked) and updated with history when they changed. `known` holds each
 * jurisdiction's existing references, so that new rows cost no lookup.
 */
export async function writeBatch(
  trx: Knex.Transaction,
  batch: readonly BatchEntry[],
  change: Change,
  known: KnownReferences,
  outcome: BatchOutcome,
): Promise<void> {
  const byJurisdiction = new Map<string, BatchEntry[]>();
  for (const entry of batch) {
    const list = byJurisdiction.get(entry.draft.jurisdiction);
    if (list) list.push(entry);
    else byJurisdiction.set(entry.draft.jurisdiction, [entry]);
  }
  for (const [jurisdiction, entries] of byJurisdiction) {
    const present = await known.of(jurisdiction);
    const existing = await findItemsByReferences(trx, jurisdiction, entries.filter((e) => present.has(e.draft.reference)).map((e) => e.draft.reference));
    const fresh: ItemDraft[] = [];
    const updates: ItemUpdate[] = [];
    for (const entry of entries) {
      const current = existing.get(entry.draft.reference);
      if (!current) {
        fresh.push(entry.draft);
        continue;
      }
      const merged = mergeRow(current, entry.draft);
      if ('conflict' in merged) outcome.conflicts.push({ entry, message: merged.conflict });
      else if (Object.keys(diffItems(current, merged.next)).length === 0) outcome.unchanged++;
      else updates.push({ existing: current, next: merged.next, action: merged.action, note: `${change.note} row ${entry.row}` });
    }
    outcome.updated += (await updateItems(trx, updates, change)).length;
    outcome.inserted += (await insertItems(trx, fresh, change)).length;
  }
}
