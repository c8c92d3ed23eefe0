import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The compiled CLI (`npm run -s cli`, built by `npm run build`, which `npm test` runs first). */
export const COMPILED_MAIN = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

/** Runs the CLI as a user would (a separate process, through tsx), with stdin and environment under test control. */
export function runCli(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  return runNode(['--import', 'tsx', 'src/cli/main.ts', ...args], options);
}

/** The same through the compiled CLI: what keeps a build's work between calls (the rule book cache) runs only there. */
export function runCompiledCli(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  return runNode([COMPILED_MAIN, ...args], options);
}

function runNode(nodeArgs: string[], options: { input?: string; env?: NodeJS.ProcessEnv }): CliResult {
  const result = spawnSync(process.execPath, nodeArgs, {
    cwd: PROJECT_ROOT,
    input: options.input ?? '',
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The same, without blocking: several commands at once. */
export function runCliAsync(args: string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<CliResult & { ms: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr, ms: performance.now() - started })));
}

export function jsonLines(stdout: string): Array<Record<string, unknown>> {
  return stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
}
