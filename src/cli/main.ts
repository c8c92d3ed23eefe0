#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/problems.js';
import { InputError } from '../core/errors.js';
import { DatabaseInUseError, PortInUseError, ServiceUnreachableError } from '../runtime/service-errors.js';
import { registerCommands } from './commands.js';
import { operationalMessage } from './operational-error.js';
import { EXIT_FAILURE, EXIT_USAGE, UsageError } from './usage-error.js';

const program = new Command('disclosure-watch')
  .description('disclosure-watch: deadlines of government disclosure duties (政府信息公开时限), counted in working days (工作日)')
  .exitOverride()
  .showSuggestionAfterError(true)
  // Keep a usage error to one line: commander puts its "(Did you mean …?)" on a second one.
  .configureOutput({ outputError: (text, write) => write(text.replace(/\n\(Did you mean (.+)\?\)/, '; did you mean $1?')) });

await registerCommands(program, process.argv);

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
