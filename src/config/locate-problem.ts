import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import { closestNames } from '../core/suggest.js';
import { joinPath, type ConfigProblem } from './problems.js';

type Path = ReadonlyArray<PropertyKey>;

/**
 * A schema problem placed where the admin will look: the line in the file, the list entry named by its code or
 * id (departments.1 (tinghu.gtfj)), and for an unknown key the key that was probably meant, taken from the
 * required keys the same object lacks and the keys its sibling entries use (`reminder` → `reminders`).
 */
export function locateProblem(
  problem: ConfigProblem,
  issuePath: Path,
  unknown: { keys: readonly string[]; missing: readonly string[] } | undefined,
  document: Document,
  lines: LineCounter,
): ConfigProblem {
  const node = nearestNode(document, issuePath);
  const line = node?.range ? lines.linePos(keyOffset(node, unknown?.keys[0]) ?? node.range[0]).line : undefined;
  const path = namedPath(document, issuePath);
  let message = problem.message;
  if (unknown) {
    const candidates = [...new Set([...unknown.missing, ...knownKeysNear(document, issuePath)])].filter((key) => !unknown.keys.includes(key));
    const hints = unknown.keys.flatMap((key) => closestNames(key, candidates, 1));
    if (hints.length > 0) message = `${message}; did you mean ${hints.map((h) => `"${h}"`).join(', ')}?`;
  }
  return { ...problem, path, message, ...(line === undefined ? {} : { line }) };
}

/** The node at the path, or at the nearest ancestor that exists (a missing key is reported on its object). */
function nearestNode(document: Document, path: Path): Node | undefined {
  for (let length = path.length; length >= 0; length--) {
    const node = document.getIn(path.slice(0, length) as unknown[], true);
    if (node && typeof node === 'object' && 'range' in node) return node as Node;
  }
  return undefined;
}

/** Where an unknown key is written in its map, to point at that line rather than the map's first. */
function keyOffset(node: Node, key: string | undefined): number | undefined {
  if (key === undefined || !isMap(node)) return undefined;
  const pair = node.items.find((item) => isScalar(item.key) && item.key.value === key);
  return pair && isScalar(pair.key) ? pair.key.range?.[0] : undefined;
}

/** The dotted path with each list entry followed by its code or id, when it has one. */
function namedPath(document: Document, path: Path): string {
  const parts: string[] = [];
  path.forEach((segment, index) => {
    parts.push(String(segment));
    if (typeof segment !== 'number') return;
    const entry = document.getIn(path.slice(0, index + 1) as unknown[], true);
    if (!isMap(entry)) return;
    const name = entry.get('code') ?? entry.get('id');
    if (typeof name === 'string') parts[parts.length - 1] = `${segment} (${name})`;
  });
  return parts.length === path.length ? parts.join('.') : joinPath(path);
}

/** The keys the object's sibling entries use, if it is an entry of a list. */
function knownKeysNear(document: Document, path: Path): string[] {
  const last = path[path.length - 1];
  if (typeof last !== 'number') return [];
  const list = document.getIn(path.slice(0, -1) as unknown[], true);
  if (!isSeq(list)) return [];
  const keys = new Set<string>();
  for (const entry of list.items) {
    if (!isMap(entry)) continue;
    for (const pair of entry.items) if (isScalar(pair.key) && typeof pair.key.value === 'string') keys.add(pair.key.value);
  }
  return [...keys];
}
