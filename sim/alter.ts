import type { RandomStream } from './random.js';

type Path = (string | number)[];

/** Paths of every primitive leaf of a message, except its `type` tag (kept so handlers can dispatch). */
function leafPaths(value: unknown, path: Path, out: Path[]): void {
  if (typeof value !== 'object' || value === null) {
    if (path.length > 0) out.push(path);
    return;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) leafPaths(value[i], [...path, i], out);
    return;
  }
  for (const key in value) {
    if (path.length === 0 && key === 'type') continue;
    leafPaths((value as Record<string, unknown>)[key], [...path, key], out);
  }
}

function shallowCopy(value: unknown): unknown {
  return Array.isArray(value) ? value.slice() : { ...(value as Record<string, unknown>) };
}

function alterLeaf(value: unknown, rng: RandomStream): unknown {
  switch (typeof value) {
    case 'number':
      if (Number.isInteger(value)) return value + (rng.chance(0.5) ? 1 : -1) * (1 + rng.int(3));
      return value * rng.uniform(0.5, 1.5) + 1;
    case 'string': {
      if (value.length === 0) return 'x';
      const at = rng.int(value.length);
      const replacement = String.fromCharCode(97 + rng.int(26));
      const altered = value.slice(0, at) + replacement + value.slice(at + 1);
      return altered === value ? `${value}x` : altered;
    }
    case 'boolean':
      return !value;
    default:
      return 0;
  }
}

/**
 * A copy of msg with one primitive field altered, chosen and changed by rng. With pathSeed the field
 * is chosen by that number instead (equivocation: same field, different values to different peers).
 * Returns undefined when the message has no field to alter.
 */
export function alterOneField<M>(msg: M, rng: RandomStream, pathSeed?: number): { msg: M; path: string } | undefined {
  const paths: Path[] = [];
  leafPaths(msg, [], paths);
  if (paths.length === 0) return undefined;
  const path = paths[pathSeed === undefined ? rng.int(paths.length) : pathSeed % paths.length] as Path;
  // Copies only along the path (parts of the message may be frozen and shared); the rest is shared,
  // as any payload is between its sender and receivers.
  const copy = shallowCopy(msg) as Record<string | number, unknown>;
  let parent = copy;
  for (let i = 0; i < path.length - 1; i++) {
    const step = path[i] as string | number;
    const child = shallowCopy(parent[step]) as Record<string | number, unknown>;
    parent[step] = child;
    parent = child;
  }
  const last = path[path.length - 1] as string | number;
  parent[last] = alterLeaf(parent[last], rng);
  return { msg: copy as unknown as M, path: path.join('.') };
}
