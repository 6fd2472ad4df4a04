import { reminderChannelDelivery } from './reminder-channel-delivery.js';
import { aReminderDelivery } from './testing/reminder-delivery.builder.js';

describe('reminderChannelDelivery', () => {
  const delivery = aReminderDelivery({
    recipient: { channel: 'webhook', address: 'https://hooks.example.org/treaty', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
    deadline: { remindBefore: ['P7D', 'P1D'] },
  });
  const carried = reminderChannelDelivery(delivery);

  it('names the message by the ledger row, the same on every attempt, and carries the recipient', () => {
    expect(carried.id).toBe(delivery.reminderId);
    expect(carried.recipient).toEqual({ address: 'https://hooks.example.org/treaty', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' });
  });

  it('gives machines the reminder without the recipient’s address or secret', () => {
    expect(carried.payload()).toEqual({
      type: 'deadline.reminder',
      timestamp: delivery.dueTime,
      data: {
        reminderId: delivery.reminderId,
        processId: delivery.processId,
        processTitle: delivery.processTitle,
        deadline: delivery.deadline,
        offset: 'P7D',
        dueTime: delivery.dueTime,
        late: false,
        deadlineUrl: delivery.deadlineUrl,
      },
    });
    expect(JSON.stringify(carried.payload())).not.toContain('hooks.example.org');
    expect(JSON.stringify(carried.payload())).not.toContain('whsec_');
  });

  it('gives people the text in their language and the deadline as a calendar entry with its alarms', () => {
    const { subject, text, html, attachments } = carried.readable();
    expect(subject).toBe('Reminder: “Submissions to the co-facilitators” is due in 7 days');
    expect(text).toContain(delivery.deadlineUrl);
    expect(html).toContain('<html lang="en">');
    expect(attachments).toEqual([{ filename: 'deadline.ics', content: expect.stringContaining('UID:d-1@treaty-review-tracker'), contentType: 'text/calendar; charset=utf-8; method=PUBLISH' }]);
    expect(attachments[0].content).toContain('TRIGGER:-P6DT23H');
  });
});
