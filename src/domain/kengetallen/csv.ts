import { cellText, dimLabel } from './labels';
import type { Kengetallen } from './compute';

const csvField = (s: string) => (/[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * The figures as CSV for Dutch Excel: UTF-8 with BOM, ";" between fields, one line per published
 * number: Onderdeel;Rij;Kolom;Waarde. Suppressed numbers are "<5" or "x".
 */
export function kengetallenCsv(k: Kengetallen, schoolNames: Readonly<Record<string, string>>): string {
  const lines: string[][] = [['Onderdeel', 'Rij', 'Kolom', 'Waarde']];
  const theme = k.filter.theme ? dimLabel('theme', k.filter.theme) : 'Alle thema’s';
  lines.push(['Filter', 'Periode', `${k.filter.from} t/m ${k.filter.to}`, k.filter.period === 'month' ? 'per maand' : 'per kwartaal']);
  lines.push(['Filter', 'Thema', '', theme]);
  lines.push(['Filter', 'Scholen', '', k.filter.schoolIds.map((id) => schoolNames[id] ?? id).join(', ')]);
  lines.push(['Filter', 'Peildatum verzuim', '', k.referenceDate]);
  for (const table of Object.values(k.tables)) {
    if (table.withheld) {
      lines.push([table.title, 'Niet getoond', '', 'te weinig gegevens']);
      continue;
    }
    const rl = (r: string) => dimLabel(table.rowDim, r, schoolNames);
    const cl = (c: string) => dimLabel(table.colDim, c, schoolNames);
    table.rows.forEach((r, i) => {
      table.cols.forEach((c, j) => lines.push([table.title, rl(r), cl(c), cellText(table.cells[i]![j]!)]));
      if (table.rowTotals) lines.push([table.title, rl(r), 'Totaal', cellText(table.rowTotals[i]!)]);
    });
    if (table.colTotals) table.cols.forEach((c, j) => lines.push([table.title, 'Totaal', cl(c), cellText(table.colTotals![j]!)]));
    if (table.total !== null) lines.push([table.title, 'Totaal', 'Totaal', cellText(table.total)]);
  }
  for (const r of k.responseTimes) {
    const who = r.schoolId ? (schoolNames[r.schoolId] ?? r.schoolId) : 'Alle scholen';
    const title = 'Tijd tot eerste antwoord op consultatievragen (uren)';
    lines.push([title, who, 'Aantal beantwoord', cellText(r.n)]);
    lines.push([title, who, 'Mediaan (uren)', cellText(r.medianHours)]);
    lines.push([title, who, '90e percentiel (uren)', cellText(r.p90Hours)]);
  }
  for (const a of k.absenceDurations) {
    const title = 'Duur van verzuim en thuiszitten (dagen, op de peildatum)';
    const who = dimLabel('absenceKind', a.kind);
    lines.push([title, who, 'Aantal', cellText(a.n)]);
    lines.push([title, who, 'Mediaan (dagen)', cellText(a.medianDays)]);
    lines.push([title, who, '90e percentiel (dagen)', cellText(a.p90Days)]);
  }
  for (const w of k.waitingTimes) {
    const title = 'Wachttijd voor zorg (weken)';
    const who = dimLabel('waitState', w.state);
    lines.push([title, who, 'Aantal', cellText(w.n)]);
    lines.push([title, who, 'Mediaan (weken)', cellText(w.medianWeeks)]);
    lines.push([title, who, '90e percentiel (weken)', cellText(w.p90Weeks)]);
  }
  return `\uFEFF${lines.map((l) => l.map(csvField).join(';')).join('\r\n')}\r\n`;
}
