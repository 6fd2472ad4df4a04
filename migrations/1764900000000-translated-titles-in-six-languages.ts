import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A milestone's title may be translated into every UN language: Arabic, Chinese and Russian join
 * French and Spanish. Earlier events carry no such titles, so no rebuild is needed.
 */
export class TranslatedTitlesInSixLanguages1764900000000 implements MigrationInterface {
  name = 'TranslatedTitlesInSixLanguages1764900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE timeline_milestones ADD COLUMN title_ar text, ADD COLUMN title_zh text, ADD COLUMN title_ru text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE timeline_milestones DROP COLUMN title_ar, DROP COLUMN title_zh, DROP COLUMN title_ru`);
  }
}
