import type { NodeContext, NodeLogic } from '../../sim/actor.js';
import { isIntact, seal, type FileReplyMessage, type FileRequest, type MapReduceMessage } from './messages.js';

type Ctx = NodeContext<MapReduceMessage>;

/** File names are storage keys under this prefix (the rest of the store is free for bookkeeping). */
const FILE_PREFIX = 'file:';
export const fileKey = (name: string): string => `${FILE_PREFIX}${name}`;

/** Every file the server holds, by name, in storage order (for checkers and tests). */
export function listFiles(read: { keys(): string[]; get<T>(key: string): T | undefined }): Map<string, string> {
  const files = new Map<string, string>();
  for (const key of read.keys()) if (key.startsWith(FILE_PREFIX)) files.set(key.slice(FILE_PREFIX.length), read.get<string>(key) ?? '');
  return files;
}

function apply(request: FileRequest, ctx: Ctx): Record<string, string | null> {
  const storage = ctx.storage;
  switch (request.op) {
    case 'write':
      storage.put(fileKey(request.name), request.content);
      return {};
    case 'rename': {
      // Atomic: one step of the server. A repeated rename (its source already moved) changes nothing.
      const content = storage.get<string>(fileKey(request.from));
      if (content !== undefined) {
        storage.put(fileKey(request.to), content);
        storage.delete(fileKey(request.from));
      }
      return {};
    }
    case 'append':
      storage.put(fileKey(request.name), (storage.get<string>(fileKey(request.name)) ?? '') + request.content);
      return {};
    case 'read': {
      const files: Record<string, string | null> = {};
      for (const name of request.names) files[name] = storage.get<string>(fileKey(name)) ?? null;
      return files;
    }
  }
}

/**
 * The durable shared file system (GFS in the paper): one node, never crashed here, whose every
 * request is one atomic step, synced before it answers.
 */
export function fileServer(): NodeLogic<Record<string, never>, MapReduceMessage> {
  return {
    init: () => ({}),
    onMessage: (_state, from, msg, ctx) => {
      if (msg.type !== 'fs.request' || !isIntact(msg)) return;
      const files = apply(msg.request, ctx);
      ctx.storage.sync();
      ctx.send(from, seal<FileReplyMessage>({ type: 'fs.reply', request: msg.request, files }));
    },
  };
}
