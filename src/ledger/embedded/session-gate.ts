import { Mutex } from 'async-mutex';

/**
 * PGlite is one PostgreSQL session. Several users of it (this process's own queries, and each command connected
 * through the ledger socket) take turns: a user enters before it runs anything and keeps the session for as long as
 * it has a transaction open, so nobody's statement lands inside another's transaction.
 */
export class SessionGate {
  readonly #mutex = new Mutex();
  #owner: symbol | undefined;
  #release: (() => void) | undefined;
  /** Set once the ledger is served on its socket: from then on other processes may be waiting to be read. */
  shared = false;

  /** Waits for the session, unless `owner` holds it already (a transaction going on). */
  async enter(owner: symbol): Promise<void> {
    if (this.#owner === owner) return;
    const release = await this.#mutex.acquire();
    this.#owner = owner;
    this.#release = release;
  }

  /** Gives the session to the next one waiting; does nothing when `owner` does not hold it. */
  leave(owner: symbol): void {
    if (this.#owner !== owner) return;
    const release = this.#release;
    this.#owner = undefined;
    this.#release = undefined;
    release?.();
  }

  holds(owner: symbol): boolean {
    return this.#owner === owner;
  }
}
