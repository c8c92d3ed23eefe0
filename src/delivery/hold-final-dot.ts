import { Transform, type TransformCallback } from 'node:stream';
import type { Transporter } from 'nodemailer';
import type { CommitTurn } from './commit-turns.js';

/** Where a message's commit turn rides through nodemailer, beside its options (nodemailer keeps unknown keys). */
const TURN = 'disclosureWatchCommitTurn';

/** The message options of a send with a turn: nodemailer's, and the turn it waits for before its final ".". */
export function withCommitTurn<T extends object>(options: T, turn: CommitTurn | undefined): T {
  return turn ? { ...options, [TURN]: turn } : options;
}

/**
 * Makes every message sent through `transporter` hold its end until its commit turn (commit-turns.ts): the body
 * streams as usual, and SMTP's final "." (written when the message stream ends) waits for the turn. A nodemailer
 * "stream" plugin: a transform stream made afresh for each read of the message, so a message the pool puts back on
 * its queue before reading a byte of it waits for the same turn again.
 */
export function holdFinalDot(transporter: Transporter): void {
  transporter.use('stream', (mail, done) => {
    const turn = (mail.data as Record<string, unknown>)[TURN] as CommitTurn | undefined;
    if (turn) mail.message.transform(() => new HoldEnd(turn));
    done();
  });
}

class HoldEnd extends Transform {
  constructor(private readonly turn: CommitTurn) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.turn.take().then(() => callback(), callback);
  }
}
