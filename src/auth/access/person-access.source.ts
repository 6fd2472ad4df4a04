import type { PersonAccess } from './access-cache.js';

/**
 * Where the guard learns a person's roles and state. Implemented by the people feature, which
 * depends on this one, so tokens and sessions never import people.
 */
export abstract class PersonAccessSource {
  /** Undefined when no such person was ever invited. */
  abstract accessOf(personId: string): Promise<PersonAccess | undefined>;
}
