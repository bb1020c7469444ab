import { genericAdversary, type AdversaryAction, type ProtocolAdversary } from '../byzantine.js';
import { alterOneField } from '../alter.js';
import { hashValue } from '../digest.js';
import { CODE_SEND, type EventLog } from '../event-log.js';
import type { FaultFilter } from '../faults/filter.js';
import type { FaultProfile } from '../faults/profile.js';
import { DeliverEvent, type NodeRuntime, type QueuedEvent } from '../host/runtime.js';
import { PartitionTable, type LinkConfig } from '../network.js';
import type { EventQueue } from '../queue.js';
import { RandomStream, type RandomStreams } from '../random.js';
import { MessageKeys, SALT, chance, mixKey, unitOf } from './message-keys.js';
import { usFromMs } from '../time.js';

/** Decides each message's delay (search strategies: PCT-style priority scheduling). */
export interface DeliveryPolicy {
  delayUs(fromIndex: number, toIndex: number, baseDelayUs: number, sendIndex: number): number;
}

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
  /** Made when a Byzantine node first sends (a stream's draws depend only on its name, not on when it is made). */
  private byzRng: RandomStream | undefined;
  private readonly defaultLink: LinkSettings;
  private readonly linkConfigs: (LinkSettings | undefined)[] | undefined;
  private readonly keys: MessageKeys;
  private readonly rootSeed: string;
  /** Omission episodes in force (their messages need keys even on links without other faults). */
  omissionEpisodes = 0;
  private fifoLastUs: Float64Array | undefined;
  private msgCounter = 0;
  private byzCounter = 0;

  /** The id of the message put on the wire last (a search strategy keeps it to deliver it late). */
  get lastMsgId(): number {
    return this.msgCounter;
  }

  constructor(
    private readonly nodes: readonly NodeRuntime[],
    private readonly log: EventLog,
    private readonly queue: EventQueue<QueuedEvent>,
    private readonly filter: FaultFilter,
    private readonly profile: FaultProfile,
    private readonly streams: RandomStreams,
    private readonly links: ((from: string, to: string) => Partial<LinkConfig> | undefined) | undefined,
    private readonly adversary: ProtocolAdversary<any> | undefined,
    private readonly deliveryPolicy: DeliveryPolicy | undefined,
  ) {
    const n = nodes.length;
    this.partitions = new PartitionTable(n);
    this.keys = new MessageKeys(streams.rootSeed, n);
    this.rootSeed = streams.rootSeed;
    this.defaultLink = new LinkSettings(profile);
    this.linkConfigs = links ? new Array<LinkSettings | undefined>(n * n) : undefined;
    this.netRng = streams.get('net');
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
    const rng = this.byzRng ?? (this.byzRng = this.streams.get('byzantine'));
    const input = { from: node.id, to, msg, peers: node.peers, rng, nowUs: this.log.nowUs, pastSends: node.pastSends };
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

  /** The run is over: the occurrence cache's storage goes back for the next run in this process. */
  release(): void {
    this.keys.release();
  }

  /** Forgets the per-link settings worked out so far, so a links function whose answer changed over time is asked again. */
  refreshLinks(): void {
    this.linkConfigs?.fill(undefined);
  }

  private linkConfig(from: number, to: number): LinkConfig {
    const configs = this.linkConfigs;
    if (!configs) return this.defaultLink;
    const cell = from * this.nodes.length + to;
    let link = configs[cell];
    if (!link) {
      const override = this.links!((this.nodes[from] as NodeRuntime).id, (this.nodes[to] as NodeRuntime).id);
      link = override ? new LinkSettings({ ...this.defaultLink, ...override }) : this.defaultLink;
      configs[cell] = link;
    }
    return link;
  }

  /**
   * Puts one message on the wire and decides its fate. On a link with per-message faults every
   * decision comes from the message's stable key (see message-keys.ts), so suppressing one fault
   * never re-aims another; on a link without them only the delay is drawn, from the `net` stream.
   */
  transmit(from: NodeRuntime, toIndex: number, msg: unknown, sentInStep: number): number {
    const log = this.log;
    const msgId = ++this.msgCounter;
    log.stats.messages.sent++;
    const to = this.nodes[toIndex] as NodeRuntime;
    const contentHash = hashValue(msg);
    log.digest.mix4(CODE_SEND, log.nowUs, from.index * 65536 + toIndex, contentHash);
    log.keepFingerprint();
    if (log.trace) log.write({ type: 'net.send', from: from.id, to: to.id, msg: msgId, payload: msg });
    log.index++;

    const link = this.linkConfig(from.index, toIndex);
    const linkCell = from.index * this.nodes.length + toIndex;
    if (!hasMessageFaults(link) && this.omissionEpisodes === 0) {
      let delayMs = link.delayMsMin;
      if (link.delayMsSpread > 0) {
        delayMs += link.delayDistribution === 'uniform' ? this.netRng.float() * link.delayMsSpread : this.netRng.exponential(link.delayMsSpread);
      }
      if (this.partitions.isBlocked(from.index, toIndex)) {
        log.drop(from.index, from.id, toIndex, to.id, msgId, 'partition', this.activePartition);
        return msgId;
      }
      let delayUs = usFromMs(delayMs);
      if (this.deliveryPolicy) delayUs = this.deliveryPolicy.delayUs(from.index, toIndex, delayUs, msgId);
      const arrivalUs = this.fifoArrival(link, linkCell, log.nowUs + delayUs);
      this.queue.push(arrivalUs, new DeliverEvent(from.index, toIndex, msgId, msg, false, false, sentInStep, 0));
      return msgId;
    }
    return this.transmitKeyed(from, to, link, linkCell, msgId, msg, contentHash, sentInStep);
  }

  private transmitKeyed(from: NodeRuntime, to: NodeRuntime, link: LinkConfig, linkCell: number, msgId: number, msg: unknown, contentHash: number, sentInStep: number): number {
    const log = this.log;
    const key = this.keys.next(linkCell, contentHash);
    if (from.omissionProbability > 0 && chance(key, SALT.sendOmission, from.omissionProbability)) {
      log.drop(from.index, from.id, to.index, to.id, msgId, 'send-omission', from.omissionFault);
      return msgId;
    }
    if (this.partitions.isBlocked(from.index, to.index)) {
      log.drop(from.index, from.id, to.index, to.id, msgId, 'partition', this.activePartition);
      return msgId;
    }
    if (link.dropProbability > 0 && chance(key, SALT.drop, link.dropProbability)) {
      const fault = this.faultId('drop', from, to);
      if (fault) {
        log.stats.faults.drop++;
        log.drop(from.index, from.id, to.index, to.id, msgId, 'random', fault);
        return msgId;
      }
    }
    let delayMs = link.delayMsMin;
    if (link.delayMsSpread > 0) {
      // unitOf(key, SALT.delay) written out: mixKey's int32 is a small integer, but unitOf's double
      // is boxed on the heap whenever V8 does not inline that call here (it often did not, measured).
      const u = (mixKey(key, SALT.delay) >>> 0) / 4294967296;
      delayMs += link.delayDistribution === 'uniform' ? u * link.delayMsSpread : -link.delayMsSpread * Math.log(1 - u);
    }
    const delayUs = usFromMs(delayMs);
    // The fault draws are pure functions of the key, so they can all be made up front; a message
    // that draws none (nearly all) takes this short path, and the rest leave it for a method of their
    // own, which keeps this one small enough to stay optimised.
    const rareFaults = rareFaultsOf(link, key);
    if (rareFaults !== 0) return this.transmitWithRareFaults(from, to, link, linkCell, msgId, msg, key, delayUs, sentInStep, rareFaults);
    const arrivalUs = this.fifoArrival(link, linkCell, log.nowUs + (this.deliveryPolicy ? this.deliveryPolicy.delayUs(from.index, to.index, delayUs, msgId) : delayUs));
    this.queue.push(arrivalUs, new DeliverEvent(from.index, to.index, msgId, msg, false, false, sentInStep, key));
    return msgId;
  }

  /** The rest of transmitKeyed for a message that drew a long delay, reordering, corruption or a duplicate (`rareFaults`, RARE_* bits). */
  private transmitWithRareFaults(from: NodeRuntime, to: NodeRuntime, link: LinkConfig, linkCell: number, msgId: number, msg: unknown, key: number, baseDelayUs: number, sentInStep: number, rareFaults: number): number {
    const log = this.log;
    let delayUs = baseDelayUs;
    if (rareFaults & RARE_LONG_DELAY) {
      const fault = this.faultId('delay', from, to);
      if (fault) {
        const longUs = usFromMs(link.longDelayMsMin + unitOf(key, SALT.longDelayMs) * (link.longDelayMsMax - link.longDelayMsMin));
        const extraDelayUs = Math.max(0, longUs - delayUs);
        delayUs += extraDelayUs;
        log.stats.faults.delay++;
        log.rare({ type: 'net.delay', from: from.id, to: to.id, msg: msgId, fault, extraDelayUs });
      }
    }
    if (rareFaults & RARE_REORDER) {
      const fault = this.faultId('reorder', from, to);
      if (fault) {
        const extraDelayUs = usFromMs(unitOf(key, SALT.reorderMs) * link.reorderDelayMsMax);
        delayUs += extraDelayUs;
        log.stats.faults.reorder++;
        log.rare({ type: 'net.reorder', from: from.id, to: to.id, msg: msgId, fault, extraDelayUs });
      }
    }
    let payload = msg;
    let corrupted = false;
    if (rareFaults & RARE_CORRUPT) {
      const fault = this.faultId('corrupt', from, to);
      const altered = fault ? alterOneField(msg, new RandomStream(this.rootSeed, fault)) : undefined;
      if (fault && altered) {
        payload = altered.msg;
        corrupted = true;
        log.stats.faults.corrupt++;
        log.rare({ type: 'net.corrupt', from: from.id, to: to.id, msg: msgId, fault, path: altered.path });
      }
    }
    if (this.deliveryPolicy) delayUs = this.deliveryPolicy.delayUs(from.index, to.index, delayUs, msgId);
    const arrivalUs = this.fifoArrival(link, linkCell, log.nowUs + delayUs);
    this.queue.push(arrivalUs, new DeliverEvent(from.index, to.index, msgId, payload, false, corrupted, sentInStep, key));
    if (rareFaults & RARE_DUPLICATE) {
      const fault = this.faultId('duplicate', from, to);
      if (fault) {
        const extraDelayUs = usFromMs(unitOf(key, SALT.duplicateMs) * link.duplicateDelayMsMax);
        log.stats.faults.duplicate++;
        log.rare({ type: 'net.duplicate', from: from.id, to: to.id, msg: msgId, fault, extraDelayUs });
        const duplicateUs = this.fifoArrival(link, linkCell, arrivalUs + extraDelayUs);
        this.queue.push(duplicateUs, new DeliverEvent(from.index, to.index, msgId, payload, true, corrupted, sentInStep, key));
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

  /** The stable id of a per-message fault on the message keyed last, or undefined when masked. */
  private faultId(kind: string, from: NodeRuntime, to: NodeRuntime): string | undefined {
    const id = `${kind}:${from.id}>${to.id}${this.keys.idSuffix()}`;
    return this.filter.allows(id) ? id : undefined;
  }
}

/**
 * A link's settings as the per-send path reads them: one class, so every link of every run has the
 * same hidden class. The profile itself has 40-odd fields, and each strategy makes its own copy
 * (spreads, overrides), so in a fuzz worker running the mix the send path met several shapes of it
 * and was compiled for all of them (deoptimised on "wrong map" as each came in), measured.
 */
class LinkSettings implements LinkConfig {
  readonly delayMsMin: number;
  readonly delayMsSpread: number;
  readonly delayDistribution: LinkConfig['delayDistribution'];
  readonly dropProbability: number;
  readonly duplicateProbability: number;
  readonly duplicateDelayMsMax: number;
  readonly reorderProbability: number;
  readonly reorderDelayMsMax: number;
  readonly corruptProbability: number;
  readonly fifo: boolean;
  readonly longDelayProbability: number;
  readonly longDelayMsMin: number;
  readonly longDelayMsMax: number;

  constructor(link: LinkConfig) {
    this.delayMsMin = link.delayMsMin;
    this.delayMsSpread = link.delayMsSpread;
    this.delayDistribution = link.delayDistribution;
    this.dropProbability = link.dropProbability;
    this.duplicateProbability = link.duplicateProbability;
    this.duplicateDelayMsMax = link.duplicateDelayMsMax;
    this.reorderProbability = link.reorderProbability;
    this.reorderDelayMsMax = link.reorderDelayMsMax;
    this.corruptProbability = link.corruptProbability;
    this.fifo = link.fifo;
    this.longDelayProbability = link.longDelayProbability;
    this.longDelayMsMin = link.longDelayMsMin;
    this.longDelayMsMax = link.longDelayMsMax;
  }
}

/** transmitKeyed's rare per-message faults, as bits of the mask it hands transmitWithRareFaults. */
const RARE_LONG_DELAY = 1;
const RARE_REORDER = 2;
const RARE_CORRUPT = 4;
const RARE_DUPLICATE = 8;

/**
 * The rare faults (RARE_* bits) the message with this key draws on this link. One call for all four
 * draws: inlined one by one, they made transmitKeyed too large for TurboFan to inline them and the
 * delivery's constructor, and each became a call of its own (callgrind with V8's perf map).
 */
function rareFaultsOf(link: LinkConfig, key: number): number {
  return (
    (link.longDelayProbability > 0 && chance(key, SALT.longDelay, link.longDelayProbability) ? RARE_LONG_DELAY : 0) |
    (link.reorderProbability > 0 && !link.fifo && chance(key, SALT.reorder, link.reorderProbability) ? RARE_REORDER : 0) |
    (link.corruptProbability > 0 && chance(key, SALT.corrupt, link.corruptProbability) ? RARE_CORRUPT : 0) |
    (link.duplicateProbability > 0 && chance(key, SALT.duplicate, link.duplicateProbability) ? RARE_DUPLICATE : 0)
  );
}

/** Whether a link can do anything to a message beyond delaying it (then its decisions are keyed). */
function hasMessageFaults(link: LinkConfig): boolean {
  return (
    link.dropProbability > 0 ||
    link.duplicateProbability > 0 ||
    (link.reorderProbability > 0 && !link.fifo) ||
    link.corruptProbability > 0 ||
    link.longDelayProbability > 0
  );
}
