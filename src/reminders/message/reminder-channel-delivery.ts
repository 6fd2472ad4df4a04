import type { ChannelDelivery } from '../../channels/reminder-channel.js';
import { deadlineCalendar } from './deadline-calendar.js';
import type { ReminderDelivery } from './reminder-message.js';
import { reminderText } from './reminder-text.js';

export const REMINDER_WEBHOOK_TYPE = 'deadline.reminder';

/** The JSON body receivers get; the recipient's own address and secret stay out of it. */
export function reminderWebhookPayload(delivery: ReminderDelivery) {
  const { reminderId, processId, processTitle, deadline, offset, dueTime, late, deadlineUrl } = delivery;
  return {
    type: REMINDER_WEBHOOK_TYPE,
    timestamp: dueTime,
    data: { reminderId, processId, processTitle, deadline, offset, dueTime, late, deadlineUrl },
  };
}

/** A reminder as any channel carries it: the ledger row id names it on every attempt. */
export function reminderChannelDelivery(delivery: ReminderDelivery): ChannelDelivery {
  const { address, secret } = delivery.recipient;
  return {
    id: delivery.reminderId,
    recipient: { address, ...(secret !== undefined && { secret }) },
    readable: () => {
      const ics = deadlineCalendar(delivery.deadline, {
        alarms: delivery.deadline.remindBefore,
        url: delivery.deadlineUrl,
        description: delivery.processTitle,
      });
      return {
        ...reminderText(delivery),
        attachments: [{ filename: 'deadline.ics', content: ics, contentType: 'text/calendar; charset=utf-8; method=PUBLISH' }],
      };
    },
    payload: () => reminderWebhookPayload(delivery),
  };
}
