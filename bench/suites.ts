import { eventStoreBench } from './event-store.bench.js';
import type { BenchSuite } from './support/suite.js';

/** Every suite, in the order `npm run bench` runs them; add a new one here. */
export const suites: BenchSuite[] = [eventStoreBench];
