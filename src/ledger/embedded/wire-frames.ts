/**
 * Just enough of PostgreSQL's wire protocol (v3) to forward whole requests: where one message ends, and the
 * transaction state a response leaves. Bytes are passed on untouched; PGlite does the real work.
 * https://www.postgresql.org/docs/current/protocol-message-formats.html
 */

export const SSL_REQUEST = 80877103;
export const GSSENC_REQUEST = 80877104;
export const CANCEL_REQUEST = 80877102;
export const PROTOCOL_3 = 196608;

/** The first message of a connection has no type byte: its length, then a code (protocol version or a request). */
export function takeStartupMessage(buffer: Buffer): { message: Buffer; code: number } | undefined {
  if (buffer.length < 8) return undefined;
  const length = buffer.readInt32BE(0);
  if (length < 8 || buffer.length < length) return undefined;
  return { message: buffer.subarray(0, length), code: buffer.readInt32BE(4) };
}

/** A typed message: one byte, then a length that counts itself. */
export function takeMessage(buffer: Buffer): Buffer | undefined {
  if (buffer.length < 5) return undefined;
  const length = 1 + buffer.readInt32BE(1);
  if (length < 5) throw new Error(`malformed message (type ${JSON.stringify(String.fromCharCode(buffer[0]!))}, length ${length - 1})`);
  return buffer.length < length ? undefined : buffer.subarray(0, length);
}

/**
 * Messages after which the client waits for an answer: Sync ends an extended-protocol request (Parse … Execute), Query
 * is a whole simple request, Flush asks for output mid-request, CopyDone and CopyFail end a COPY.
 */
export function endsRequest(type: string): boolean {
  return type === 'S' || type === 'Q' || type === 'H' || type === 'c' || type === 'f';
}

/** The status byte of the last ReadyForQuery in a response: 'I' idle, 'T' in a transaction, 'E' in a failed one. */
export function lastTransactionStatus(response: Uint8Array): string | undefined {
  const bytes = Buffer.from(response.buffer, response.byteOffset, response.byteLength);
  let status: string | undefined;
  for (let at = 0; at + 5 <= bytes.length; at += 1 + bytes.readInt32BE(at + 1)) {
    if (bytes[at] === 0x5a /* Z */ && at + 6 <= bytes.length) status = String.fromCharCode(bytes[at + 5]!);
  }
  return status;
}

/** A simple Query message. */
export function queryMessage(sql: string): Buffer {
  const text = Buffer.from(`${sql}\0`);
  const message = Buffer.alloc(5 + text.length);
  message.write('Q', 0);
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return message;
}

export const SYNC_MESSAGE = Buffer.from([0x53, 0, 0, 0, 4]);
