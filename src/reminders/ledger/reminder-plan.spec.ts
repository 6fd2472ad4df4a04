import { planReminders, reminderDueAt, reminderId } from './reminder-plan.js';

const deadline = {
  deadlineId: '6f1c2f0e-5d55-4d0b-9a55-0f3e4b2a8c11',
  dueAt: '2026-03-30T12:00:00+02:00',
  timezone: 'Europe/Zurich',
  remindBefore: ['P1D', 'PT3S'],
  notifyOverdue: true,
};

describe('reminder plan', () => {
  it('plans one reminder per offset and subscription, plus the overdue one', () => {
    const planned = planReminders(deadline, ['a', 'b']);
    expect(planned.map((r) => [r.subscriptionId, r.offset, r.dueAt.toISOString()])).toEqual([
      ['a', 'P1D', '2026-03-29T10:00:00.000Z'],
      ['a', 'PT3S', '2026-03-30T09:59:57.000Z'],
      ['a', 'overdue', '2026-03-30T10:00:00.000Z'],
      ['b', 'P1D', '2026-03-29T10:00:00.000Z'],
      ['b', 'PT3S', '2026-03-30T09:59:57.000Z'],
      ['b', 'overdue', '2026-03-30T10:00:00.000Z'],
    ]);
    expect(new Set(planned.map((r) => r.id)).size).toBe(6);
  });

  it('counts days in the deadline zone: the day before a DST change keeps the wall-clock time', () => {
    // Zurich moved to summer time at 02:00 on 2026-03-29: 24 hours before noon that day is 11:00 local.
    const sunday = { ...deadline, dueAt: '2026-03-29T12:00:00+02:00' };
    expect(reminderDueAt(sunday, 'P1D').toISOString()).toBe('2026-03-28T11:00:00.000Z');
    expect(reminderDueAt(sunday, 'PT24H').toISOString()).toBe('2026-03-28T10:00:00.000Z');
  });

  it('derives the same UUID from the same key, another from another due time', () => {
    const at = new Date('2026-03-30T10:00:00Z');
    const id = reminderId(deadline.deadlineId, 'P1D', 'a', at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(reminderId(deadline.deadlineId, 'P1D', 'a', new Date(at))).toBe(id);
    expect(reminderId(deadline.deadlineId, 'P1D', 'a', new Date(at.getTime() + 1000))).not.toBe(id);
  });
});
