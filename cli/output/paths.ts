import { closeSync, mkdirSync, mkdtempSync, openSync, rmdirSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UsageError } from '../../sim/index.js';

/** What an errno means for an output path, in words (the code alone says little to most people). */
export function ioReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
    case 'EEXIST':
      return 'a part of the path is a file, not a directory';
    case 'ENOENT':
      return 'no such file or directory, and it cannot be created there';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'EIO':
      return 'input/output error';
    default:
      return code ?? (error instanceof Error ? error.message : String(error));
  }
}

/** An output that was writable when the command started but failed later (a full disk): exit 3, not bad input. */
export class OutputWriteError extends Error {
  override readonly name = 'OutputWriteError';
  constructor(path: string, error: unknown) {
    super(`could not write ${path}: ${ioReason(error)}`);
  }
}

function refuse(flag: string, path: string, error: unknown): never {
  throw new UsageError(`cannot write ${flag} ${path}: ${ioReason(error)}`);
}

/**
 * Checks before a run starts that a file can be written (creating its directory), so that a bad path
 * costs nothing: opening it for append is the real test (permissions, read-only mounts, a directory in
 * the way) without touching an existing file's content. A probe file that did not exist is removed.
 */
export function prepareOutputFile(path: string, flag: string): void {
  let existed = true;
  try {
    if (statSync(path).isDirectory()) refuse(flag, path, Object.assign(new Error(), { code: 'EISDIR' }));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    existed = false;
  }
  try {
    mkdirSync(dirname(path), { recursive: true });
    closeSync(openSync(path, 'a'));
    if (!existed) unlinkSync(path);
  } catch (error) {
    refuse(flag, path, error);
  }
}

/** The same for a directory that will receive files (a fuzz corpus): create it, then create and remove an entry in it. */
export function prepareOutputDirectory(path: string, flag: string): void {
  try {
    mkdirSync(path, { recursive: true });
    rmdirSync(mkdtempSync(join(path, '.faultline-probe-')));
  } catch (error) {
    refuse(flag, path, error);
  }
}
