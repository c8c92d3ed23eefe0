import type { AddressInfo } from 'node:net';
import type { PortalSettings } from '../runtime/settings.js';
import type { PortalContext } from './portal-context.js';
import { buildPortal } from './server.js';
import { PortInUseError } from '../runtime/service-errors.js';

export interface RunningPortal {
  /** Where it listens, e.g. http://127.0.0.1:8080. */
  readonly address: string;
  close(): Promise<void>;
}

/** Serves the portal on HOST:PORT; a port in use stops start-up with a message that says so. */
export async function startPortal(context: PortalContext, settings: Pick<PortalSettings, 'host' | 'port'>): Promise<RunningPortal> {
  const app = await buildPortal(context);
  try {
    await app.listen({ host: settings.host, port: settings.port });
  } catch (error) {
    await app.close();
    if ((error as { code?: string }).code === 'EADDRINUSE') throw new PortInUseError(`port ${settings.port} on ${settings.host} is in use: stop what holds it, or set PORT`);
    throw error;
  }
  const { address, port } = app.server.address() as AddressInfo;
  return { address: `http://${address.includes(':') ? `[${address}]` : address}:${port}`, close: () => app.close() };
}

// Defined with the other start-up errors, light enough for the CLI's entry point to import without fastify.
export { PortInUseError };
