import { rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import { ledgerSocketDir, ledgerSocketPath, prepareSocketDir } from './ledger-socket.js';
import type { SessionGate } from './session-gate.js';
import {
  CANCEL_REQUEST,
  endsRequest,
  GSSENC_REQUEST,
  lastTransactionStatus,
  PROTOCOL_3,
  queryMessage,
  SSL_REQUEST,
  SYNC_MESSAGE,
  takeMessage,
  takeStartupMessage,
} from './wire-frames.js';

/** How long a stopping holder waits for the commands still connected to finish. */
const DEFAULT_GRACE_MS = 30_000;

/**
 * Serves the embedded ledger to the other processes of this user (a CLI command beside the running worker) on a
 * Unix socket, as PostgreSQL would: they connect with pg. Each connection takes the session in turn through the
 * gate, a whole request at a time and a whole transaction at a time.
 *
 * Why not @electric-sql/pglite-socket: its multiplexer forwards one message at a time, so with two clients at once
 * one's Bind can meet the other's Parse (measured: a 6,000-parameter insert failed with "bind message supplies 6000
 * parameters, but prepared statement "" requires 2" while another connection ran small queries).
 */
export class SharedLedgerServer {
  readonly #server: Server;
  readonly #connections = new Set<SharedConnection>();
  readonly path: string;

  private constructor(
    private readonly pglite: PGlite,
    private readonly gate: SessionGate,
    dataDir: string,
  ) {
    this.path = ledgerSocketPath(dataDir);
    this.#server = createServer((socket) => {
      const connection = new SharedConnection(socket, this.pglite, this.gate);
      this.#connections.add(connection);
      void connection.closed.then(() => this.#connections.delete(connection));
    });
  }

  /** Called by the process that holds the data directory's lock, so a socket left by a crash is its to replace. */
  static async listen(pglite: PGlite, gate: SessionGate, dataDir: string): Promise<SharedLedgerServer> {
    const server = new SharedLedgerServer(pglite, gate, dataDir);
    prepareSocketDir(ledgerSocketDir(dataDir));
    rmSync(server.path, { force: true });
    await new Promise<void>((resolve, reject) => {
      server.#server.once('error', reject);
      server.#server.listen(server.path, () => resolve());
    });
    gate.shared = true;
    return server;
  }

  get connectionCount(): number {
    return this.#connections.size;
  }

  /** No new connections; those open get `graceMs` to finish, then are cut (an open transaction rolled back). */
  async close(graceMs = DEFAULT_GRACE_MS): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    const all = () => Promise.all([...this.#connections].map((c) => c.closed));
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
    if ((await Promise.race([all(), graceOver])) === 'late') for (const connection of this.#connections) connection.cut();
    clearTimeout(timer);
    await all();
    await closed;
    rmSync(this.path, { force: true });
  }
}

/** One client's connection: its bytes cut into requests, each run on PGlite while this connection holds the session. */
class SharedConnection {
  readonly #owner = Symbol('ledger socket connection');
  #buffer: Buffer = Buffer.alloc(0);
  #started = false;
  #request: Buffer[] = [];
  /** Requests run one after another, in the order they came. */
  #work: Promise<void> = Promise.resolve();
  readonly closed: Promise<void>;

  constructor(
    private readonly socket: Socket,
    private readonly pglite: PGlite,
    private readonly gate: SessionGate,
  ) {
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
      this.#work = this.#work.then(() => this.#drain()).catch(() => this.cut());
    });
    socket.on('error', () => undefined);
    this.closed = new Promise<void>((resolve) => {
      socket.once('close', () => {
        this.#work = this.#work.then(() => this.#giveBack()).finally(resolve);
      });
    });
  }

  cut(): void {
    this.socket.destroy();
  }

  async #drain(): Promise<void> {
    while (!this.socket.destroyed) {
      if (!this.#started) {
        const startup = takeStartupMessage(this.#buffer);
        if (!startup) return;
        this.#buffer = this.#buffer.subarray(startup.message.length);
        if (startup.code === SSL_REQUEST || startup.code === GSSENC_REQUEST) {
          this.socket.write('N'); // no encryption on a local socket; the client goes on in the clear
        } else if (startup.code === PROTOCOL_3) {
          this.#started = true;
          await this.#run([startup.message], true);
        } else {
          // A CancelRequest (PGlite has no backend to signal) or an unknown protocol.
          this.socket.end();
          return;
        }
        continue;
      }
      const message = takeMessage(this.#buffer);
      if (!message) return;
      this.#buffer = this.#buffer.subarray(message.length);
      const type = String.fromCharCode(message[0]!);
      if (type === 'X') {
        // Terminate is this connection's end, not the shared session's: it is never passed on.
        this.socket.end();
        return;
      }
      this.#request.push(message);
      if (endsRequest(type)) {
        const request = this.#request;
        this.#request = [];
        await this.#run(request, type === 'S' || type === 'Q');
      }
    }
  }

  /** Runs one request while holding the session; keeps it while a transaction (or an unfinished request) goes on. */
  async #run(messages: readonly Buffer[], complete: boolean): Promise<void> {
    await this.gate.enter(this.#owner);
    const response = await this.pglite.execProtocolRaw(Buffer.concat(messages));
    if (response.length > 0 && !this.socket.destroyed) this.socket.write(response);
    if (complete && lastTransactionStatus(response) === 'I') this.gate.leave(this.#owner);
  }

  /** A client gone mid-request or mid-transaction: its request ended and its transaction undone before the next one. */
  async #giveBack(): Promise<void> {
    if (!this.gate.holds(this.#owner)) return;
    try {
      await this.pglite.execProtocolRaw(SYNC_MESSAGE);
      if (this.pglite.isInTransaction()) await this.pglite.execProtocolRaw(queryMessage('rollback'));
    } finally {
      this.gate.leave(this.#owner);
    }
  }
}
