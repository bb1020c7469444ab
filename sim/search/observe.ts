import type { NodeObserver, NodeSpec } from '../actor.js';

export type { NodeObserver } from '../actor.js';

/**
 * A node spec with one more observer. The engine calls a spec's observer (NodeSpec.observer), so the
 * protocol sees the engine's own context in every seed of a mix. A node observed twice (coverage
 * and a strategy) gets both: the newer observer's before-hooks first and its after-hooks last, the
 * order of a wrapper around a wrapper.
 */
export function withObserver(node: NodeSpec, observer: NodeObserver): NodeSpec {
  return { ...node, observer: node.observer ? bothObservers(node.observer, observer) : observer };
}

function bothObservers(inner: NodeObserver, outer: NodeObserver): NodeObserver {
  const both: NodeObserver = {};
  const afterSend = inOrder(inner.afterSend, outer.afterSend);
  const afterSync = inOrder(inner.afterSync, outer.afterSync);
  const onSetTimer = inOrder(outer.onSetTimer, inner.onSetTimer);
  const beforeMessage = inOrder(outer.beforeMessage, inner.beforeMessage);
  const beforeTimer = inOrder(outer.beforeTimer, inner.beforeTimer);
  if (afterSend) both.afterSend = afterSend;
  if (afterSync) both.afterSync = afterSync;
  if (onSetTimer) both.onSetTimer = onSetTimer;
  if (beforeMessage) both.beforeMessage = beforeMessage;
  if (beforeTimer) both.beforeTimer = beforeTimer;
  return both;
}

/** Up to four arguments, the most any hook takes. */
type AnyHook = (a: unknown, b: unknown, c: unknown, d: unknown) => void;

/**
 * One hook that calls `first`, then `second`; either alone as it is. Four fixed parameters rather
 * than (...args): a rest-args forwarder allocated an array on every call of a hook.
 */
function inOrder<Hook>(first: Hook | undefined, second: Hook | undefined): Hook | undefined {
  if (!first) return second;
  if (!second) return first;
  const one = first as unknown as AnyHook;
  const two = second as unknown as AnyHook;
  return ((a: unknown, b: unknown, c: unknown, d: unknown) => {
    one(a, b, c, d);
    two(a, b, c, d);
  }) as unknown as Hook;
}

/** Every node whose id passes `which` observed; the others untouched. */
export function observeNodes(nodes: readonly NodeSpec[], observer: NodeObserver, which: (node: NodeSpec) => boolean = () => true): NodeSpec[] {
  return observeEach(nodes, (node) => (which(node) ? observer : undefined));
}

/** Each node observed by its own observer (state kept per node, no lookup by id per call); undefined leaves a node untouched. */
export function observeEach(nodes: readonly NodeSpec[], observerOf: (node: NodeSpec) => NodeObserver | undefined): NodeSpec[] {
  return nodes.map((node) => {
    const observer = observerOf(node);
    return observer ? withObserver(node, observer) : node;
  });
}
