import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChartSpec } from './chart-spec.js';

export interface ChartRequest {
  /** The CJK font file (chart-font.ts). */
  readonly font: string;
  readonly charts: readonly ChartSpec[];
}

export interface ChartReply {
  /** Each chart's PNG, base64, in the request's order. */
  readonly pngs: readonly string[];
}

/** A drawing that has not ended by then is stopped: two charts take well under a second. */
const DRAW_TIMEOUT_MS = 60_000;

export class ChartDrawingError extends Error {
  override readonly name = 'ChartDrawingError';
}

/**
 * The charts as PNGs, drawn in a process of their own that exits when done. The worker draws its charts once a
 * day, and what drawing them loads stayed in its memory for as long as it ran: fontkit's and brotli's modules and
 * their code, resvg's library and the pages its allocator touched (8–10 MB of the worker's steady memory). The
 * child costs about a third of a second a digest.
 *
 * The child is the compiled chart-child.js beside this file; from the sources (the tests) it is chart-child.ts,
 * run through tsx.
 */
export async function drawChartsApart(charts: readonly ChartSpec[], font: string): Promise<Buffer[]> {
  const fromSources = import.meta.url.endsWith('.ts');
  const script = fileURLToPath(new URL(fromSources ? './chart-child.ts' : './chart-child.js', import.meta.url));
  const child = spawn(process.execPath, [...(fromSources ? ['--import', 'tsx'] : []), script], { stdio: ['pipe', 'pipe', 'pipe'], timeout: DRAW_TIMEOUT_MS });
  const stdout: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  child.stdin.end(JSON.stringify({ font, charts } satisfies ChartRequest));
  const { code, signal } = await ended.catch((error: unknown) => {
    throw new ChartDrawingError(`the charts could not be drawn: ${(error as Error).message}`);
  });
  if (code !== 0) {
    const why = signal ? `stopped by ${signal}${signal === 'SIGTERM' ? ` (not done within ${DRAW_TIMEOUT_MS / 1000} s)` : ''}` : `exit ${code}`;
    throw new ChartDrawingError(`the charts could not be drawn (${why}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
  }
  const reply = JSON.parse(Buffer.concat(stdout).toString('utf8')) as ChartReply;
  if (reply.pngs.length !== charts.length) throw new ChartDrawingError(`the charts could not be drawn: ${charts.length} asked for, ${reply.pngs.length} drawn`);
  return reply.pngs.map((png) => Buffer.from(png, 'base64'));
}
