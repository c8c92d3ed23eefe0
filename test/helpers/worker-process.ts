import { spawn } from 'node:child_process';
import { PROJECT_ROOT } from './run-cli.js';

export interface WorkerProcess {
  readonly pid: number;
  stdout(): string;
  stderr(): string;
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

/** The worker as a process from source, not waited for: its output gathered as it comes. */
export function spawnWorkerProcess(env: NodeJS.ProcessEnv, command: 'node' | 'npm start' = 'node'): WorkerProcess & { exitCode(): number | null } {
  const [file, args] = command === 'node' ? [process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'worker']] : ['npm', ['start', '--silent']];
  const child = spawn(file, args, { cwd: PROJECT_ROOT, env: { ...process.env, NO_COLOR: '1', PORT: '0', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return {
    pid: child.pid as number,
    stdout: () => stdout,
    stderr: () => stderr,
    exitCode: () => child.exitCode,
    stop: (signal) => (child.kill(signal), exited),
  };
}

/** The worker as a process, started and waited for until it says it is running. */
export async function startWorkerProcess(env: NodeJS.ProcessEnv, command: 'node' | 'npm start' = 'node'): Promise<WorkerProcess> {
  const worker = spawnWorkerProcess(env, command);
  const deadline = Date.now() + 45_000;
  while (!worker.stdout().includes('"msg":"worker running"')) {
    if (Date.now() > deadline || worker.exitCode() !== null) {
      await worker.stop('SIGKILL');
      throw new Error(`the worker did not start:\n${worker.stderr()}\n${worker.stdout()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return worker;
}
