import { LANGUAGES } from '../../processes/domain/process.vocabulary.js';
import { timelineCsvStringifier } from './timeline-csv.js';

async function headerRow(lang: (typeof LANGUAGES)[number]): Promise<string> {
  const stringifier = timelineCsvStringifier(lang);
  const chunks: string[] = [];
  stringifier.on('data', (chunk: Buffer | string) => chunks.push(chunk.toString()));
  const done = new Promise((resolve) => stringifier.on('end', resolve));
  stringifier.end();
  await done;
  return chunks.join('').replace(/^\uFEFF/, '').split('\r\n')[0];
}

describe('timeline CSV headers', () => {
  it.each([
    ['en', 'Milestone ID,Date,End date,Kind,Title'],
    ['fr', 'Identifiant du jalon,Date,Date de fin,Type,Titre'],
    ['es', 'Identificador del hito,Fecha,Fecha de fin,Tipo,Título'],
    ['ar', 'معرّف المرحلة,التاريخ,تاريخ الانتهاء,النوع,العنوان'],
    ['zh', '里程碑编号,日期,结束日期,类型,标题'],
    ['ru', 'Идентификатор этапа,Дата,Дата окончания,Тип,Название'],
  ] as const)('are in %s', async (lang, start) => {
    const header = await headerRow(lang);
    expect(header.startsWith(`${start},`)).toBe(true);
    expect(header.split(',')).toHaveLength(16);
  });
});
