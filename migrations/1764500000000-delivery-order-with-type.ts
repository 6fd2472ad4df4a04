import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The delivery-order index carries each event's type: a projection that wants a few types finds them
 * in the index alone and reads only their rows, instead of every row of the log.
 */
export class DeliveryOrderWithType1764500000000 implements MigrationInterface {
  name = 'DeliveryOrderWithType1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX events_delivery_order_idx ON events (transaction_id, position) INCLUDE (type)`);
    await db.query(`DROP INDEX events_transaction_position_idx`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX events_transaction_position_idx ON events (transaction_id, position)`);
    await db.query(`DROP INDEX events_delivery_order_idx`);
  }
}
