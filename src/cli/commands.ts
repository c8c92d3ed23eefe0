import type { Command } from 'commander';

/**
 * The CLI's top-level commands, each loaded only when it is run: `due` should not pay for exceljs, fastify or
 * BullMQ, which other commands need. Help, and a name that is none of these (for its did-you-mean), load them all.
 */
export const COMMANDS: ReadonlyArray<{ readonly name: string; readonly load: () => Promise<(program: Command) => void> }> = [
  { name: 'due', load: async () => (await import('./due-command.js')).registerDueCommand },
  { name: 'config', load: async () => (await import('./config-check-command.js')).registerConfigCommands },
  { name: 'calendar', load: async () => (await import('./calendar-command.js')).registerCalendarCommands },
  { name: 'ledger', load: async () => (await import('./ledger-command.js')).registerLedgerCommands },
  { name: 'scan', load: async () => (await import('./scan-command.js')).registerScanCommand },
  { name: 'digest', load: async () => (await import('./digest-command.js')).registerDigestCommand },
  { name: 'recompute', load: async () => (await import('./recompute-command.js')).registerRecomputeCommand },
  { name: 'report', load: async () => (await import('./report-command.js')).registerReportCommands },
  { name: 'access', load: async () => (await import('./access-command.js')).registerAccessCommands },
  { name: 'mail', load: async () => (await import('./mail-command.js')).registerMailCommands },
  { name: 'worker', load: async () => (await import('./worker-command.js')).registerWorkerCommand },
];

/** Registers the command `argv` names, or every command when it names none of them. */
export async function registerCommands(program: Command, argv: readonly string[]): Promise<void> {
  const named = COMMANDS.filter((command) => command.name === argv[2]);
  for (const command of named.length > 0 ? named : COMMANDS) (await command.load())(program);
}
