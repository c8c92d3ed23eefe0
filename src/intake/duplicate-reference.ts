/**
 * The reason a row is refused as a repeat of a reference earlier in the file. The rejects file carries it, and
 * an import of that file reads it back (duplicateNamedIn), so that a repeat stays a repeat instead of being
 * merged into the item the first row made: keep the two in step.
 */
export function duplicateReferenceMessage(reference: string, firstRow: number): string {
  return `reference ${reference} is also on row ${firstRow}`;
}

const DUPLICATE = /reference (.+?) is also on row (\d+)/;

/** The reference a rejects file's reasons cell says the row repeats, if it says so. */
export function duplicateNamedIn(reasons: string): { reference: string; row: number } | undefined {
  const match = DUPLICATE.exec(reasons);
  return match ? { reference: match[1] as string, row: Number(match[2]) } : undefined;
}

/** Refuses, again, a rejected repeat whose reference the clerk left as it was: the ledger holds the first row's item. */
export function stillDuplicateMessage(reference: string, firstRow: number): string {
  return `${duplicateReferenceMessage(reference, firstRow)} of the first import, and the ledger holds that row's item: this row is not merged into it; give it its own reference, or change item ${reference} itself (ledger show ${reference})`;
}
