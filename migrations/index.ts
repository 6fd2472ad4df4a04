import { EventStore1764201600000 } from './1764201600000-event-store.js';
import { WriteSide1764201700000 } from './1764201700000-write-side.js';
import { Projections1764201800000 } from './1764201800000-projections.js';
import { ReadModels1764201900000 } from './1764201900000-read-models.js';
import { NotifyOutsideAppends1764202000000 } from './1764202000000-notify-outside-appends.js';
import { ReminderLedger1764300000000 } from './1764300000000-reminder-ledger.js';
import { FeedKeys1764400000000 } from './1764400000000-feed-keys.js';
import { DeliveryOrderWithType1764500000000 } from './1764500000000-delivery-order-with-type.js';
import { IdempotencyLeases1764610000000 } from './1764610000000-idempotency-leases.js';
import { WrappedSubjectKeys1764610000100 } from './1764610000100-wrapped-subject-keys.js';
import { FeedKeyLastUse1764614000000 } from './1764614000000-feed-key-last-use.js';
import { SignedSeals1764617000000 } from './1764617000000-signed-seals.js';
import { PeopleAndSessions1764700000000 } from './1764700000000-people-and-sessions.js';
import { PeopleReadModel1764700000100 } from './1764700000100-people-read-model.js';
import { SignInRequests1764700000150 } from './1764700000150-sign-in-requests.js';
import { OidcAttempts1764700000200 } from './1764700000200-oidc-attempts.js';
import { Imports1764800000000 } from './1764800000000-imports.js';
import { TranslatedTitlesInSixLanguages1764900000000 } from './1764900000000-translated-titles-in-six-languages.js';

/** Every migration in order; listed, not globbed, so the ESM build and the tests load the same set. */
export const migrations = [EventStore1764201600000, WriteSide1764201700000, Projections1764201800000, ReadModels1764201900000, NotifyOutsideAppends1764202000000, ReminderLedger1764300000000, FeedKeys1764400000000, DeliveryOrderWithType1764500000000, IdempotencyLeases1764610000000, WrappedSubjectKeys1764610000100, FeedKeyLastUse1764614000000, SignedSeals1764617000000, PeopleAndSessions1764700000000, PeopleReadModel1764700000100, SignInRequests1764700000150, OidcAttempts1764700000200, Imports1764800000000, TranslatedTitlesInSixLanguages1764900000000];
