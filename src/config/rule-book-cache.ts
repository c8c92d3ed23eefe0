import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { RuleBook, type RuleBookParts } from '../core/rule-book.js';
import { preparePrivateDir, replaceFile } from '../files/safe-files.js';

/** Raised when what a cache file holds changes shape; a file of another format is never read. */
const FORMAT = 1;

/**
 * The rule book a command worked out from the config, kept for the next call: reading and checking the YAML
 * (yaml, zod, every cross-file check) is most of what `due` costs, and the answer only changes when a file does.
 *
 * A kept rule book is used only when its key matches: a hash of this build's id (build-id.ts) and of the name and
 * content of every file under the config directory, including those the rule book does not read (departments,
 * schedules…). So a call finds it only when the whole config is byte for byte the one that was last loaded in full
 * and passed every check: a config that would now fail still fails, with every problem listed, as before.
 *
 * One file per config directory (`rule-book-<hash of its path>.json`), replaced when the config changes, so the
 * cache does not grow. Reading or writing it may fail (no home directory, a read-only disk, a directory another
 * user owns): the command then loads the config as it would without a cache, and says nothing.
 */
export class RuleBookCache {
  private readonly file: string;

  private constructor(
    cacheDir: string,
    configDir: string,
    private readonly key: string,
  ) {
    this.file = join(cacheDir, `rule-book-${sha256(configDir).slice(0, 16)}.json`);
  }

  /** The cache of this config directory, or undefined when nothing may be kept (no build id: run from src/). */
  static open(configDir: string, buildId: string | undefined, cacheDir: string | undefined = defaultCacheDir()): RuleBookCache | undefined {
    if (buildId === undefined || cacheDir === undefined) return undefined;
    const key = configKey(configDir, buildId);
    return key === undefined ? undefined : new RuleBookCache(cacheDir, configDir, key);
  }

  /** The kept rule book, when it was worked out by this build from exactly this config. */
  read(): RuleBook | undefined {
    try {
      const kept = JSON.parse(readFileSync(this.file, 'utf8'), reviveMaps) as { format?: unknown; key?: unknown; parts?: unknown };
      if (kept.format !== FORMAT || kept.key !== this.key) return undefined;
      return new RuleBook(kept.parts as RuleBookParts);
    } catch {
      return undefined;
    }
  }

  /**
   * Keeps a rule book loaded in full from this config, in a directory only this user may enter, written whole
   * (replaceFile: an unguessable temporary file renamed) or not at all.
   */
  async write(book: RuleBook): Promise<void> {
    try {
      const text = JSON.stringify({ format: FORMAT, key: this.key, parts: book.parts() }, plainData);
      preparePrivateDir(dirname(this.file), 'the rule book cache');
      await replaceFile(this.file, text, 0o600);
    } catch {
      // Not kept: the next call loads the config again.
    }
  }
}

/** DW_CACHE_DIR, else $XDG_CACHE_HOME/disclosure-watch, else ~/.cache/disclosure-watch. */
function defaultCacheDir(): string | undefined {
  if (process.env.DW_CACHE_DIR) return process.env.DW_CACHE_DIR;
  const base = process.env.XDG_CACHE_HOME || (homedir() ? join(homedir(), '.cache') : undefined);
  return base === undefined ? undefined : join(base, 'disclosure-watch');
}

/** The build's id with the name and content of every file under the directory, in name order; undefined when one cannot be read. */
function configKey(configDir: string, buildId: string): string | undefined {
  const hash = createHash('sha256').update(`${FORMAT}\0${buildId}\0`);
  const visit = (relative: string): void => {
    const path = join(configDir, relative);
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const name of readdirSync(path).sort()) visit(relative === '' ? name : `${relative}/${name}`);
      return;
    }
    // Files only: reading a FIFO someone left there would wait for ever (the config reader never reads one either).
    if (!stat.isFile()) return;
    const content = readFileSync(path);
    hash.update(`${relative}\0${content.length}\0`).update(content);
  };
  try {
    visit('');
    return hash.digest('hex');
  } catch {
    return undefined;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * JSON for the rule book's parts, Maps written as {"$map": entries}. Anything JSON would change (a Set, a Date, a
 * number it cannot hold) stops the write: a rule book is kept exactly or not at all.
 */
function plainData(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  if (raw instanceof Map) return { $map: [...raw] };
  if (typeof raw === 'number' && !Number.isFinite(raw)) throw new Error(`${key}: ${raw} cannot be kept`);
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && Object.getPrototypeOf(raw) !== Object.prototype) {
    throw new Error(`${key}: a ${raw.constructor.name} cannot be kept`);
  }
  if (typeof raw === 'function' || typeof raw === 'bigint' || typeof raw === 'symbol') throw new Error(`${key}: a ${typeof raw} cannot be kept`);
  return value;
}

function reviveMaps(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = (value as { $map?: unknown }).$map;
    if (Array.isArray(entries) && Object.keys(value).length === 1) return new Map(entries as Array<[unknown, unknown]>);
  }
  return value;
}
