/** A subscription that held the erased person's data. */
export interface ErasedSubscription {
  processId: string;
  subscriptionId: string;
}

/** The events of a `subject-<subjectId>` stream: a person whose personal data the vault keeps. */
export type SubjectEvent = {
  type: 'PersonalDataErased';
  /** Never the address: only ids, so the record of the erasure holds nothing to erase. */
  data: { subjectId: string; subscriptions: ErasedSubscription[]; endedSubscriptions: string[] };
};

export function subjectStreamId(subjectId: string): string {
  return `subject-${subjectId}`;
}
