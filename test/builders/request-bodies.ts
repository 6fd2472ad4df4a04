/** Valid request bodies for the write endpoints; tests override what they are about. */
export const aProcess = (overrides: Record<string, unknown> = {}) => ({
  title: 'Review of General Assembly resolution 68/268',
  mandate: 'GA resolution 68/268, paragraph 41',
  reviewDueAt: '2020-04-09',
  timezone: 'America/New_York',
  ...overrides,
});

export const aMilestone = (overrides: Record<string, unknown> = {}) => ({
  kind: 'consultation',
  title: 'Geneva consultation with civil society and NHRIs',
  occurredOn: '2020-08-28',
  stakeholders: ['CivilSociety', 'NHRIs'],
  buildingBlocks: [1, 2],
  location: 'Geneva',
  source: { url: 'https://www.ohchr.org/', symbol: 'A/75/601' },
  visibility: 'public',
  ...overrides,
});

export const aDeadline = (overrides: Record<string, unknown> = {}) => ({
  title: 'Written contributions due',
  kind: 'call-for-input',
  dueAt: '2030-07-07T23:59:00-04:00',
  timezone: 'America/New_York',
  remindBefore: ['P30D', 'P7D', 'P1D'],
  notifyOverdue: true,
  ...overrides,
});

export const anAssessment = (evidence: string[], overrides: Record<string, unknown> = {}) => ({
  buildingBlock: 1,
  rating: 'partly-honoured',
  rationale: 'States and civil society were heard in separate sessions',
  evidence,
  ...overrides,
});

export const aSubscription = (overrides: Record<string, unknown> = {}) => ({
  channel: 'email',
  address: 'tb-team@example.org',
  language: 'fr',
  timezone: 'Europe/Zurich',
  ...overrides,
});
