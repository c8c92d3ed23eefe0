import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_CONFIG_DIR } from './config.js';

/** A throwaway copy of the shipped config that a test may break; removed by `cleanup`. */
export class TempConfig {
  readonly dir = mkdtempSync(join(tmpdir(), 'dw-config-'));

  constructor() {
    cpSync(PROJECT_CONFIG_DIR, this.dir, { recursive: true });
  }

  read(file: string): string {
    return readFileSync(join(this.dir, file), 'utf8');
  }

  write(file: string, text: string): this {
    writeFileSync(join(this.dir, file), text);
    return this;
  }

  /** Replaces one exact piece of a file, failing loudly when it is not there (so a test cannot silently test nothing). */
  edit(file: string, from: string, to: string): this {
    const text = this.read(file);
    if (!text.includes(from)) throw new Error(`${file} does not contain ${JSON.stringify(from)}`);
    return this.write(file, text.replace(from, to));
  }

  remove(file: string): this {
    rmSync(join(this.dir, file));
    return this;
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
