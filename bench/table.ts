import { formatNumber, type BenchRow } from './rows.js';

/** The table as GitHub-flavoured Markdown, so that it pastes into the README unchanged. */
export function formatTable(rows: readonly BenchRow[]): string {
  const header = ['benchmark', 'figure', 'reference / limit', 'ratio', 'goal', 'met'];
  const lines = rows.map((row) => [
    row.name,
    row.figure === null ? '—' : `${formatNumber(row.figure)} ${row.unit}`.trim(),
    row.referenceLabel || '—',
    row.ratio === null ? '—' : `${row.ratio.toFixed(2)}×`,
    row.goal || '—',
    row.met === null ? (row.note?.startsWith('not available') ? 'n/a' : '—') : row.met ? 'yes' : 'no',
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => (line[i] as string).length)));
  const render = (cells: string[]): string => `| ${cells.map((cell, i) => cell.padEnd(widths[i] as number)).join(' | ')} |`;
  const out = [render(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(render)];
  const notes = rows.filter((row) => row.note).map((row) => `- ${row.name}: ${row.note}`);
  if (notes.length > 0) out.push('', ...notes);
  return out.join('\n');
}
