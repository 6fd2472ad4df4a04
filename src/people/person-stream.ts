const PERSON_STREAM = /^person-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** The stream that records a person: `person-<uuid>`. */
export function personStreamId(personId: string): string {
  return `person-${personId}`;
}

/** The person id of a `person-<uuid>` stream, undefined for any other stream. */
export function personIdOf(streamId: string): string | undefined {
  return PERSON_STREAM.exec(streamId)?.[1];
}
