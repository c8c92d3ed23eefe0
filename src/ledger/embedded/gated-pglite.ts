import { setImmediate as turn } from 'node:timers/promises';
import type { PGlite } from '@electric-sql/pglite';
import type { SessionGate } from './session-gate.js';

const YIELD_EVERY_MS = 10;

/**
 * What knex-pglite uses of a PGlite (`waitReady`, `query`, `close`), taking turns with the commands connected
 * through the ledger socket: this process is one more user of the gate, holding the session across its
 * transactions. knex-pglite keeps it to one connection, so this process's own statements never overlap.
 */
export function gatedPglite(pglite: PGlite, gate: SessionGate): Pick<PGlite, 'waitReady' | 'query' | 'close'> {
  const owner = Symbol('this process');
  let lastTurn = performance.now();
  return {
    get waitReady() {
      return pglite.waitReady;
    },
    query: (async (...args: Parameters<PGlite['query']>) => {
      // PGlite answers without I/O, so a job running query after query never lets the event loop read the socket:
      // a command's request would wait for the whole job. Once the ledger is shared, every 10 ms the event loop gets
      // a turn.
      if (gate.shared && performance.now() - lastTurn > YIELD_EVERY_MS) {
        await turn();
        lastTurn = performance.now();
      }
      await gate.enter(owner);
      try {
        return await pglite.query(...args);
      } finally {
        if (!pglite.isInTransaction()) gate.leave(owner);
      }
    }) as PGlite['query'],
    close: async () => {
      await gate.enter(owner);
      try {
        await pglite.close();
      } finally {
        gate.leave(owner);
      }
    },
  };
}
