import type { NodeContext, NodeLogic } from '../../sim/actor.js';
import { intermediateName, mapSplit, outputName, reduceInputs } from './job.js';
import { isIntact, sameRequest, seal, type AskMessage, type FileRequest, type FileRequestMessage, type MapReduceMessage, type Task } from './messages.js';

/**
 * How a finished task's output file reaches the file server: the requests, in order. Step k of every
 * output file goes out together, and step k+1 only once all of step k is answered.
 */
export type CommitPlan = (name: string, content: string, tempName: string) => FileRequest[];

/** Write the whole output under a temporary name, then rename it over the final name (atomic). */
export const atomicCommit: CommitPlan = (name, content, tempName) => [
  { op: 'write', name: tempName, content },
  { op: 'rename', from: tempName, to: name },
];

export interface WorkerOptions {
  coordinator: string;
  fileServer: string;
  /** Re-asks for work, or resends the pending file request, this often while nothing answers. */
  retryMs: number;
  /** Mean compute time of one task (exponential): sometimes past the coordinator's timeout. */
  computeMsMean: number;
  commit?: CommitPlan;
}

export interface WorkerState {
  task: Task | null;
  attempt: number;
  phase: 'idle' | 'read' | 'compute' | 'commit' | 'exited';
  inputs: string[];
  /** The commit's rounds (round k holds step k of every output file's plan) and the current round's unanswered requests. */
  rounds: FileRequest[][];
  round: number;
  unanswered: FileRequest[];
  /** The last task finished, reported with every ask until the coordinator answers one. */
  finished: { taskId: string; attempt: number } | null;
}

type Ctx = NodeContext<MapReduceMessage>;

/** Output files of a task, by final name, computed from its inputs (deterministic, no side effects). */
function runTask(task: Task, inputs: readonly string[]): [string, string][] {
  if (task.kind === 'map') return mapSplit(task.split, task.reducers).map((content, r) => [intermediateName(task.index, r), content]);
  return [[outputName(task.index), reduceInputs(inputs)]];
}

const readRequest = (task: Task): FileRequest => ({ op: 'read', names: task.kind === 'reduce' ? Array.from({ length: task.maps }, (_, m) => intermediateName(m, task.index)) : [] });

/**
 * A MapReduce worker: it asks the coordinator for a task, reads its inputs from the file server,
 * computes, and commits each output file by the commit plan. It keeps nothing durable: after a crash
 * it starts over and asks for new work, and the coordinator re-assigns whatever it was doing.
 */
export function mapReduceWorker(options: WorkerOptions): NodeLogic<WorkerState, MapReduceMessage> {
  const commit = options.commit ?? atomicCommit;

  const ask = (state: WorkerState, ctx: Ctx): void => {
    ctx.send(options.coordinator, seal<AskMessage>({ type: 'mr.ask', finished: state.finished }));
  };

  /** Sends every request still unanswered (all at once: the files of one round are independent). */
  const sendPending = (state: WorkerState, ctx: Ctx): void => {
    const requests = state.phase === 'read' && state.task ? [readRequest(state.task)] : state.unanswered;
    for (const request of requests) ctx.send(options.fileServer, seal<FileRequestMessage>({ type: 'fs.request', request }));
  };

  const startRound = (state: WorkerState, round: number, ctx: Ctx): void => {
    state.round = round;
    state.unanswered = [...(state.rounds[round] ?? [])];
    sendPending(state, ctx);
  };

  const startCompute = (state: WorkerState, ctx: Ctx): void => {
    state.phase = 'compute';
    ctx.setTimer(ctx.rng.exponential(options.computeMsMean), 'compute', state.attempt);
  };

  const startCommit = (state: WorkerState, ctx: Ctx): void => {
    const task = state.task!;
    const tempPrefix = `tmp/${task.id}.${state.attempt}.${ctx.id}`;
    const plans = runTask(task, state.inputs).map(([name, content]) => commit(name, content, `${tempPrefix}/${name}`));
    const roundCount = Math.max(...plans.map((plan) => plan.length));
    state.rounds = Array.from({ length: roundCount }, (_, k) => plans.flatMap((plan) => (plan[k] ? [plan[k]] : [])));
    state.phase = 'commit';
    startRound(state, 0, ctx);
  };

  const finishTask = (state: WorkerState, ctx: Ctx): void => {
    state.finished = { taskId: state.task!.id, attempt: state.attempt };
    state.task = null;
    state.phase = 'idle';
    state.rounds = [];
    state.unanswered = [];
    state.inputs = [];
    ask(state, ctx);
  };

  const onFileReply = (state: WorkerState, request: FileRequest, files: Record<string, string | null>, ctx: Ctx): void => {
    if (state.phase === 'read' && state.task && sameRequest(request, readRequest(state.task))) {
      const inputs = request.op === 'read' ? request.names.map((name) => files[name] ?? null) : [];
      if (inputs.some((content) => content === null)) return; // not there yet: the retry tick reads again
      state.inputs = inputs as string[];
      startCompute(state, ctx);
      return;
    }
    const index = state.phase === 'commit' ? state.unanswered.findIndex((pending) => sameRequest(request, pending)) : -1;
    if (index < 0) return; // stale or duplicate answer
    state.unanswered.splice(index, 1);
    if (state.unanswered.length > 0) return;
    if (state.round + 1 < state.rounds.length) startRound(state, state.round + 1, ctx);
    else finishTask(state, ctx);
  };

  const onAssign = (state: WorkerState, task: Task, attempt: number, ctx: Ctx): void => {
    state.finished = null;
    if (state.phase !== 'idle') return; // a late duplicate while busy: the coordinator re-assigns on timeout
    state.task = task;
    state.attempt = attempt;
    state.inputs = [];
    if (task.kind === 'reduce') {
      state.phase = 'read';
      sendPending(state, ctx);
    } else startCompute(state, ctx);
  };

  const init = (ctx: Ctx): WorkerState => {
    const state: WorkerState = { task: null, attempt: 0, phase: 'idle', inputs: [], rounds: [], round: 0, unanswered: [], finished: null };
    ask(state, ctx);
    ctx.setTimer(options.retryMs, 'tick');
    return state;
  };

  return {
    init,
    onMessage: (state, _from, msg, ctx) => {
      if (!isIntact(msg) || state.phase === 'exited') return;
      if (msg.type === 'mr.assign') onAssign(state, msg.task, msg.attempt, ctx);
      else if (msg.type === 'mr.idle') {
        state.finished = null;
        if (msg.jobDone && state.phase === 'idle') state.phase = 'exited';
      } else if (msg.type === 'fs.reply') onFileReply(state, msg.request, msg.files, ctx);
    },
    onTimer: (state, timer, ctx) => {
      if (state.phase === 'exited') return;
      if (timer.name === 'compute') {
        if (state.phase === 'compute' && timer.data === state.attempt) startCommit(state, ctx);
        return;
      }
      if (state.phase === 'idle') ask(state, ctx);
      else if (state.phase === 'read' || state.phase === 'commit') sendPending(state, ctx);
      ctx.setTimer(options.retryMs, 'tick');
    },
  };
}
