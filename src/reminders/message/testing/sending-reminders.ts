import type { ChannelDelivery } from '../../../channels/reminder-channel.js';
import { reminderChannelDelivery } from '../reminder-channel-delivery.js';
import type { ReminderDelivery } from '../reminder-message.js';

/** A channel as the processor uses it: each reminder rendered, then handed over. */
export function sendingReminders<Result>(channel: { send(delivery: ChannelDelivery): Promise<Result> }) {
  return { send: (delivery: ReminderDelivery) => channel.send(reminderChannelDelivery(delivery)) };
}
