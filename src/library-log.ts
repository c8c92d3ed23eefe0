/**
 * Where the libraries' own warnings and errors go (knex's pool, BullMQ's queues, ioredis): by default one line on
 * stderr, `component: message`, for a command a person runs; the worker routes them into its JSON log, so that
 * nothing it prints is outside that stream and no stack trace spans lines.
 */
export type LibraryLogSink = (level: 'warn' | 'error', component: string, message: string) => void;

const toStderr: LibraryLogSink = (_level, component, message) => process.stderr.write(`${component}: ${message}\n`);
let sink: LibraryLogSink = toStderr;

export function routeLibraryLogs(next: LibraryLogSink | undefined): void {
  sink = next ?? toStderr;
}

/** Says a library's message in one line: an Error by its message (with its code), never its stack. */
export function libraryLog(level: 'warn' | 'error', component: string, message: unknown): void {
  sink(level, component, oneLine(message));
}

/** An error (or anything thrown) as one line: its code, when its message does not say it, then its first line. */
export function oneLine(message: unknown): string {
  if (message instanceof Error) {
    const code = (message as { code?: unknown }).code;
    const text = message.message.split('\n')[0] ?? '';
    return typeof code === 'string' && !text.includes(code) ? `${code}: ${text}` : text;
  }
  return String(message).split('\n')[0] ?? '';
}
