import { hashValue } from '../../sim/digest.js';
import { isIntact, withChecksum, type Unsealed } from '../checksum.js';

/** A map task reads one split of the corpus; a reduce task reads partition `index` of every map output. */
export type MapTask = { kind: 'map'; id: string; index: number; split: string; reducers: number };
export type ReduceTask = { kind: 'reduce'; id: string; index: number; maps: number };
export type Task = MapTask | ReduceTask;

/** Worker → coordinator: "give me work", carrying the task it just finished (if any). */
export interface AskMessage {
  type: 'mr.ask';
  finished: { taskId: string; attempt: number } | null;
  checksum: number;
}

/** Coordinator → worker: run this task (attempt numbers every assignment, so temp names never clash). */
export interface AssignMessage {
  type: 'mr.assign';
  task: Task;
  attempt: number;
  checksum: number;
}

/** Coordinator → worker: nothing to hand out now (every task is running), or the job is over. */
export interface IdleMessage {
  type: 'mr.idle';
  jobDone: boolean;
  checksum: number;
}

/** Worker → file server. Every request is idempotent except append (which a correct worker never uses). */
export type FileRequest =
  | { op: 'write'; name: string; content: string }
  | { op: 'rename'; from: string; to: string }
  | { op: 'read'; names: string[] }
  | { op: 'append'; name: string; content: string };

export interface FileRequestMessage {
  type: 'fs.request';
  request: FileRequest;
  checksum: number;
}

/** File server → worker: the request it answers (echoed whole, so a stale answer never matches a new request). */
export interface FileReplyMessage {
  type: 'fs.reply';
  request: FileRequest;
  /** For read: each name's content, null when the file does not exist. */
  files: Record<string, string | null>;
  checksum: number;
}

export type MapReduceMessage = AskMessage | AssignMessage | IdleMessage | FileRequestMessage | FileReplyMessage;


/** Adds the checksum (see protocols/checksum.ts). */
export const seal = <M extends MapReduceMessage>(body: Unsealed<M, MapReduceMessage>): M => withChecksum<M>(body);


/** Same request: compared by content (requests are small). */
export const sameRequest = (a: FileRequest, b: FileRequest): boolean => hashValue(a) === hashValue(b);

export { isIntact };
