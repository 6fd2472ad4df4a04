import type { MilestoneInput } from '../processes/domain/process.decisions.js';
import type { MilestoneSource } from '../processes/domain/process.events.js';
import {
  type BuildingBlock,
  type MilestoneKind,
  type StakeholderGroup,
} from '../processes/domain/process.vocabulary.js';
import { isUnDocumentSymbol } from '../processes/domain/un-document-symbol.js';
import data from './data/milestones-2009-2022.json' with { type: 'json' };
import { uuidFromKey } from './seed-ids.js';

/** One entry of data/milestones-2009-2022.json, a verbatim copy of the project's shared example data. */
export interface MilestoneRecord {
  occurredOn: string;
  endsOn: string | null;
  title: string;
  kind: MilestoneKind;
  stakeholders: StakeholderGroup[];
  buildingBlocks: BuildingBlock[];
  /** A URL in the file. */
  source: string;
  /** false: the date or a detail was not fully verified. */
  confirmed: boolean;
}

export interface MilestoneFile {
  about: string;
  stakeholderGroups: StakeholderGroup[];
  milestones: MilestoneRecord[];
}

/** The file as shipped; the domain validates every value when the seed logs it. */
export const milestoneFile = data as MilestoneFile;

export const SEED_KEY_PREFIX = '68/268';

/** Date and title identify a fact of the file; the order of the entries does not matter. */
export const milestoneKey = (m: Pick<MilestoneRecord, 'occurredOn' | 'title'>): string =>
  `${SEED_KEY_PREFIX}:milestone:${m.occurredOn}:${m.title}`;

export const milestoneIdOf = (m: Pick<MilestoneRecord, 'occurredOn' | 'title'>): string => uuidFromKey(milestoneKey(m));

/** The first UN document symbol written in a title, e.g. "… (A/75/601)" → "A/75/601". */
export function symbolInTitle(title: string): string | undefined {
  return title.split(/[\s(),;'"]+/).find((token) => isUnDocumentSymbol(token));
}

export function sourceOf(m: MilestoneRecord): MilestoneSource {
  const source: MilestoneSource = { url: m.source };
  const symbol = symbolInTitle(m.title);
  if (symbol !== undefined) source.symbol = symbol;
  return source;
}

/** The file's entry as the input of a LogMilestone command: public, flags and sources kept. */
export function milestoneInput(m: MilestoneRecord): MilestoneInput {
  const input: MilestoneInput = {
    kind: m.kind,
    title: m.title,
    occurredOn: m.occurredOn,
    stakeholders: m.stakeholders,
    buildingBlocks: m.buildingBlocks,
    source: sourceOf(m),
    visibility: 'public',
    confirmed: m.confirmed,
  };
  if (m.endsOn !== null) input.endsOn = m.endsOn;
  return input;
}

/** The entry of the file with this date whose title starts with the given words; throws when absent. */
export function findMilestone(occurredOn: string, titleStart: string): MilestoneRecord {
  const found = milestoneFile.milestones.filter((m) => m.occurredOn === occurredOn && m.title.startsWith(titleStart));
  if (found.length !== 1) throw new Error(`the demo data has ${found.length} milestones on ${occurredOn} starting "${titleStart}"`);
  return found[0];
}
