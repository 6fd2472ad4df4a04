import { Injectable } from '@nestjs/common';
import type { RecordedOf } from '../../event-store/event-store.types.js';
import type { PersonEventOf, PersonEventType } from '../../people/domain/person.events.js';
import { personIdOf } from '../../people/person-stream.js';
import type { Projection, ProjectionContext } from '../projection.js';

// Tokens change no row here.
const PEOPLE_EVENT_TYPES = [
  'PersonInvited',
  'PersonJoined',
  'PersonProfileChanged',
  'PersonRoleChanged',
  'ProcessRoleGranted',
  'ProcessRoleWithdrawn',
  'PersonDeactivated',
  'PersonReactivated',
] as const satisfies readonly PersonEventType[];
type PeopleEvent = RecordedOf<PersonEventOf<(typeof PEOPLE_EVENT_TYPES)[number]>>;

/** One row per person and one per role a process gives them; tokens live in api_tokens, written with their events. */
@Injectable()
export class PeopleProjection implements Projection<PeopleEvent> {
  readonly name = 'people';
  readonly tables = ['people', 'person_process_roles'] as const;
  readonly eventTypes = PEOPLE_EVENT_TYPES;

  async apply(events: PeopleEvent[], { client, table }: ProjectionContext): Promise<void> {
    const people = table('people');
    const processRoles = table('person_process_roles');
    // People's events are few and rare: one statement each keeps the order obvious.
    for (const event of events) {
      const personId = personIdOf(event.streamId);
      if (personId === undefined) continue;
      const at = event.recordedAt.toISOString();
      switch (event.type) {
        case 'PersonInvited': {
          const { subjectId, email, displayName, language, role } = event.data;
          await client.query(
            `INSERT INTO ${people} (person_id, subject_id, email, display_name, language, status, role, invited_at)
             VALUES ($1, $2, $3, $4, $5, 'invited', $6, $7)`,
            [personId, subjectId, JSON.stringify(email), displayName, language, role, at],
          );
          break;
        }
        case 'PersonJoined':
          await client.query(`UPDATE ${people} SET status = 'active', joined_at = $2 WHERE person_id = $1`, [personId, at]);
          break;
        case 'PersonReactivated':
          await client.query(`UPDATE ${people} SET status = 'active', deactivated_at = NULL WHERE person_id = $1`, [personId]);
          break;
        case 'PersonDeactivated':
          await client.query(`UPDATE ${people} SET status = 'deactivated', deactivated_at = $2 WHERE person_id = $1`, [personId, at]);
          break;
        case 'PersonProfileChanged':
          await client.query(`UPDATE ${people} SET display_name = coalesce($2, display_name), language = coalesce($3, language) WHERE person_id = $1`, [
            personId,
            event.data.displayName ?? null,
            event.data.language ?? null,
          ]);
          break;
        case 'PersonRoleChanged':
          await client.query(`UPDATE ${people} SET role = $2 WHERE person_id = $1`, [personId, event.data.role]);
          break;
        case 'ProcessRoleGranted':
          await client.query(
            `INSERT INTO ${processRoles} (person_id, process_id, role) VALUES ($1, $2, $3)
             ON CONFLICT (person_id, process_id) DO UPDATE SET role = EXCLUDED.role`,
            [personId, event.data.processId, event.data.role],
          );
          break;
        case 'ProcessRoleWithdrawn':
          await client.query(`DELETE FROM ${processRoles} WHERE person_id = $1 AND process_id = $2`, [personId, event.data.processId]);
          break;
      }
    }
  }
}
