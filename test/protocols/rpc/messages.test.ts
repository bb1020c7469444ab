import { describe, expect, it } from 'vitest';
import { alterOneField, RandomStream } from '../../../scenarios/index.js';
import { isIntact, seal, type CallMessage, type ReplyMessage } from '../../../protocols/rpc/messages.js';

describe('rpc message checksums', () => {
  const call = seal<CallMessage>({ type: 'rpc.call', client: 'c1', seq: 4, doneUpTo: 3, request: { proc: 'debit', amount: 7 } });

  it('accepts a message as sealed', () => {
    expect(isIntact(call)).toBe(true);
    expect(isIntact(seal<ReplyMessage>({ type: 'rpc.reply', seq: 4, result: 993 }))).toBe(true);
  });

  it('rejects every corruption the engine can make (seed 11, 500 corruptions)', () => {
    const rng = new RandomStream('11', 'corrupt');
    for (let i = 0; i < 500; i++) {
      const altered = alterOneField(call, rng);
      expect(altered, 'a call always has a field to alter').toBeDefined();
      expect(isIntact(altered!.msg), `altered ${altered!.path}`).toBe(false);
    }
  });
});
