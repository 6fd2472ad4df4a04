export const MILESTONE_KINDS = [
  'consultation', 'meeting', 'chairs-meeting', 'call-for-input', 'submission', 'report', 'resolution',
  'appointment', 'position', 'statement', 'initiative', 'implementation', 'deadline', 'other',
] as const;
export const STAKEHOLDER_GROUPS = ['States', 'TreatyBodies', 'CivilSociety', 'NHRIs', 'OHCHR', 'Academia', 'PGA'] as const;
export const BUILDING_BLOCKS = [1, 2, 3, 4, 5, 6, 7] as const;
export const VISIBILITIES = ['public', 'internal', 'confidential'] as const;
export const RATINGS = ['not-honoured', 'at-risk', 'partly-honoured', 'honoured'] as const;
export const DEADLINE_KINDS = ['review', 'call-for-input', 'consultation', 'opt-out', 'report', 'chairs-meeting', 'other'] as const;
export const REMINDER_OFFSETS = ['P30D', 'P7D', 'P1D'] as const;
