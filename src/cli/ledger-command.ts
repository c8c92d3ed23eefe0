import type { Command } from 'commander';
import { registerImportCommands } from './ledger-import-command.js';
import { registerLifecycleCommands } from './ledger-lifecycle-commands.js';
import { registerListCommand } from './ledger-list-command.js';
import { registerShowCommand } from './ledger-show-command.js';

export function registerLedgerCommands(program: Command): void {
  const ledger = program
    .command('ledger')
    .description('the publication ledger (公开台账): import, record publications and exemptions, show, list');
  registerImportCommands(ledger);
  registerLifecycleCommands(ledger);
  registerShowCommand(ledger);
  registerListCommand(ledger);
}
