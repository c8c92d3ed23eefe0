#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/problems.js';
import { InputError } from '../core/errors.js';
import { DatabaseInUseError } from '../ledger/database.js';
import { PortInUseError } from '../portal/start-portal.js';
import { ServiceUnreachableError } from '../runtime/service-errors.js';
import { registerAccessCommands } from './access-command.js';
import { registerCalendarCommands } from './calendar-command.js';
import { registerConfigCommands } from './config-check-command.js';
import { registerDigestCommand } from './digest-command.js';
import { registerMailCommands } from './mail-command.js';
import { registerDueCommand } from './due-command.js';
import { registerLedgerCommands } from './ledger-command.js';
import { registerRecomputeCommand } from './recompute-command.js';
import { registerReportCommands } from './report-command.js';
import { registerScanCommand } from './scan-command.js';
import { registerWorkerCommand } from './worker-command.js';
import { operationalMessage } from './operational-error.js';
import { EXIT_FAILURE, EXIT_USAGE, UsageError } from './usage-error.js';

const program = new Command('disclosure-watch')
  .description('disclosure-watch: deadlines of government disclosure duties (政府信息公开时限), counted in working days (工作日)')
  .exitOverride()
  .showSuggestionAfterError(true)
  // Keep a usage error to one line: commander puts its "(Did you mean …?)" on a second one.
  .configureOutput({ outputError: (text, write) => write(text.replace(/\n\(Did you mean (.+)\?\)/, '; did you mean $1?')) });

registerDueCommand(program);
registerConfigCommands(program);
registerCalendarCommands(program);
registerLedgerCommands(program);
registerScanCommand(program);
registerDigestCommand(program);
registerRecomputeCommand(program);
registerReportCommands(program);
registerAccessCommands(program);
registerMailCommands(program);
registerWorkerCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander has printed its message already; help and --version end with code 0.
    process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
  } else if (error instanceof UsageError || error instanceof InputError) {
    process.stderr.write(`error: ${error.message}\n`);
    process.exitCode = EXIT_USAGE;
  } else if (error instanceof DatabaseInUseError || error instanceof ServiceUnreachableError || error instanceof PortInUseError) {
    process.stderr.write(`error: ${error.message}\n`);
    process.exitCode = EXIT_FAILURE;
  } else if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = EXIT_FAILURE;
  } else if (operationalMessage(error) !== undefined) {
    process.stderr.write(`error: ${operationalMessage(error)}\n`);
    process.exitCode = EXIT_FAILURE;
  } else {
    process.stderr.write(`internal error: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = EXIT_FAILURE;
  }
}
