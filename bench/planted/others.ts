import { broadcastGossip } from '../../scenarios/broadcast-gossip.js';
import { chainKv } from '../../scenarios/chain-kv.js';
import { clocksLamport } from '../../scenarios/clocks-lamport.js';
import { clocksVector } from '../../scenarios/clocks-vector.js';
import { primaryBackupKv } from '../../scenarios/primary-backup-kv.js';
import { rpcAtMostOnce } from '../../scenarios/rpc-at-most-once.js';
import { rpcExactlyOnce } from '../../scenarios/rpc-exactly-once.js';
import { snapshotBank } from '../../scenarios/snapshot-bank.js';
import { everyNode, forgetting, patchScenario, servers, syncAtNextEvent, writtenAfterSync } from './patch.js';
import type { PlantedBug } from './types.js';

const replicas = (node: { role?: string }): boolean => node.role === 'replica';
const pbServers = (node: { role?: string }): boolean => node.role === 'server';

export const rpcBugs: PlantedBug[] = [
  {
    id: 'rpc-executing-not-tracked',
    protocol: 'rpc',
    description: 'the server does not remember calls it is still executing: a retry that arrives mid-execution runs the call again',
    scenario: patchScenario(rpcAtMostOnce, 'planted:rpc-executing-not-tracked', servers, {
      incoming: (state, _from, msg) => {
        if (msg.type === 'rpc.call') delete state.table.executing[`${msg.client}:${msg.seq}`];
        return msg;
      },
    }),
  },
  {
    id: 'rpc-reply-before-fsync',
    protocol: 'rpc',
    description: 'the server replies before its fsync (moved off the critical path): a crash right after the reply loses an execution the client saw',
    scenario: patchScenario(rpcAtMostOnce, 'planted:rpc-reply-before-fsync', servers, syncAtNextEvent()),
  },
  {
    id: 'rpc-dedup-entry-after-fsync',
    protocol: 'rpc',
    description: "the dedup table entry is written after the fsync that covers the call's effect: a crash in between makes a retry execute twice",
    scenario: patchScenario(rpcAtMostOnce, 'planted:rpc-dedup-entry-after-fsync', servers, { storage: writtenAfterSync((key) => key.startsWith('dedup:')) }),
  },
  {
    id: 'rpc-exactly-once-entry-after-fsync',
    protocol: 'rpc',
    description: 'the same persistence-order mistake in the exactly-once design (durable table, unbounded retries)',
    scenario: patchScenario(rpcExactlyOnce, 'planted:rpc-exactly-once-entry-after-fsync', servers, { storage: writtenAfterSync((key) => key.startsWith('dedup:')) }),
  },
];

export const chainBugs: PlantedBug[] = [
  // The first three replace chain-ack-any-epoch, chain-updates-any-epoch and chain-lease-any-epoch,
  // which no checker could see (bench/planted/retired.ts says why; effect.ts measures it).
  {
    id: 'chain-head-renumbers-retry',
    protocol: 'chain',
    description: "the head numbers a retried write again instead of looking up its request id (the retry is applied twice)",
    scenario: patchScenario(chainKv, 'planted:chain-head-renumbers-retry', replicas, {
      incoming: (state, _from, msg) => {
        if (msg.type === 'kv.request' && msg.f !== 'get') delete state.seqOf[msg.reqId];
        return msg;
      },
    }),
  },
  {
    id: 'chain-head-acks-applied-retry',
    protocol: 'chain',
    description: 'the head answers a retried write as soon as it has applied it, before the tail has committed it',
    scenario: patchScenario(chainKv, 'planted:chain-head-acks-applied-retry', replicas, {
      incoming: (state, from, msg, ctx) => {
        const known = msg.type === 'kv.request' && msg.f !== 'get' ? state.seqOf[msg.reqId] : undefined;
        const head = !state.removed && state.config.chain[0] === ctx.id;
        if (head && known !== undefined && known > state.committed) ctx.send(from, { type: 'kv.reply', reqId: msg.reqId, value: null });
        return msg;
      },
    }),
  },
  {
    id: 'chain-new-tail-not-caught-up',
    protocol: 'chain',
    description: 'a replica added as a new tail takes itself for caught up at once and serves reads before it holds every committed update',
    scenario: patchScenario(chainKv, 'planted:chain-new-tail-not-caught-up', replicas, {
      incoming: (state, _from, msg) => {
        if (!state.removed && state.config.chain.length > 0) state.complete = true;
        return msg;
      },
    }),
  },
];

export const primaryBackupBugs: PlantedBug[] = [
  {
    id: 'pb-ack-any-view',
    protocol: 'primary-backup',
    description: 'the primary counts a backup ack sent in an earlier view towards commitment in the current one',
    scenario: patchScenario(primaryBackupKv, 'planted:pb-ack-any-view', pbServers, {
      incoming: (state, _from, msg) => (msg.type === 'pb.ack' && msg.view < state.installed ? { ...msg, view: state.installed } : msg),
    }),
  },
  {
    id: 'pb-replicate-any-view',
    protocol: 'primary-backup',
    description: 'a backup appends entries sent by its primary in an earlier view (the view number is not compared)',
    scenario: patchScenario(primaryBackupKv, 'planted:pb-replicate-any-view', pbServers, {
      incoming: (state, _from, msg) => (msg.type === 'pb.replicate' && msg.view < state.installed ? { ...msg, view: state.installed } : msg),
    }),
  },
  // Replaces pb-backup-commit-unclamped, which no checker could see (bench/planted/retired.ts).
  {
    id: 'pb-primary-local-reads',
    protocol: 'primary-backup',
    description: 'the primary answers reads from its own state without logging them, so a deposed primary that has not heard of the new view serves stale reads',
    scenario: patchScenario(primaryBackupKv, 'planted:pb-primary-local-reads', pbServers, {
      incoming: (state, from, msg, ctx) => {
        if (msg.type !== 'kv.request' || msg.f !== 'get') return msg;
        if (state.view.primary !== ctx.id || state.installed !== state.view.num || !state.active) return msg;
        ctx.send(from, { type: 'kv.reply', reqId: msg.reqId, value: state.kv[msg.key] ?? null });
        return undefined;
      },
    }),
  },
];

export const broadcastBugs: PlantedBug[] = [
  {
    id: 'broadcast-deliver-before-fsync',
    protocol: 'broadcast',
    description: 'delivery counters are synced lazily (at the next event): a crash right after a delivery makes the node deliver it again',
    scenario: patchScenario(broadcastGossip, 'planted:broadcast-deliver-before-fsync', everyNode, syncAtNextEvent()),
  },
  {
    id: 'broadcast-counter-after-fsync',
    protocol: 'broadcast',
    description: 'the per-origin delivery counter is written after the fsync that covers the message',
    scenario: patchScenario(broadcastGossip, 'planted:broadcast-counter-after-fsync', everyNode, { storage: writtenAfterSync((key) => key.startsWith('delivered:')) }),
  },
  {
    id: 'broadcast-gossip-off-by-one',
    protocol: 'broadcast',
    description: "anti-entropy digests claim one message more than delivered from others' origins, so peers never repair that gap",
    scenario: patchScenario(broadcastGossip, 'planted:broadcast-gossip-off-by-one', everyNode, {
      outgoing: (_to, msg, ctx) => {
        if (msg.type !== 'bcast.gossip') return msg;
        const have: Record<string, number> = {};
        for (const [origin, count] of Object.entries(msg.have as Record<string, number>)) have[origin] = origin === ctx.id ? count : count + 1;
        return { ...msg, have };
      },
    }),
  },
];

export const clockBugs: PlantedBug[] = [
  {
    id: 'lamport-clock-not-persisted',
    protocol: 'clocks',
    description: 'the Lamport clock is kept in memory only: after a restart it counts again from zero',
    scenario: patchScenario(clocksLamport, 'planted:lamport-clock-not-persisted', everyNode, { storage: forgetting((key) => key === 'clock') }),
  },
  {
    id: 'vector-clock-lazy-fsync',
    protocol: 'clocks',
    description: 'the vector clock is synced at the next event instead of after each one: a crash right after an event rolls the clock back',
    scenario: patchScenario(clocksVector, 'planted:vector-clock-lazy-fsync', everyNode, syncAtNextEvent()),
  },
];

export const snapshotBugs: PlantedBug[] = [
  {
    id: 'snapshot-newest-records-only',
    protocol: 'snapshot',
    description: 'with several snapshots in progress, an arriving transfer is recorded only in the newest one (one "recording" slot instead of one per snapshot)',
    scenario: patchScenario(snapshotBank, 'planted:snapshot-newest-records-only', everyNode, {
      afterMessage: (state, from, msg) => {
        if (msg.type !== 'bank.transfer') return;
        const ids = Object.keys(state.snapshots);
        for (const id of ids.slice(0, -1)) {
          const open = state.snapshots[id].open[from];
          if (open && open.length > 0 && open[open.length - 1].id === msg.id) open.pop();
        }
      },
    }),
  },
];
