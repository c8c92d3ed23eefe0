/**
 * Rows one mail shows of a table, at most: a mail of tens of thousands of rows (53,574 once, 33 MB of HTML) is
 * neither delivered nor read. The rest are counted in the mail, and the attached CSV always holds them all.
 */
export const MAIL_ROWS = 200;

export function shownRows<T>(rows: readonly T[], limit = MAIL_ROWS): { shown: readonly T[]; hidden: number } {
  return rows.length <= limit ? { shown: rows, hidden: 0 } : { shown: rows.slice(0, limit), hidden: rows.length - limit };
}
