import { nameBasedUuid } from '../event-store/name-based-uuid.js';

const PERSON_STREAM = /^person-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** The stream that records a person: `person-<uuid>`. */
export function personStreamId(personId: string): string {
  return `person-${personId}`;
}

/** The person id of a `person-<uuid>` stream, undefined for any other stream. */
export function personIdOf(streamId: string): string | undefined {
  return PERSON_STREAM.exec(streamId)?.[1];
}

/**
 * The person id of the holder of an address: a UUID fixed by their key in the vault, so two
 * invitations of one address race on one stream and the second is refused, with no lookup table.
 */
export function personIdFor(subjectId: string): string {
  return nameBasedUuid(`person:${subjectId}`);
}
