const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Excel stores a time as a serial number with no time zone; exceljs hands it over as a Date whose UTC fields are
 * the wall-clock time written in the cell, which for a Chinese ledger is Asia/Shanghai. A time of exactly 00:00
 * is taken as a date alone.
 */
function excelTimeText(date: Date): string {
  const day = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  const [h, m, s] = [date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()];
  if (h === 0 && m === 0 && s === 0) return day;
  return `${day} ${pad(h)}:${pad(m)}${s ? `:${pad(s)}` : ''}`;
}

/** Excel's day 0 (1899-12-30, in its 1900 date system) as milliseconds of the epoch, read as wall-clock time. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 24 * 60 * 60 * 1000;

/** Serials of 1990-01-01 (32874) to 2100-12-31 (73415): a number outside is not a ledger date. */
const PLAUSIBLE = { first: 32874, last: 73415 };

/** The time an Excel date serial stands for (46331 → 2026-11-05, 46331.5 → 2026-11-05 12:00). */
export function serialTimeText(serial: number): string {
  return excelTimeText(new Date(EXCEL_EPOCH_MS + Math.round(serial * DAY_MS)));
}

/** The serial a cell's text holds, when it is a number that can be a ledger date. */
export function plausibleSerial(text: string): number | undefined {
  if (!/^\d{5}(\.\d+)?$/.test(text)) return undefined;
  const serial = Number(text);
  return serial >= PLAUSIBLE.first && serial <= PLAUSIBLE.last ? serial : undefined;
}
