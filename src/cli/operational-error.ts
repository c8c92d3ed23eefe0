/**
 * The one line to print for an error that is the environment's, not the program's (a database that does not
 * exist, a refused login, a service that is down): an admin needs the cause and the fix, not a stack trace.
 * Undefined for anything else, which is a bug and keeps its stack.
 */
export function operationalMessage(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, address, port } = error as Error & { code?: string; address?: string; port?: number };
  switch (code) {
    case '3D000': {
      const name = /database "([^"]+)"/.exec(error.message)?.[1] ?? '…';
      return `PostgreSQL has no database "${name}" (DATABASE_URL): create it (createdb ${name}, or CREATE DATABASE "${name}"), then run again`;
    }
    case '28P01':
    case '28000':
      return `PostgreSQL refused the login (DATABASE_URL): ${error.message}; check the user and password`;
    case '42501':
      return `PostgreSQL refused: ${error.message}; the role in DATABASE_URL lacks a privilege (see the README's database roles)`;
    case '57P03':
      return `PostgreSQL is starting up or shutting down: ${error.message}; try again in a moment`;
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EHOSTUNREACH':
    case 'ETIMEDOUT':
    case 'ECONNRESET': {
      const where = address ? ` ${address}${port ? `:${port}` : ''}` : '';
      return `cannot reach${where} (${code}): is the service running, and is its URL (DATABASE_URL, REDIS_URL) right?`;
    }
    default:
      return undefined;
  }
}
