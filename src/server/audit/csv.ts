// The audit export as CSV for Dutch spreadsheets: semicolon-separated, UTF-8 with a byte order mark
// (so Excel reads the accents), CRLF line ends, every field quoted when needed. A cell that starts
// with = + - @ (or a tab/CR) gets a leading apostrophe so a spreadsheet never runs it as a formula.
export const BOM = '\uFEFF';

export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return BOM + [header, ...rows].map((r) => r.map(csvCell).join(';')).join('\r\n') + '\r\n';
}
