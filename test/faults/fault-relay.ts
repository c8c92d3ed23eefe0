import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A loopback SMTP relay the suite can make misbehave: it takes every mail (`answerDelayMs` after MAIL FROM) and counts it by
 * Message-ID; in front of it a TCP door that can pass, stall (every connection frozen, new ones taken and never
 * answered: a relay that hangs) or be down (connections dropped and refused: an outage).
 */
export interface FaultRelay {
  /** smtp://127.0.0.1:PORT (the door). */
  readonly url: string;
  /** Copies received, by Message-ID. */
  readonly copies: Map<string, number>;
  /** When each Message-ID was first received (ms since the epoch). */
  readonly firstAt: Map<string, number>;
  /** Mail received while the door was stalled: its answer never reached the sender. */
  unanswered: number;
  stall(): void;
  down(): Promise<void>;
  pass(): Promise<void>;
  close(): Promise<void>;
}

export async function startFaultRelay(options: { answerDelayMs?: number } = {}): Promise<FaultRelay> {
  let mode: 'pass' | 'stall' | 'down' = 'pass';
  const relay = { copies: new Map<string, number>(), firstAt: new Map<string, number>(), unanswered: 0 };
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    // Slow in the conversation, quick to answer the data: a relay that has taken the whole mail and then dawdles
    // before its "250" makes every kill in that pause a double (RFC 1047's window), which is the relay's, not ours.
    onMailFrom(_address, _session, callback) {
      setTimeout(() => callback(), options.answerDelayMs ?? 0);
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const head = Buffer.concat(chunks).subarray(0, 8192).toString('latin1');
        const id = /^Message-ID:\s*(<[^>]+>)/im.exec(head)?.[1] ?? '(none)';
        relay.copies.set(id, (relay.copies.get(id) ?? 0) + 1);
        if (!relay.firstAt.has(id)) relay.firstAt.set(id, Date.now());
        if (mode === 'stall') relay.unanswered++;
        callback();
      });
    },
  });
  // A sender killed mid-conversation resets its connection; smtp-server reports that on the server, which a relay
  // outlives (without a listener the error would end this process, and the suite with it).
  smtp.on('error', () => undefined);
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  const sockets = new Set<Socket>();
  const frozen: Array<{ client: Socket; upstream?: Socket }> = [];
  const door: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (mode === 'stall') {
      // Taken and never answered: no greeting, as a hung relay.
      client.pause();
      frozen.push({ client });
      return;
    }
    const upstream = connect(smtpPort, '127.0.0.1');
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => undefined);
    client.on('data', (chunk) => (mode === 'stall' ? held.push([upstream, chunk]) : upstream.write(chunk)));
    upstream.on('data', (chunk) => (mode === 'stall' ? undefined : client.write(chunk)));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  // What a sender wrote while stalled never reaches the relay; what the relay answered never reaches the sender.
  const held: Array<[Socket, Buffer]> = [];
  await new Promise<void>((resolve) => door.listen(0, '127.0.0.1', resolve));
  const port = (door.address() as AddressInfo).port;
  const dropAll = () => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  };
  return Object.assign(relay, {
    url: `smtp://127.0.0.1:${port}`,
    stall() {
      mode = 'stall';
    },
    async down() {
      mode = 'down';
      await new Promise<void>((resolve) => door.close(() => resolve()));
      dropAll();
    },
    async pass() {
      const wasDown = mode === 'down';
      mode = 'pass';
      // A stalled relay that comes back drops its hung connections (the senders gave up on them long ago).
      for (const { client } of frozen.splice(0)) client.destroy();
      held.splice(0);
      dropAll();
      if (wasDown) await new Promise<void>((resolve) => door.listen(port, '127.0.0.1', resolve));
    },
    async close() {
      if (mode !== 'down') await new Promise<void>((resolve) => door.close(() => resolve()));
      dropAll();
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    },
  });
}
