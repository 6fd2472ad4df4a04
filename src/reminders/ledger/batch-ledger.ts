import type { PoolClient } from 'pg';
import { arrayColumns, exactInstant, rowsFromArrays } from '../../database/rows-from-arrays.js';
import { planReminders, type PlannedDeadline } from './reminder-plan.js';

const PAST_WHEN_PLANNED = 'already past when planned';

type Status = 'planned' | 'queued' | 'sent' | 'failed' | 'skipped';

/** A ledger row as stored; instants as exact text, so a row written back keeps what it was not meant to change. */
interface LedgerRow {
  id: string;
  process_id: string;
  deadline_id: string;
  subscription_id: string;
  channel: string;
  reminder_offset: string;
  due_at: string;
  deadline_due_at: string;
  status: Status;
  attempts: number;
  last_error: string | null;
  sent_at: string | null;
  late: boolean;
  claimed_until: string | null;
  planned_at: string;
}

const COLUMNS = arrayColumns<keyof LedgerRow>({
  id: 'uuid', process_id: 'uuid', deadline_id: 'uuid', subscription_id: 'uuid', channel: 'text', reminder_offset: 'text',
  due_at: 'timestamptz', deadline_due_at: 'timestamptz', status: 'text', attempts: 'integer', last_error: 'text',
  sent_at: 'timestamptz', late: 'boolean', claimed_until: 'timestamptz', planned_at: 'timestamptz',
});

const deadlineKey = (processId: string, deadlineId: string) => `${processId}/${deadlineId}`;

/**
 * The ledger rows of the deadlines a batch names, read once (locked, so the dispatcher and the
 * processor wait for the batch instead of changing a row under it), changed in memory by the
 * batch's events with the same rules as the statements they replace, and written back once.
 */
export class BatchLedger {
  private readonly rows = new Map<string, LedgerRow>();
  /** Row ids by deadline key: skipping a deadline's reminders touches its rows only. */
  private readonly byDeadline = new Map<string, Set<string>>();
  private readonly changed = new Set<string>();
  private readonly loaded = new Set<string>();

  private constructor(
    private readonly client: PoolClient,
    private readonly ledger: string,
  ) {}

  static async load(client: PoolClient, ledger: string, deadlines: (readonly [processId: string, deadlineId: string])[]): Promise<BatchLedger> {
    const batch = new BatchLedger(client, ledger);
    await batch.read(deadlines);
    return batch;
  }

  /** Plans the deadline's reminders for these subscribers: a new one is planned, a skipped one planned again, any other kept. */
  plan(processId: string, deadline: PlannedDeadline, channels: Map<string, string>, at: Date): void {
    this.ensureLoaded(processId, deadline.deadlineId);
    const plannedAt = at.toISOString();
    for (const reminder of planReminders(deadline, [...channels.keys()].sort())) {
      const past = reminder.dueAt.getTime() < at.getTime();
      const planned = { status: past ? ('skipped' as const) : ('planned' as const), last_error: past ? PAST_WHEN_PLANNED : null };
      const existing = this.rows.get(reminder.id);
      if (existing) {
        if (existing.status === 'skipped') this.change(existing, { ...planned, attempts: 0, planned_at: plannedAt });
        continue;
      }
      const row: LedgerRow = {
        id: reminder.id,
        process_id: processId,
        deadline_id: deadline.deadlineId,
        subscription_id: reminder.subscriptionId,
        channel: channels.get(reminder.subscriptionId)!,
        reminder_offset: reminder.offset,
        due_at: reminder.dueAt.toISOString(),
        deadline_due_at: new Date(deadline.dueAt).toISOString(),
        attempts: 0,
        sent_at: null,
        late: false,
        claimed_until: null,
        planned_at: plannedAt,
        ...planned,
      };
      this.hold(row);
      this.changed.add(row.id);
    }
  }

  /** Skips the deadline's reminders that are still to be sent. */
  skipPending(processId: string, deadlineId: string, reason: string): void {
    this.ensureLoaded(processId, deadlineId);
    for (const id of this.byDeadline.get(deadlineKey(processId, deadlineId)) ?? []) this.markSkipped(this.rows.get(id)!, reason);
  }

  /** The same skip for a subscription's rows held here, after the statement that skipped them in the table. */
  skippedInTable(processId: string, subscriptionId: string, reason: string): void {
    for (const row of this.rows.values()) {
      if (row.process_id === processId && row.subscription_id === subscriptionId) this.markSkipped(row, reason, false);
    }
  }

  sent(processId: string, deadlineId: string, reminderId: string, attempts: number, late: boolean, at: Date): void {
    this.ensureLoaded(processId, deadlineId);
    const row = this.rows.get(reminderId);
    if (row) this.change(row, { status: 'sent', attempts: Math.max(row.attempts, attempts), late, sent_at: at.toISOString(), last_error: null, claimed_until: null });
  }

  failed(processId: string, deadlineId: string, reminderId: string, attempts: number, reason: string): void {
    this.ensureLoaded(processId, deadlineId);
    const row = this.rows.get(reminderId);
    if (row && row.status !== 'sent') this.change(row, { status: 'failed', attempts: Math.max(row.attempts, attempts), last_error: reason, claimed_until: null });
  }

  /** Writes the changed rows in one statement; the rows stay held for the rest of the batch. */
  async save(): Promise<void> {
    if (this.changed.size === 0) return;
    const rows = [...this.changed].map((id) => this.rows.get(id)!);
    this.changed.clear();
    const { source, params } = rowsFromArrays(COLUMNS, rows, 'r');
    await this.client.query(
      `INSERT INTO ${this.ledger} (${COLUMNS.map((c) => c.name).join(', ')})
       SELECT r.* FROM ${source}
       ON CONFLICT (id) DO UPDATE SET
         status = EXCLUDED.status, attempts = EXCLUDED.attempts, last_error = EXCLUDED.last_error, sent_at = EXCLUDED.sent_at,
         late = EXCLUDED.late, claimed_until = EXCLUDED.claimed_until, planned_at = EXCLUDED.planned_at`,
      params,
    );
  }

  /** Holds the reminders of these deadlines too; those already held keep their changes. */
  async include(deadlines: (readonly [processId: string, deadlineId: string])[]): Promise<void> {
    await this.read(deadlines.filter(([processId, deadlineId]) => !this.loaded.has(deadlineKey(processId, deadlineId))));
  }

  private async read(deadlines: (readonly [string, string])[]): Promise<void> {
    for (const [processId, deadlineId] of deadlines) this.loaded.add(deadlineKey(processId, deadlineId));
    if (deadlines.length === 0) return;
    // deadline_id = ANY: the unique key leads with it, the one index a rebuild's copy has while it fills.
    const result = await this.client.query<LedgerRow>(
      `SELECT id, process_id, deadline_id, subscription_id, channel, reminder_offset, ${exactInstant('due_at')}, ${exactInstant('deadline_due_at')}, status, attempts,
              last_error, ${exactInstant('sent_at')}, late, ${exactInstant('claimed_until')}, ${exactInstant('planned_at')}
       FROM ${this.ledger}
       WHERE deadline_id = ANY($2::uuid[]) AND (process_id, deadline_id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))
       FOR UPDATE`,
      [deadlines.map(([processId]) => processId), deadlines.map(([, deadlineId]) => deadlineId)],
    );
    for (const row of result.rows) this.hold(row);
  }

  private hold(row: LedgerRow): void {
    this.rows.set(row.id, row);
    const key = deadlineKey(row.process_id, row.deadline_id);
    const ids = this.byDeadline.get(key) ?? new Set<string>();
    this.byDeadline.set(key, ids.add(row.id));
  }

  /** Every deadline an event names is read when the batch starts: a change to one it did not read would be lost. */
  private ensureLoaded(processId: string, deadlineId: string): void {
    if (!this.loaded.has(deadlineKey(processId, deadlineId))) throw new Error(`The batch did not read the reminders of deadline ${deadlineId}`);
  }

  private markSkipped(row: LedgerRow, reason: string, changed = true): void {
    if (row.status !== 'planned' && row.status !== 'queued') return;
    Object.assign(row, { status: 'skipped', last_error: reason, claimed_until: null });
    if (changed) this.changed.add(row.id);
  }

  private change(row: LedgerRow, fields: Partial<LedgerRow>): void {
    Object.assign(row, fields);
    this.changed.add(row.id);
  }
}
