/**
 * One argument as a POSIX shell reads it back unchanged, for a command a person copies out of a mail or a listing:
 * a key or code from config may hold a space, a quote or `$(…)`. Plain words are left as they are.
 */
export function shellQuote(argument: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(argument)) return argument;
  return `'${argument.replaceAll("'", `'\\''`)}'`;
}

/** The CLI command to copy: `npm run -s cli -- …`, each argument quoted. */
export function cliCommand(...args: string[]): string {
  return ['npm', 'run', '-s', 'cli', '--', ...args].map(shellQuote).join(' ');
}
