import { distance } from 'fastest-levenshtein';

/**
 * The known names closest to a mistyped one: those containing it (or contained in it), or within a few edits;
 * the nearest first, at most `limit`.
 */
export function closestNames(value: string, known: Iterable<string>, limit = 3): string[] {
  const wanted = value.toLowerCase();
  const scored: Array<{ name: string; score: number }> = [];
  for (const name of known) {
    const candidate = name.toLowerCase();
    const edits = distance(wanted, candidate);
    const related = candidate.includes(wanted) || wanted.includes(candidate);
    // A third of the name, at least one edit: two-character Chinese names are one edit apart from much else.
    const tolerance = Math.max(1, Math.floor(candidate.length / 3));
    if (edits <= tolerance || related) scored.push({ name, score: related ? Math.min(edits, 1) : edits });
  }
  scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
  // Only the near-best: a clear winner is not followed by far-fetched alternatives.
  const best = scored[0]?.score ?? 0;
  return scored
    .filter((entry) => entry.score <= best + 1)
    .slice(0, limit)
    .map((entry) => entry.name);
}

/** "; did you mean a, b?" for a message about an unknown name, or nothing when no known name is close. */
export function didYouMean(value: string, known: Iterable<string>): string {
  const names = closestNames(value, known);
  return names.length > 0 ? `; did you mean ${names.join(', ')}?` : '';
}
