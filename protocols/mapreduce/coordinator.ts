import type { NodeContext, NodeLogic } from '../../sim/actor.js';
import type { JobSpec } from './job.js';
import { isIntact, seal, type AssignMessage, type IdleMessage, type MapReduceMessage, type Task } from './messages.js';

export interface CoordinatorOptions {
  job: JobSpec;
  /** A task not reported finished this long after it was handed out goes back to the idle pool. */
  taskTimeoutMs: number;
  /** How often the coordinator looks for overdue tasks. */
  checkEveryMs: number;
  /** Set false only in broken test variants: overdue tasks then stay with their (maybe dead) worker. */
  reassign?: boolean;
}

export interface TaskEntry {
  task: Task;
  status: 'idle' | 'running' | 'done';
  /** Assignments so far; the current one's number is handed to the worker. */
  attempts: number;
  worker: string;
  deadlineMs: number;
}

export interface CoordinatorState {
  tasks: TaskEntry[];
  /** Virtual time at which every task was done; -1 while the job runs. */
  completedAtMs: number;
}

type Ctx = NodeContext<MapReduceMessage>;

export function buildTasks(job: JobSpec): Task[] {
  const maps: Task[] = job.splits.map((split, index) => ({ kind: 'map', id: `map-${index}`, index, split, reducers: job.reducers }));
  const reduces: Task[] = Array.from({ length: job.reducers }, (_, index) => ({ kind: 'reduce', id: `reduce-${index}`, index, maps: job.splits.length }));
  return [...maps, ...reduces];
}

/** The next task to hand out: maps first; reduces only once every map is done (they read all map outputs). */
function nextIdle(state: CoordinatorState): TaskEntry | undefined {
  const mapsDone = state.tasks.every((entry) => entry.task.kind !== 'map' || entry.status === 'done');
  return state.tasks.find((entry) => entry.status === 'idle' && (entry.task.kind === 'map' || mapsDone));
}

/**
 * The coordinator (the MapReduce "master"): it holds no durable state and is not crashed by the
 * nemesis (as in the original paper, its failure aborts the job). Workers pull tasks; a task whose
 * worker stays silent past the timeout is handed to the next worker that asks, so it may run twice.
 */
export function mapReduceCoordinator(options: CoordinatorOptions): NodeLogic<CoordinatorState, MapReduceMessage> {
  const reassign = options.reassign ?? true;

  const onAsk = (state: CoordinatorState, from: string, finished: { taskId: string; attempt: number } | null, ctx: Ctx): void => {
    if (finished) {
      const entry = state.tasks.find((candidate) => candidate.task.id === finished.taskId);
      // Any attempt's report counts: its output was committed atomically, so it is the whole output.
      if (entry && entry.status !== 'done') {
        entry.status = 'done';
        ctx.output('task-done', { task: entry.task.id, attempt: finished.attempt, worker: from });
        if (state.completedAtMs < 0 && state.tasks.every((candidate) => candidate.status === 'done')) {
          state.completedAtMs = ctx.nowMs;
          ctx.output('job-done', { atMs: ctx.nowMs });
        }
      }
    }
    const entry = state.completedAtMs >= 0 ? undefined : nextIdle(state);
    if (!entry) {
      ctx.send(from, seal<IdleMessage>({ type: 'mr.idle', jobDone: state.completedAtMs >= 0 }));
      return;
    }
    entry.status = 'running';
    entry.attempts++;
    entry.worker = from;
    entry.deadlineMs = ctx.nowMs + options.taskTimeoutMs;
    ctx.output('assign', { task: entry.task.id, attempt: entry.attempts, worker: from });
    ctx.send(from, seal<AssignMessage>({ type: 'mr.assign', task: entry.task, attempt: entry.attempts }));
  };

  const expireOverdue = (state: CoordinatorState, ctx: Ctx): void => {
    for (const entry of state.tasks) {
      if (entry.status !== 'running' || ctx.nowMs < entry.deadlineMs || !reassign) continue;
      entry.status = 'idle';
      ctx.output('timeout', { task: entry.task.id, attempt: entry.attempts, worker: entry.worker });
    }
  };

  return {
    init: (ctx) => {
      ctx.setTimer(options.checkEveryMs, 'check');
      return { tasks: buildTasks(options.job).map((task) => ({ task, status: 'idle', attempts: 0, worker: '', deadlineMs: 0 })), completedAtMs: -1 };
    },
    onMessage: (state, from, msg, ctx) => {
      if (msg.type === 'mr.ask' && isIntact(msg)) onAsk(state, from, msg.finished, ctx);
    },
    onTimer: (state, _timer, ctx) => {
      expireOverdue(state, ctx);
      if (state.completedAtMs < 0) ctx.setTimer(options.checkEveryMs, 'check');
    },
  };
}
