import { getHeapStatistics } from 'node:v8';

/**
 * The heap share past which a run stops as a `limit` result instead of growing until V8 aborts the
 * whole process (losing every result, and in fuzz the worker). Checked every 8 wall-clock checks
 * (8,192 events; about a microsecond each), so it costs nothing measurable; like the wall budget it is a limit, not part of
 * the run's deterministic course.
 */
export const HEAP_LIMIT_SHARE = 0.8;
/**
 * V8's heap_size_limit counts the young generation too (48 MB on Node 20, 64-bit), which the old
 * space, where a growing run's data ends up, cannot use: with --max-old-space-size=96 the limit
 * reads 144 MB and the process dies at about 96 MB used.
 */
const YOUNG_GENERATION_BYTES = 48 * 1_048_576;

let checks = 0;

/** A one-line reason when the heap is nearly full, checked on every 8th call; else undefined. */
export function heapNearlyFull(): string | undefined {
  if ((++checks & 7) !== 0) return undefined;
  const heap = getHeapStatistics();
  const usableBytes = Math.max(heap.heap_size_limit - YOUNG_GENERATION_BYTES, heap.heap_size_limit / 2);
  if (heap.used_heap_size < HEAP_LIMIT_SHARE * usableBytes) return undefined;
  const mb = (bytes: number) => Math.round(bytes / 1_048_576);
  return `heap ${mb(heap.used_heap_size)} MB of its ${mb(usableBytes)} MB limit in use: the run would soon exhaust memory (a shorter --time, or more heap: node --max-old-space-size, fuzz --worker-heap-mb)`;
}
