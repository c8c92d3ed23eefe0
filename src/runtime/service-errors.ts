/** A service the worker needs (PostgreSQL, Redis) did not answer at start-up. */
export class ServiceUnreachableError extends Error {
  override readonly name = 'ServiceUnreachableError';
}

/** The embedded ledger is held by a worker (exclusive) that does not share it; the message says who. */
export class DatabaseInUseError extends Error {
  override readonly name = 'DatabaseInUseError';
}

/** The portal's port is taken by another program. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
}
