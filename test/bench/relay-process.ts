import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startSmtpSink } from '../helpers/smtp-sink.js';

/**
 * The mail bench's relay: smtp-server on loopback in a process of its own, as a real relay is. In the sender's
 * process it shared the sender's one thread: its answer to each final "." waited behind the sender's own work, and
 * that wait fell in delivery's commit turn (one message at a time between the relay's answer and its record),
 * which no real relay's answer does.
 */
export interface RelayProcess {
  readonly url: string;
  /** Messages accepted so far, and their bytes in all. */
  accepted(): Promise<{ messages: number; bytes: number }>;
  close(): Promise<void>;
}

type Request = { kind: 'count' } | { kind: 'close' };
type Reply = { kind: 'url'; url: string } | { kind: 'count'; messages: number; bytes: number };

export async function startRelayProcess(): Promise<RelayProcess> {
  const child = fork(fileURLToPath(import.meta.url), ['--relay'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = <K extends Reply['kind']>(kind: K) =>
    new Promise<Extract<Reply, { kind: K }>>((resolve, reject) => {
      const onMessage = (reply: Reply) => {
        if (reply.kind !== kind) return;
        child.off('message', onMessage).off('exit', onExit);
        resolve(reply as Extract<Reply, { kind: K }>);
      };
      const onExit = (code: number | null) => reject(new Error(`the relay process ended (exit ${code}) before it answered`));
      child.on('message', onMessage).once('exit', onExit);
    });
  const { url } = await next('url');
  return {
    url,
    accepted: async () => {
      const reply = next('count');
      child.send({ kind: 'count' } satisfies Request);
      const { messages, bytes } = await reply;
      return { messages, bytes };
    },
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send({ kind: 'close' } satisfies Request);
      await exited;
    },
  };
}

/** In the child: the sink, answering the bench's questions over IPC. */
async function serve(): Promise<void> {
  const sink = await startSmtpSink({ parse: false });
  const reply = (message: Reply) => process.send?.(message);
  process.on('message', (request: Request) => {
    if (request.kind === 'count') reply({ kind: 'count', messages: sink.raw.length, bytes: sink.raw.reduce((sum, raw) => sum + raw.length, 0) });
    else void sink.close().then(() => process.exit(0));
  });
  reply({ kind: 'url', url: sink.url });
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--relay')) await serve();
