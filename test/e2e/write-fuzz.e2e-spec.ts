import fc from 'fast-check';
import { aDeadline, aMilestone, anAssessment, aProcess, aSubscription } from '../builders/request-bodies.js';
import { bearer, createTestApp, type TestApp } from '../support/test-app.js';

type Body = Record<string, unknown>;

interface Route {
  path: string;
  valid: Body;
  /** Fields that must be present, with a generator of values of a wrong type for each. */
  required: Record<string, fc.Arbitrary<unknown>>;
}

const notAString = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.object({ maxDepth: 1 }));
const notAnArray = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.string(), fc.object({ maxDepth: 1 }));
const notABlock = fc.oneof(fc.integer({ min: 8 }), fc.integer({ max: 0 }), fc.string(), fc.constant(null), fc.double());
const notAnObject = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.string());

describe('random and malformed bodies on every write endpoint (fast-check, seed 42, 1,000 runs)', () => {
  let t: TestApp;
  let routes: Route[];

  beforeAll(async () => {
    t = await createTestApp();
    const editor = bearer(t.tokens.editor);
    const processId = (await t.http.post('/api/processes').set(editor).send(aProcess()).expect(201)).body.id;
    const milestoneId = (await t.http.post(`/api/processes/${processId}/milestones`).set(editor).send(aMilestone()).expect(201)).body.milestoneId;
    const deadlineId = (await t.http.post(`/api/processes/${processId}/deadlines`).set(editor).send(aDeadline()).expect(201)).body.deadlineId;
    const p = `/api/processes/${processId}`;
    routes = [
      { path: '/api/processes', valid: aProcess(), required: { title: notAString } },
      {
        path: `${p}/milestones`,
        valid: aMilestone(),
        required: { kind: notAString, title: notAString, occurredOn: notAString, stakeholders: notAnArray, buildingBlocks: notAnArray, visibility: notAString },
      },
      { path: `${p}/milestones/${milestoneId}/corrections`, valid: { changes: { title: 'New title' }, reason: 'Typo' }, required: { changes: notAnObject, reason: notAString } },
      { path: `${p}/milestones/${milestoneId}/retraction`, valid: { reason: 'Duplicate' }, required: { reason: notAString } },
      { path: `${p}/assessments`, valid: anAssessment([milestoneId]), required: { buildingBlock: notABlock, rating: notAString, rationale: notAString, evidence: notAnArray } },
      { path: `${p}/deadlines`, valid: aDeadline(), required: { title: notAString, kind: notAString, dueAt: notAString, timezone: notAString, remindBefore: notAnArray } },
      { path: `${p}/deadlines/${deadlineId}/moves`, valid: { dueAt: '2031-01-01T12:00:00Z', reason: 'Later' }, required: { dueAt: notAString, reason: notAString } },
      { path: `${p}/deadlines/${deadlineId}/cancellation`, valid: { reason: 'Dropped' }, required: { reason: notAString } },
      { path: `${p}/subscriptions`, valid: aSubscription(), required: { channel: notAString, address: notAString, language: notAString } },
    ];
  });

  afterAll(async () => {
    await t.close();
  });

  it('never answers 5xx and never writes an event', async () => {
    const before = Number((await t.db.pool.query(`SELECT count(*) AS n FROM events`)).rows[0].n);
    const route = fc.integer({ min: 0, max: 8 }).map((i) => routes[i]);

    const malformed = route.chain((r) =>
      fc.oneof(
        // Anything at all: arrays, strings, numbers, objects with random keys.
        fc.tuple(fc.constant(r), fc.jsonValue({ maxDepth: 3 })),
        // A valid body with one required field of the wrong type.
        fc
          .constantFrom(...Object.keys(r.required))
          .chain((field) => r.required[field].map((value) => ({ ...r.valid, [field]: value })))
          .map((body) => [r, body] as const),
        // A valid body missing one required field.
        fc.constantFrom(...Object.keys(r.required)).map((field) => {
          const { [field]: _dropped, ...rest } = r.valid;
          return [r, rest] as const;
        }),
        // A valid body with a field nobody asked for.
        fc
          .string({ minLength: 1, maxLength: 12 })
          .filter((key) => !(key in r.valid) && key !== '__proto__')
          .map((key) => [r, { ...r.valid, [key]: 1 }] as const),
      ),
    );

    await fc.assert(
      fc.asyncProperty(malformed, async ([r, body]) => {
        const res = await t.http.post(r.path).set(bearer(r.path.endsWith('/subscriptions') ? t.tokens.admin : t.tokens.editor)).set('Content-Type', 'application/json').send(JSON.stringify(body));
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }),
      { seed: 42, numRuns: 1000 },
    );

    const after = Number((await t.db.pool.query(`SELECT count(*) AS n FROM events`)).rows[0].n);
    expect(after).toBe(before);
  });
});
