import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cliCommand, shellQuote } from '../../src/text/shell-quote.js';

describe('commands to copy into a shell', () => {
  it.each([
    ['department:tinghu.czj:2026-11-06', 'department:tinghu.czj:2026-11-06'],
    ['a b', "'a b'"],
    ["it's", "'it'\\''s'"],
    ['$(rm -rf ~)', "'$(rm -rf ~)'"],
    ['`id`;x', "'`id`;x'"],
    ['', "''"],
  ])('%j → %s, which the shell reads back as it was', (argument, quoted) => {
    expect(shellQuote(argument)).toBe(quoted);
    expect(execFileSync('/bin/sh', ['-c', `printf %s ${quoted}`], { encoding: 'utf8' })).toBe(argument);
  });

  it('quotes each argument of the CLI line', () => {
    expect(cliCommand('mail', 'resend', "department:x y:2026-11-06")).toBe("npm run -s cli -- mail resend 'department:x y:2026-11-06'");
  });
});
