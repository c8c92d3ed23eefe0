import { describe, expect, it } from 'vitest';
import { changedYears, type DeadlineFingerprintParts } from '../../src/config/fingerprint.js';
import { recomputeScope } from '../../src/monitor/recompute-scope.js';

const parts = (base: string, years: Record<string, string>): DeadlineFingerprintParts => ({ base, years });
const computed = parts('b1', { 2025: 'a', 2026: 'b' });

describe('which calendar years changed', () => {
  it.each([
    ['nothing', parts('b1', { 2025: 'a', 2026: 'b' }), []],
    ['the next year added (its notice loaded)', parts('b1', { 2025: 'a', 2026: 'b', 2027: 'c' }), [2027]],
    ['a year changed (a local closure, an amended notice)', parts('b1', { 2025: 'a', 2026: 'x' }), [2026]],
    ['a year removed', parts('b1', { 2026: 'b' }), [2025]],
    ['two years, given in order', parts('b1', { 2025: 'y', 2026: 'b', 2027: 'c' }), [2025, 2027]],
    ['the rules, jurisdictions or engine', parts('b2', { 2025: 'a', 2026: 'b', 2027: 'c' }), 'all'],
  ] as const)('%s', (_, now, expected) => {
    expect(changedYears(computed, now)).toEqual(expected);
  });
});

describe('what a recompute reads', () => {
  const withParts = { fingerprint: 'f1', parts: computed };
  const next = { fingerprint: 'f2', fingerprintParts: parts('b1', { 2025: 'a', 2026: 'b', 2027: 'c' }) };

  it.each([
    ['only what reaches the new year', withParts, next, false, { years: [2027] }],
    ['everything when forced', withParts, next, true, 'all'],
    ['everything on a new ledger', undefined, next, false, 'all'],
    ['everything when the parts were not kept (a ledger computed before they were)', { fingerprint: 'f1' }, next, false, 'all'],
    ['everything when the config has no parts', withParts, { fingerprint: 'f2' }, false, 'all'],
    ['everything when the rules changed', withParts, { fingerprint: 'f2', fingerprintParts: parts('b2', computed.years) }, false, 'all'],
    ['everything when no year differs though the fingerprint does', withParts, { fingerprint: 'f2', fingerprintParts: computed }, false, 'all'],
  ] as const)('%s', (_, before, now, force, expected) => {
    expect(recomputeScope(before, now, force)).toEqual(expected);
  });
});
