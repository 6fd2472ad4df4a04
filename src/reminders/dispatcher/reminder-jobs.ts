import type { Queue } from 'bullmq';
import type { PendingReminder } from '../ledger/reminder-ledger.store.js';
import { SEND_REMINDER, type SendReminderJob } from '../queue/reminder-queue.js';

/** Adds delayed jobs whose id is the reminder id: BullMQ ignores an add whose id it holds already. */
export async function addReminderJobs(queue: Queue<SendReminderJob>, reminders: PendingReminder[], now = Date.now()): Promise<void> {
  if (reminders.length === 0) return;
  await queue.addBulk(
    reminders.map((r) => ({
      name: SEND_REMINDER,
      data: { reminderId: r.id, dueAt: r.dueAt.toISOString() },
      opts: { jobId: r.id, delay: Math.max(0, r.dueAt.getTime() - now) },
    })),
  );
}
