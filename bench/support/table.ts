/** A plain-text table: right-aligned numbers, left-aligned text. */
export interface Table {
  title: string;
  columns: string[];
  rows: (string | number)[][];
  /** Lines printed under the table. */
  notes?: string[];
}

export function renderTable(table: Table): string {
  const cells = table.rows.map((row) => row.map((cell) => (typeof cell === 'number' ? formatNumber(cell) : cell)));
  const widths = table.columns.map((header, column) =>
    Math.max(header.length, ...cells.map((row) => (row[column] ?? '').length)),
  );
  const numeric = table.columns.map((_, column) => table.rows.every((row) => typeof row[column] !== 'string'));
  const line = (values: string[]) =>
    values
      .map((value, column) => (numeric[column] ? value.padStart(widths[column]) : value.padEnd(widths[column])))
      .join('  ')
      .trimEnd();
  return [
    table.title,
    line(table.columns),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...cells.map(line),
    ...(table.notes ?? []).map((note) => `  ${note}`),
  ].join('\n');
}

/** 12345.6 → "12,346"; 0.8123 → "0.81"; keeps small numbers readable. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export const percent = (ratio: number): string => `${(ratio * 100).toFixed(0)}%`;
