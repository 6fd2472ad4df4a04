import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { BUILDING_BLOCKS, MILESTONE_KINDS, STAKEHOLDER_GROUPS, VISIBILITIES, type Language } from '../../processes/domain/process.vocabulary.js';
import { t } from '../../i18n/catalogues.js';
import { milestoneColumnHeader, MILESTONE_COLUMNS } from '../milestone-columns.js';

/** The columns a template offers: the export's, less the tracker's own timestamps. */
const TEMPLATE_COLUMNS = MILESTONE_COLUMNS.filter((column) => column.key !== 'loggedAt' && column.key !== 'correctedAt');

/** The header row of the timeline export, in `lang`: an empty file the import reads. */
export function templateHeader(lang: Language): string[] {
  return TEMPLATE_COLUMNS.map((column) => milestoneColumnHeader(lang, column.key));
}

/** A workbook with the header row (frozen, sized) and a second sheet listing the values the import accepts. */
export async function writeTemplateXlsx(out: Writable, lang: Language): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const milestones = workbook.addWorksheet('Milestones', { views: [{ state: 'frozen', ySplit: 1 }] });
  milestones.columns = TEMPLATE_COLUMNS.map((column) => ({ header: milestoneColumnHeader(lang, column.key), width: column.width }));
  milestones.getRow(1).font = { bold: true };
  milestones.getRow(1).commit();
  milestones.commit();
  const lists = workbook.addWorksheet(t(lang, 'importTemplate.sheet'), { views: [{ state: 'frozen', ySplit: 1 }] });
  lists.columns = [
    { header: t(lang, 'importTemplate.kinds'), width: 18 },
    { header: t(lang, 'importTemplate.stakeholders'), width: 20 },
    { header: t(lang, 'importTemplate.blocks'), width: 50 },
    { header: t(lang, 'importTemplate.visibility'), width: 14 },
  ];
  lists.getRow(1).font = { bold: true };
  lists.getRow(1).commit();
  const length = Math.max(MILESTONE_KINDS.length, STAKEHOLDER_GROUPS.length, BUILDING_BLOCKS.length, VISIBILITIES.length);
  // What to type (the code the import reads), then what it means in the reader's language.
  const explained = (code: string | number | undefined, label: (code: string) => string) => (code === undefined ? null : `${code}: ${label(String(code))}`);
  for (let i = 0; i < length; i++) {
    lists
      .addRow([
        explained(MILESTONE_KINDS[i], (kind) => t(lang, `web.kind.${kind}` as 'web.kind.meeting')),
        explained(STAKEHOLDER_GROUPS[i], (group) => t(lang, `web.group.${group}` as 'web.group.States')),
        explained(BUILDING_BLOCKS[i]?.number, (n) => t(lang, `web.bb.${n}` as 'web.bb.1')),
        explained(VISIBILITIES[i], (visibility) => t(lang, `web.visibility.${visibility}` as 'web.visibility.public')),
      ])
      .commit();
  }
  lists.commit();
  await workbook.commit();
}
