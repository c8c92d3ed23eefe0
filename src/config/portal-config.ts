import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ProblemList } from './problems.js';
import { displayPath, readYamlFile } from './read-yaml-files.js';
import { portalFileSchema } from './schemas.js';

/** The portal's settings (config/portal.yaml); every one has a default, so the file is optional. */
export interface PortalConfig {
  /** How long a link in a mail (or issued by hand) opens the portal. */
  readonly linkDays: number;
  /** How long a session opened by a link lasts (never past the link's own expiry). */
  readonly sessionHours: number;
  /** Requests a minute per session (or per address without one), and link openings a minute per address. */
  readonly rateLimit: { readonly perMinute: number; readonly linkOpensPerMinute: number };
  readonly publicationCheck: {
    readonly timeoutMs: number;
    readonly maxBytes: number;
    /** Per jurisdiction, its own portal hosts that may resolve inside the network (an intranet 门户). */
    readonly allowPrivateHosts: ReadonlyMap<string, readonly string[]>;
  };
}

export const PORTAL_DEFAULTS: PortalConfig = {
  linkDays: 14,
  sessionHours: 12,
  rateLimit: { perMinute: 300, linkOpensPerMinute: 30 },
  publicationCheck: { timeoutMs: 10_000, maxBytes: 2 * 1024 * 1024, allowPrivateHosts: new Map() },
};

/** Reads config/portal.yaml if present; jurisdictions it names must exist (when the rules could be read). */
export function readPortalConfig(dir: string, jurisdictionIds: ReadonlySet<string> | undefined, problems: ProblemList): PortalConfig {
  const path = join(dir, 'portal.yaml');
  if (!existsSync(path)) return PORTAL_DEFAULTS;
  const file = readYamlFile(path, portalFileSchema, problems);
  if (!file) return PORTAL_DEFAULTS;
  const value = file.value;
  const hosts = value.publicationCheck?.allowPrivateHosts ?? {};
  for (const jurisdiction of Object.keys(hosts)) {
    if (jurisdictionIds && !jurisdictionIds.has(jurisdiction)) problems.add(displayPath(path), `publicationCheck.allowPrivateHosts.${jurisdiction}`, `unknown jurisdiction "${jurisdiction}"`);
  }
  const check = value.publicationCheck;
  return {
    linkDays: value.links?.days ?? PORTAL_DEFAULTS.linkDays,
    sessionHours: value.sessionHours ?? PORTAL_DEFAULTS.sessionHours,
    rateLimit: { ...PORTAL_DEFAULTS.rateLimit, ...value.rateLimit },
    publicationCheck: {
      timeoutMs: check?.timeoutSeconds !== undefined ? check.timeoutSeconds * 1000 : PORTAL_DEFAULTS.publicationCheck.timeoutMs,
      maxBytes: check?.maxKilobytes !== undefined ? check.maxKilobytes * 1024 : PORTAL_DEFAULTS.publicationCheck.maxBytes,
      allowPrivateHosts: new Map(Object.entries(hosts).map(([j, list]) => [j, list.map((h) => h.toLowerCase())])),
    },
  };
}
