import { createHash } from 'node:crypto';
import { preparePrivateDir } from '../../files/safe-files.js';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** pg finds a Unix socket as `<dir>/.s.PGSQL.<port>`; the port is only part of the name here. */
export const SOCKET_PORT = 5432;
const SOCKET_NAME = `.s.PGSQL.${SOCKET_PORT}`;
/** Linux refuses Unix socket paths longer than 107 bytes. */
const MAX_SOCKET_PATH = 100;

/**
 * Where the process holding the embedded ledger serves it: a directory beside the data directory
 * (`./data/pglite.socket/`), or, when that path is too long for a socket, one in the temp directory named after it.
 */
export function ledgerSocketDir(dataDir: string): string {
  const beside = `${resolve(dataDir)}.socket`;
  if (Buffer.byteLength(join(beside, SOCKET_NAME)) <= MAX_SOCKET_PATH) return beside;
  return join(tmpdir(), `dw-ledger-${createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 16)}`);
}

export function ledgerSocketPath(dataDir: string): string {
  return join(ledgerSocketDir(dataDir), SOCKET_NAME);
}

/** The socket has no password (PGlite has no users): only this user may reach it, so its directory is 0700 and ours. */
export function prepareSocketDir(dir: string): void {
  preparePrivateDir(dir, 'the ledger socket directory');
}
