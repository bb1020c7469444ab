import { genericAdversary, type AdversaryAction, type ProtocolAdversary } from '../byzantine.js';
import { alterOneField } from '../alter.js';
import { hashValue } from '../digest.js';
import { CODE_SEND, type EventLog } from '../event-log.js';
import type { FaultFilter } from '../faults/filter.js';
import type { FaultProfile } from '../faults/profile.js';
import { DeliverEvent, type NodeRuntime, type QueuedEvent } from '../host/runtime.js';
import { PartitionTable, type LinkConfig } from '../network.js';
import type { EventQueue } from '../queue.js';
import type { RandomStreams, RandomStream } from '../random.js';
import { usFromMs } from '../time.js';

/**
 * The simulated network: per-link settings, partitions, FIFO links, the per-message faults (drop,
 * delay, reorder, corrupt, duplicate) and the Byzantine adversary on a Byzantine node's sends. It
 * puts deliveries on the engine's queue; the host delivers them.
 */
export class Network {
  readonly partitions: PartitionTable;
  /** The fault id of the partition in force ('' when none), carried by the drops it causes. */
  activePartition = '';
  private readonly netRng: RandomStream;
  private readonly byzRng: RandomStream;
  private readonly defaultLink: LinkConfig;
  private readonly linkConfigs: (LinkConfig | undefined)[] | undefined;
  private readonly linkOrdinals: Uint32Array;
  private fifoLastUs: Float64Array | undefined;
  private msgCounter = 0;
  private byzCounter = 0;

  constructor(
    private readonly nodes: readonly NodeRuntime[],
    private readonly log: EventLog,
    private readonly queue: EventQueue<QueuedEvent>,
    private readonly filter: FaultFilter,
    private readonly profile: FaultProfile,
    streams: RandomStreams,
    private readonly links: ((from: string, to: string) => Partial<LinkConfig> | undefined) | undefined,
    private readonly adversary: ProtocolAdversary<any> | undefined,
  ) {
    const n = nodes.length;
    this.partitions = new PartitionTable(n);
    this.linkOrdinals = new Uint32Array(n * n);
    this.defaultLink = profile;
    this.linkConfigs = links ? new Array<LinkConfig | undefined>(n * n) : undefined;
    this.netRng = streams.get('net');
    this.byzRng = streams.get('byzantine');
  }

  /** A send from inside a handler: through the adversary when the sender is Byzantine. */
  send(node: NodeRuntime, toIndex: number, payload: unknown, sentInStep: number): void {
    if (!node.byzantine) {
      this.transmit(node, toIndex, payload, sentInStep);
      return;
    }
    const to = (this.nodes[toIndex] as NodeRuntime).id;
    for (const action of this.adversaryActions(node, to, payload)) {
      const actionTo = this.indexOf(action.to);
      const msgId = this.transmit(node, actionTo, action.msg, sentInStep);
      if (action.kind) this.recordByzantine(node, action, msgId);
    }
    node.pastSends.push({ to, msg: payload });
    if (node.pastSends.length > 64) node.pastSends.shift();
  }

  partition(groups: readonly (readonly number[])[], oneWay: boolean, fault: string): void {
    this.partitions.cut(groups, oneWay);
    this.activePartition = fault;
  }

  heal(): void {
    this.partitions.healAll();
    this.activePartition = '';
  }

  private indexOf(id: string): number {
    const index = this.nodes.findIndex((node) => node.id === id);
    if (index < 0) throw new Error(`unknown node "${id}"`);
    return index;
  }

  private adversaryActions(node: NodeRuntime, to: string, msg: unknown): AdversaryAction[] {
    const input = { from: node.id, to, msg, peers: node.peers, rng: this.byzRng, nowUs: this.log.nowUs, pastSends: node.pastSends };
    return this.adversary?.(input) ?? genericAdversary(input, this.profile);
  }

  private recordByzantine(node: NodeRuntime, action: AdversaryAction, msgId: number): void {
    const fault = `byz:${node.id}#${++this.byzCounter}`;
    this.log.stats.faults.byzantine++;
    const base = { node: node.id, to: action.to, msg: msgId, fault };
    if (action.kind === 'replay') this.log.rare({ type: 'byz.replay', ...base, replayOf: -1 });
    else if (action.kind === 'custom') this.log.rare({ type: 'byz.custom', ...base, note: action.note ?? '' });
    else this.log.rare({ type: `byz.${action.kind as 'alter' | 'equivocate'}`, ...base, path: action.note ?? '' });
  }

  private linkConfig(from: number, to: number): LinkConfig {
    const configs = this.linkConfigs;
    if (!configs) return this.defaultLink;
    const cell = from * this.nodes.length + to;
    let link = configs[cell];
    if (!link) {
      const override = this.links!((this.nodes[from] as NodeRuntime).id, (this.nodes[to] as NodeRuntime).id);
      link = override ? { ...this.defaultLink, ...override } : this.defaultLink;
      configs[cell] = link;
    }
    return link;
  }

  /**
   * Puts one message on the wire and decides its fate from the `net` stream. The draws made do not
   * depend on what earlier draws decided (only on the link's settings), so masking one fault leaves
   * the others' draws alone.
   */
  transmit(from: NodeRuntime, toIndex: number, msg: unknown, sentInStep: number): number {
    const log = this.log;
    const msgId = ++this.msgCounter;
    log.stats.messages.sent++;
    const to = this.nodes[toIndex] as NodeRuntime;
    log.digest.mix4(CODE_SEND, log.nowUs, from.index * 65536 + toIndex, hashValue(msg));
    log.keepFingerprint();
    if (log.trace) log.write({ type: 'net.send', from: from.id, to: to.id, msg: msgId, payload: msg });
    log.index++;

    const link = this.linkConfig(from.index, toIndex);
    const rng = this.netRng;
    const ordinal = ++this.linkOrdinals[from.index * this.nodes.length + toIndex]!;
    const dropRoll = link.dropProbability > 0 ? rng.float() : 1;
    let delayMs = link.delayMsMin;
    if (link.delayMsSpread > 0) {
      delayMs += link.delayDistribution === 'uniform' ? rng.float() * link.delayMsSpread : rng.exponential(link.delayMsSpread);
    }
    const reorderRoll = link.reorderProbability > 0 && !link.fifo ? rng.float() : 1;
    const reorderMs = reorderRoll < 1 ? rng.float() * link.reorderDelayMsMax : 0;
    const corruptRoll = link.corruptProbability > 0 ? rng.float() : 1;
    const duplicateRoll = link.duplicateProbability > 0 ? rng.float() : 1;
    const duplicateMs = duplicateRoll < 1 ? rng.float() * link.duplicateDelayMsMax : 0;

    if (this.partitions.isBlocked(from.index, toIndex)) {
      log.drop(from.index, from.id, toIndex, to.id, msgId, 'partition', this.activePartition);
      return msgId;
    }
    if (dropRoll < link.dropProbability) {
      const fault = this.faultId('drop', from, to, ordinal);
      if (fault) {
        log.stats.faults.drop++;
        log.drop(from.index, from.id, toIndex, to.id, msgId, 'random', fault);
        return msgId;
      }
    }
    let delayUs = usFromMs(delayMs);
    if (reorderRoll < link.reorderProbability) {
      const fault = this.faultId('reorder', from, to, ordinal);
      if (fault) {
        const extraDelayUs = usFromMs(reorderMs);
        delayUs += extraDelayUs;
        log.stats.faults.reorder++;
        log.rare({ type: 'net.reorder', from: from.id, to: to.id, msg: msgId, fault, extraDelayUs });
      }
    }
    let payload = msg;
    let corrupted = false;
    if (corruptRoll < link.corruptProbability) {
      const fault = this.faultId('corrupt', from, to, ordinal);
      const altered = fault ? alterOneField(msg, rng) : undefined;
      if (fault && altered) {
        payload = altered.msg;
        corrupted = true;
        log.stats.faults.corrupt++;
        log.rare({ type: 'net.corrupt', from: from.id, to: to.id, msg: msgId, fault, path: altered.path });
      }
    }
    const linkCell = from.index * this.nodes.length + toIndex;
    const arrivalUs = this.fifoArrival(link, linkCell, log.nowUs + delayUs);
    this.queue.push(arrivalUs, new DeliverEvent(from.index, toIndex, msgId, payload, false, corrupted, sentInStep));
    if (duplicateRoll < link.duplicateProbability) {
      const fault = this.faultId('duplicate', from, to, ordinal);
      if (fault) {
        const extraDelayUs = usFromMs(duplicateMs);
        log.stats.faults.duplicate++;
        log.rare({ type: 'net.duplicate', from: from.id, to: to.id, msg: msgId, fault, extraDelayUs });
        const duplicateUs = this.fifoArrival(link, linkCell, arrivalUs + extraDelayUs);
        this.queue.push(duplicateUs, new DeliverEvent(from.index, toIndex, msgId, payload, true, corrupted, sentInStep));
      }
    }
    return msgId;
  }

  private fifoArrival(link: LinkConfig, linkCell: number, arrivalUs: number): number {
    if (!link.fifo) return arrivalUs;
    if (!this.fifoLastUs) this.fifoLastUs = new Float64Array(this.nodes.length * this.nodes.length);
    const last = this.fifoLastUs[linkCell] as number;
    const at = arrivalUs < last ? last : arrivalUs;
    this.fifoLastUs[linkCell] = at;
    return at;
  }

  /** The stable id of a per-message fault, or undefined when shrinking masked it. */
  private faultId(kind: string, from: NodeRuntime, to: NodeRuntime, ordinal: number): string | undefined {
    const id = `${kind}:${from.id}>${to.id}#${ordinal}`;
    return this.filter.allows(id) ? id : undefined;
  }
}
