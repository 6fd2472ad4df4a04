import { GENESIS_HASH, hashEvent, sealDigest } from '../event-store/integrity/event-hash.js';
import type { SealRecord } from '../event-store/integrity/log-verifier.js';
import { SealKeyring, SealSigningKey } from '../event-store/integrity/seal-signature.js';
import type { AuditEntry } from './audit-entry.js';
import { auditExportLines } from './audit-export.js';
import { verifyAuditExport } from './audit-export-verifier.js';

const signingKey = SealSigningKey.generate();
const trusted = new SealKeyring([signingKey.publicKey]);

const metadata = { actor: { id: 'token-1', name: 'ISHR team', role: 'editor' }, correlationId: 'req-1', causationId: 'req-1' };

/** A log of two interleaved streams, hashed as the store hashes, sealed in two seals over its first 6 events. */
function aLog(count = 8): { entries: AuditEntry[]; seals: SealRecord[] } {
  const heads = new Map<string, { version: number; hash: string }>();
  const entries: AuditEntry[] = [];
  for (let position = 1; position <= count; position++) {
    const streamId = position % 2 === 0 ? 'process-b' : 'process-a';
    const head = heads.get(streamId) ?? { version: 0, hash: GENESIS_HASH };
    const fields = {
      streamId,
      version: head.version + 1,
      eventId: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
      type: 'MilestoneLogged',
      schemaVersion: 1,
      data: { title: `Consultation ${position}`, stakeholders: ['States'] },
      metadata,
      recordedAt: `2026-01-01T00:00:0${position % 10}.000Z`,
    };
    const hash = hashEvent(head.hash, fields);
    heads.set(streamId, { version: fields.version, hash });
    entries.push({
      ...fields,
      position,
      actor: metadata.actor,
      correlationId: metadata.correlationId,
      causationId: metadata.causationId,
      idempotencyKey: null,
      transactionId: String(1000 + position),
      hash,
    });
  }
  const seal = (sealNumber: number, from: number, to: number, previousDigest: string): SealRecord =>
    signingKey.sign({
      sealNumber,
      firstPosition: from,
      lastPosition: to,
      lastTransactionId: String(1000 + to),
      eventCount: to - from + 1,
      previousDigest,
      digest: sealDigest(previousDigest, entries.slice(from - 1, to).map((e) => e.hash)),
      sealedAt: '2026-01-01T00:01:00.000Z',
    });
  const first = seal(1, 1, 4, GENESIS_HASH);
  return { entries, seals: [first, seal(2, 5, 6, first.digest)] };
}

async function exportOf(log: { entries: AuditEntry[]; seals: SealRecord[] }, filter = {}): Promise<string[]> {
  const source = {
    async *entries() {
      yield* log.entries;
    },
    async *seals() {
      yield* log.seals;
    },
  };
  const lines: string[] = [];
  for await (const line of auditExportLines(source, filter, new Date('2026-02-01T00:00:00Z'))) lines.push(line.trimEnd());
  return lines;
}

async function* asLines(lines: string[]) {
  yield* lines;
}

describe('the NDJSON export and its offline verification', () => {
  it('writes each seal right before the first event it covers, between the export and end lines', async () => {
    const lines = await exportOf(aLog());
    const kinds = lines.map((line) => {
      const value = JSON.parse(line);
      return value.export ? 'export' : value.seal ? `seal${value.seal.sealNumber}` : value.end ? 'end' : value.position;
    });
    expect(kinds).toEqual(['export', 'seal1', 1, 2, 3, 4, 'seal2', 5, 6, 7, 8, 'end']);
  });

  it('verifies an untouched export, seals and their signatures included', async () => {
    const log = aLog();
    const result = await verifyAuditExport(asLines(await exportOf(log)), { keyring: trusted });
    expect(result).toEqual({ ok: true, checkedEvents: 8, checkedSeals: 2, signaturesChecked: true, signedSeals: 2, unsignedSeals: 0, lastSeal: log.seals[1] });
    expect(await verifyAuditExport(asLines(await exportOf(log)))).toMatchObject({ ok: true, signaturesChecked: false, signedSeals: 2 });
  });

  it('fails on a seal signed by another key than the trusted one, naming the seal', async () => {
    const log = aLog();
    const impostor = SealSigningKey.generate();
    const { signature: _signature, keyId: _keyId, ...content } = log.seals[1];
    log.seals[1] = impostor.sign(content);
    const result = await verifyAuditExport(asLines(await exportOf(log)), { keyring: trusted });
    expect(result).toMatchObject({ ok: false, firstBrokenPosition: 5 });
    expect(result.problem).toBe(`seal 2 is signed with key ${impostor.keyId}, which is not among the trusted public keys`);
  });

  it('fails on a seal whose signed content was changed, naming the seal', async () => {
    const log = aLog();
    log.seals[0] = { ...log.seals[0], sealedAt: '2026-01-01T00:02:00.000Z' };
    const result = await verifyAuditExport(asLines(await exportOf(log)), { keyring: trusted });
    expect(result).toMatchObject({ ok: false, firstBrokenPosition: 1, problem: `the signature of seal 1 does not verify with key ${signingKey.keyId}` });
  });

  it('accepts seals written before signing, but not an unsigned seal after a signed one', async () => {
    const log = aLog();
    const unsigned = (seal: SealRecord): SealRecord => ({ ...seal, signature: null, keyId: null });
    const before = await verifyAuditExport(asLines(await exportOf({ ...log, seals: [unsigned(log.seals[0]), log.seals[1]] })), { keyring: trusted });
    expect(before).toMatchObject({ ok: true, signedSeals: 1, unsignedSeals: 1 });
    const after = await verifyAuditExport(asLines(await exportOf({ ...log, seals: [log.seals[0], unsigned(log.seals[1])] })), { keyring: trusted });
    expect(after).toMatchObject({ ok: false, firstBrokenPosition: 5, problem: 'seal 2 carries no signature, though seals before it are signed' });
  });

  it('fails on one byte changed in an event, naming its position', async () => {
    const lines = await exportOf(aLog());
    const index = lines.findIndex((line) => line.includes('"Consultation 7"'));
    lines[index] = lines[index].replace('Consultation 7', 'Consultation 8');
    const result = await verifyAuditExport(asLines(lines));
    expect(result).toMatchObject({ ok: false, firstBrokenPosition: 7 });
  });

  it('fails when the stored hashes were rewritten consistently in a sealed part: the seal no longer matches', async () => {
    const log = aLog();
    // Rewrite position 3 (process-a version 2) and rechain process-a after it, as a superuser could.
    const rewritten = log.entries.map((e) => ({ ...e }));
    rewritten[2].data = { title: 'Rewritten', stakeholders: ['States'] };
    let previous = rewritten[0].hash;
    for (const entry of rewritten.filter((e) => e.streamId === 'process-a' && e.version >= 2)) {
      entry.hash = hashEvent(previous, entry);
      previous = entry.hash;
    }
    const result = await verifyAuditExport(asLines(await exportOf({ entries: rewritten, seals: log.seals })));
    expect(result.ok).toBe(false);
    expect(result.problem).toMatch(/seal 1 does not match/);
    expect(result.firstBrokenPosition).toBe(1);
  });

  it('fails when a copy of the metadata says something the hashed metadata does not', async () => {
    const log = aLog();
    log.entries[4] = { ...log.entries[4], actor: { id: 'token-2', name: 'Someone else', role: 'admin' } };
    expect(await verifyAuditExport(asLines(await exportOf(log)))).toMatchObject({ ok: false, firstBrokenPosition: 5 });
  });

  it('fails on a line that is not JSON, a removed seal, a missing event, and a file cut short', async () => {
    const lines = await exportOf(aLog());
    const broken = [...lines];
    broken[5] = broken[5].slice(0, -1);
    expect(await verifyAuditExport(asLines(broken))).toMatchObject({ ok: false, line: 6 });

    const withoutFirstSeal = lines.filter((line) => !line.includes('"sealNumber":1'));
    expect((await verifyAuditExport(asLines(withoutFirstSeal))).problem).toMatch(/seal 2 does not chain/);

    const withoutEvent3 = lines.filter((line) => JSON.parse(line).position !== 3);
    expect(withoutEvent3).toHaveLength(lines.length - 1);
    expect((await verifyAuditExport(asLines(withoutEvent3))).ok).toBe(false);

    const cut = lines.slice(0, -1);
    expect((await verifyAuditExport(asLines(cut))).problem).toMatch(/cut short/);
  });

  it('refuses a filtered export: without every event the chains cannot be checked', async () => {
    const result = await verifyAuditExport(asLines(await exportOf(aLog(), { type: 'MilestoneLogged' })));
    expect(result.ok).toBe(false);
    expect(result.problem).toMatch(/filtered export/);
  });
});
