import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server on loopback that keeps what it accepts, and can refuse some transactions for a while. */
export interface SmtpSink {
  /** smtp://127.0.0.1:PORT */
  readonly url: string;
  /** Accepted mail, parsed, in the order it arrived. */
  readonly accepted: ParsedMail[];
  /** Accepted mail, as the bytes that arrived. */
  readonly raw: Buffer[];
  /** Transactions refused with a temporary error. */
  refused: number;
  /** Bytes of message data arrived so far, the final "." reached or not (a message being sent counts). */
  dataBytes: number;
  close(): Promise<void>;
}

export interface SinkOptions {
  /** The share of transactions answered "451 try again later" (a seeded sequence, the same on every run). */
  readonly temporaryFailureRate?: number;
  /** Recipients answered "550 no such user" (a permanent failure). */
  readonly unknownRecipients?: readonly string[];
  /** Keep the bytes only (benchmarks: parsing would cost the sender's process time it is not measured for). */
  readonly parse?: boolean;
  /** Answer each message this long after its data has arrived (a slow relay). */
  readonly answerDelayMs?: number;
  /** Run when a message's final "." arrives, before it is answered (it is then the relay's to deliver). */
  readonly onFinalDot?: () => Promise<void>;
}

export async function startSmtpSink(options: SinkOptions = {}): Promise<SmtpSink> {
  let seed = 20261122;
  // A small linear congruential sequence: the same refusals on every run, so a failure can be replayed.
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const sink: SmtpSink = { url: '', accepted: [], raw: [], refused: 0, dataBytes: 0, close: async () => undefined };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (options.unknownRecipients?.includes(address.address)) return callback(Object.assign(new Error('5.1.1 no such user'), { responseCode: 550 }));
      callback();
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        sink.dataBytes += chunk.length;
      });
      const answerAfterDelay = () => (options.answerDelayMs ? setTimeout(answer, options.answerDelayMs) : answer());
      stream.on('end', () => (options.onFinalDot ? options.onFinalDot().then(answerAfterDelay, (error: Error) => callback(error)) : answerAfterDelay()));
      const answer = () => {
        if (random() < (options.temporaryFailureRate ?? 0)) {
          sink.refused++;
          return callback(Object.assign(new Error('4.3.0 try again later'), { responseCode: 451 }));
        }
        const bytes = Buffer.concat(chunks);
        sink.raw.push(bytes);
        if (options.parse === false) return callback();
        simpleParser(bytes).then(
          (parsed) => {
            sink.accepted.push(parsed);
            callback();
          },
          (error: Error) => callback(error),
        );
      };
    },
  });
  // A sender that drops its connection (a test's killed worker) is reported on the server, which a relay outlives.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return Object.assign(sink, {
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
