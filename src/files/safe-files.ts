import { randomBytes } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync } from 'node:fs';
import { link, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../core/errors.js';

/** A file the user named exists already: it is not overwritten unasked. */
export class FileExistsError extends InputError {}

/**
 * Creates a file exclusively (O_CREAT|O_EXCL): an existing file, or a link planted at the path, is refused, never
 * followed or overwritten. With `force` the bytes go to a fresh temporary file beside it, renamed over the path: a
 * link there is replaced, not followed, and a reader never sees half a file.
 */
export async function writeNewFile(path: string, bytes: Uint8Array | string, options: { force?: boolean; mode?: number } = {}): Promise<void> {
  if (options.force) return replaceFile(path, bytes, options.mode);
  try {
    await writeExclusive(path, bytes, options.mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new FileExistsError(`${path} exists: choose another file, or --force to overwrite it`);
    throw error;
  }
}

/** Writes a file whole, in place of whatever is at the path: through an exclusive temporary file with a name no one can guess, then a rename. */
export async function replaceFile(path: string, bytes: Uint8Array | string, mode = 0o644): Promise<void> {
  const file = await FileInTheMaking.begin(path, mode);
  try {
    await file.write(typeof bytes === 'string' ? Buffer.from(bytes) : bytes);
    await file.publish({ force: true });
  } catch (error) {
    await file.discard();
    throw error;
  }
}

/**
 * A file written a part at a time and appearing whole at its path only when published: until then it is a
 * temporary file of an unguessable name beside it, removed if the work fails. Publishing creates the path
 * exclusively (a hard link, refused if anything is there) unless `force`, which renames over it.
 */
export class FileInTheMaking {
  private constructor(
    private readonly handle: FileHandle,
    private readonly temporary: string,
    readonly path: string,
  ) {}

  static async begin(path: string, mode = 0o644): Promise<FileInTheMaking> {
    const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(9).toString('hex')}.tmp`);
    return new FileInTheMaking(await open(temporary, 'wx', mode), temporary, path);
  }

  async write(bytes: Uint8Array): Promise<void> {
    await this.handle.write(bytes);
  }

  async publish(options: { force?: boolean | undefined } = {}): Promise<void> {
    await this.handle.close();
    try {
      if (options.force) return await rename(this.temporary, this.path);
      await link(this.temporary, this.path).catch((error: NodeJS.ErrnoException) => {
        throw error.code === 'EEXIST' ? new FileExistsError(`${this.path} exists: choose another file, or --force to overwrite it`) : error;
      });
      await rm(this.temporary, { force: true });
    } catch (error) {
      await rm(this.temporary, { force: true });
      throw error;
    }
  }

  async discard(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await rm(this.temporary, { force: true });
  }
}

async function writeExclusive(path: string, bytes: Uint8Array | string, mode = 0o644): Promise<void> {
  const handle = await open(path, 'wx', mode);
  try {
    await handle.writeFile(bytes);
  } finally {
    await handle.close();
  }
}

/**
 * A directory only this user may enter (0700), for what has no password of its own: the embedded ledger's files
 * (PGlite creates them 0666 whatever the umask) and its socket. One that is not this user's is refused, not used.
 */
export function preparePrivateDir(dir: string, what: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = lstatSync(dir);
  if (!stat.isDirectory() || (typeof process.getuid === 'function' && stat.uid !== process.getuid())) {
    throw new Error(`${what} ${dir} is not a directory of this user's; remove it`);
  }
  chmodSync(dir, 0o700);
}
