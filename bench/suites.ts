import { asOfBench } from './as-of.bench.js';
import { auditBench } from './audit.bench.js';
import { commandsBench } from './commands.bench.js';
import { eventStoreBench } from './event-store.bench.js';
import { httpBench } from './http.bench.js';
import { importBench } from './import.bench.js';
import { pageBench } from './page.bench.js';
import { projectionsBench } from './projections.bench.js';
import { remindersBench } from './reminders.bench.js';
import type { BenchSuite } from './support/suite.js';

/** Every suite, in the order `npm run bench` runs them; add a new one here. */
export const suites: BenchSuite[] = [eventStoreBench, commandsBench, httpBench, asOfBench, projectionsBench, auditBench, remindersBench, importBench, pageBench];
