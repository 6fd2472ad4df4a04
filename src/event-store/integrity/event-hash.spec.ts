import fc from 'fast-check';
import { canonicalJson, GENESIS_HASH, hashCanonicalEvent, hashEvent } from './event-hash.js';

describe('event hashes', () => {
  // The store hashes with the fast path, the verifier with hashEvent over what jsonb returns: they must agree.
  it('hashes an event being appended exactly as the verifier hashes it back from storage (fast-check, seed 7)', () => {
    const event = fc.record({
      streamId: fc.string({ unit: 'binary', maxLength: 40 }),
      version: fc.integer({ min: 1, max: 1_000_000 }),
      eventId: fc.uuid(),
      type: fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }),
      schemaVersion: fc.integer({ min: 1, max: 9 }),
      data: fc.jsonValue({ maxDepth: 4 }),
      metadata: fc.record({ actor: fc.record({ id: fc.string(), name: fc.string({ unit: 'binary' }) }), correlationId: fc.string() }),
      recordedAt: fc.date({ noInvalidDate: true, min: new Date('2000-01-01'), max: new Date('2100-01-01') }).map((d) => d.toISOString()),
    });
    fc.assert(
      fc.property(event, fc.constantFrom(GENESIS_HASH, 'f'.repeat(64)), (e, previousHash) => {
        const stored = { ...e, data: JSON.parse(canonicalJson(e.data)), metadata: JSON.parse(canonicalJson(e.metadata)) };
        const fast = hashCanonicalEvent(previousHash, { ...e, dataJson: canonicalJson(e.data), metadataJson: canonicalJson(e.metadata) });
        expect(fast).toBe(hashEvent(previousHash, stored));
      }),
      { seed: 7, numRuns: 1000 },
    );
  });

  it('changes with any field and with the previous hash', () => {
    const base = { streamId: 'process-1', version: 1, eventId: '00000000-0000-4000-8000-000000000001', type: 'X', schemaVersion: 1, data: { a: 1 }, metadata: {}, recordedAt: '2026-01-01T00:00:00.000Z' };
    const hash = hashEvent(GENESIS_HASH, base);
    expect(hashEvent('f'.repeat(64), base)).not.toBe(hash);
    expect(hashEvent(GENESIS_HASH, { ...base, data: { a: 2 } })).not.toBe(hash);
    expect(hashEvent(GENESIS_HASH, { ...base, version: 2 })).not.toBe(hash);
  });
});
