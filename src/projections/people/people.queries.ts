import { Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import type { Role } from '../../auth/roles.js';
import type { PersonStatus } from '../../people/domain/person.events.js';
import type { EncryptedValue } from '../../privacy/encrypted-value.js';
import { PersonalDataVault } from '../../privacy/personal-data-vault.js';
import type { Language } from '../../processes/domain/process.vocabulary.js';
import type { PersonDto } from './people.dto.js';

interface PersonRow {
  person_id: string;
  email: EncryptedValue;
  display_name: string;
  language: Language;
  status: PersonStatus;
  role: Role;
  invited_at: Date;
  joined_at: Date | null;
  deactivated_at: Date | null;
  process_roles: { processId: string; role: Role }[];
}

const PEOPLE = `
  SELECT p.person_id, p.email, p.display_name, p.language, p.status, p.role, p.invited_at, p.joined_at, p.deactivated_at,
    coalesce((SELECT json_agg(json_build_object('processId', r.process_id, 'role', r.role) ORDER BY r.process_id)
                FROM person_process_roles r WHERE r.person_id = p.person_id), '[]'::json) AS process_roles
  FROM people p`;

/** People as the people read model holds them; addresses are decrypted on the way out, and read as null once erased. */
@Injectable()
export class PeopleQueries {
  constructor(
    private readonly pool: Pool,
    private readonly vault: PersonalDataVault,
  ) {}

  /** Everyone, in the order they were invited. */
  async list(): Promise<PersonDto[]> {
    const { rows } = await this.pool.query<PersonRow>(`${PEOPLE} ORDER BY p.invited_at, p.person_id`);
    return Promise.all(rows.map((row) => this.toPerson(row)));
  }

  async get(personId: string): Promise<PersonDto | undefined> {
    const { rows } = await this.pool.query<PersonRow>(`${PEOPLE} WHERE p.person_id = $1`, [personId]);
    return rows[0] && this.toPerson(rows[0]);
  }

  private async toPerson(row: PersonRow): Promise<PersonDto> {
    return {
      id: row.person_id,
      email: (await this.vault.reveal(row.email)) ?? null,
      displayName: row.display_name,
      language: row.language,
      status: row.status,
      role: row.role,
      processRoles: row.process_roles,
      invitedAt: row.invited_at.toISOString(),
      joinedAt: row.joined_at?.toISOString() ?? null,
      deactivatedAt: row.deactivated_at?.toISOString() ?? null,
    };
  }
}
