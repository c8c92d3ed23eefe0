import { spawn } from 'node:child_process';
import { PROJECT_ROOT } from './run-cli.js';

export interface WorkerProcess {
  readonly pid: number;
  stdout(): string;
  stderr(): string;
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

/** The worker as a process, started and waited for until it says it is running. */
export async function startWorkerProcess(env: NodeJS.ProcessEnv, command: 'node' | 'npm start' = 'node'): Promise<WorkerProcess> {
  const [file, args] = command === 'node' ? [process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'worker']] : ['npm', ['start', '--silent']];
  const child = spawn(file, args, { cwd: PROJECT_ROOT, env: { ...process.env, NO_COLOR: '1', PORT: '0', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const deadline = Date.now() + 45_000;
  while (!stdout.includes('"msg":"worker running"')) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`the worker did not start:\n${stderr}\n${stdout}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    pid: child.pid as number,
    stdout: () => stdout,
    stderr: () => stderr,
    stop: (signal) => (child.kill(signal), exited),
  };
}
