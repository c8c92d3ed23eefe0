/** docs/rules.md lists every rule with its basis: a rule added to config/ without its line there fails here. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';

const { ruleBook } = loadConfig(new URL('../../config', import.meta.url).pathname, { today: '2026-11-21' });
const doc = readFileSync(new URL('../../docs/rules.md', import.meta.url), 'utf8');

describe('docs/rules.md', () => {
  it('lists every rule in config/rules with its document and section', () => {
    const missing = [...ruleBook.rules.values()].filter((rule) => {
      const line = doc.split('\n').find((l) => l.startsWith(`| \`${rule.id}\` `));
      return !line || !line.includes(`${rule.legalBasis.document} ${rule.legalBasis.section}`);
    });
    expect(missing.map((rule) => rule.id)).toEqual([]);
  });

  it('names every alias', () => {
    for (const [alias, target] of ruleBook.ruleAliases) expect(doc).toContain(`\`${alias}\` → \`${target}\``);
  });
});
