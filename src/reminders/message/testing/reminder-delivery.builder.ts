import type { DeliveryDeadline, ReminderDelivery } from '../reminder-message.js';

type Overrides = Partial<Omit<ReminderDelivery, 'deadline' | 'recipient'>> & {
  deadline?: Partial<DeliveryDeadline>;
  recipient?: Partial<ReminderDelivery['recipient']>;
};

/** A reminder seven days before a deadline due 2026-03-29T10:00:00Z (12:00 in Geneva), to an English reader. */
export function aReminderDelivery(overrides: Overrides = {}): ReminderDelivery {
  const { deadline, recipient, ...rest } = overrides;
  return {
    reminderId: '0b6f1c9e-5d7a-4c1e-9a51-3f2f8f6b2a10',
    processId: '7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f',
    processTitle: '2020 treaty body review',
    offset: 'P7D',
    dueTime: '2026-03-22T10:00:00.000Z',
    late: false,
    deadlineUrl: 'http://localhost:3000/processes/7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f/deadlines#deadline-d-1',
    ...rest,
    deadline: {
      deadlineId: 'd-1',
      title: 'Submissions to the co-facilitators',
      kind: 'call-for-input',
      dueAt: '2026-03-29T12:00:00+02:00',
      timezone: 'Europe/Zurich',
      status: 'open',
      ...deadline,
    },
    recipient: {
      channel: 'email',
      address: 'reader@example.org',
      language: 'en',
      ...recipient,
    },
  };
}
