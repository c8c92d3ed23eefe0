import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../helpers/run-cli.js';

/** One compiled worker process, its JSON log kept as parsed lines. */
export interface Replica {
  readonly pid: number;
  readonly lines: Array<Record<string, unknown>>;
  /** What it wrote that was not a JSON log line (nothing, when all goes well). */
  readonly stray: string[];
  readonly exited: Promise<number | null>;
  /** All it wrote on stderr (the start-up summary, or why it stopped). */
  stderr(): string;
  running(): boolean;
  kill(signal: NodeJS.Signals): void;
}

export const COMPILED_CLI = join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js');

export function startReplica(env: NodeJS.ProcessEnv): Replica {
  const child: ChildProcess = spawn(process.execPath, [COMPILED_CLI, 'worker'], { cwd: PROJECT_ROOT, env: { ...process.env, NO_COLOR: '1', PORT: '0', LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Array<Record<string, unknown>> = [];
  const stray: string[] = [];
  let rest = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const text = rest + chunk.toString();
    const parts = text.split('\n');
    rest = parts.pop() ?? '';
    for (const part of parts) {
      if (!part) continue;
      try {
        lines.push(JSON.parse(part) as Record<string, unknown>);
      } catch {
        stray.push(part);
      }
    }
  });
  // stderr carries the start-up summary for people; anything that looks like a stack trace is stray.
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const line of chunk.toString().split('\n')) if (/^\s+at |rror:/.test(line)) stray.push(line);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal === 'SIGKILL' ? 137 : code)));
  return {
    pid: child.pid as number,
    lines,
    stray,
    stderr: () => stderr,
    exited,
    running: () => child.exitCode === null && child.signalCode === null,
    kill: (signal) => void child.kill(signal),
  };
}

/** Waits until the replica has logged `msg` (or exited, or the time is up). */
export async function waitForLine(replica: Replica, msg: string, timeoutMs = 60_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (replica.lines.some((l) => l.msg === msg)) return true;
    if (!replica.running()) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}
