import { readsConsistentlyByDefault } from './session-consistency.js';

describe('the consistent-read default', () => {
  it('reads strongly consistently unless consistentRead is false', () => {
    expect(readsConsistentlyByDefault(true)).toBe(true);
    expect(readsConsistentlyByDefault('auto')).toBe(true);
    expect(readsConsistentlyByDefault(false)).toBe(false);
  });
});
