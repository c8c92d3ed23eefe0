/** A service the worker needs (PostgreSQL, Redis) did not answer at start-up. */
export class ServiceUnreachableError extends Error {
  override readonly name = 'ServiceUnreachableError';
}
