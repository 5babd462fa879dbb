/** A row of a benchmark table (docs/benchmarks.md); `pass` is undefined for numbers reported without a target. */
export interface Row {
  metric: string;
  median: string;
  target: string;
  pass?: boolean;
}

export function markdownTable(rows: readonly Row[]): string {
  const lines = ['| metric | median | target | pass? |', '| --- | ---: | ---: | :---: |'];
  for (const r of rows) lines.push(`| ${r.metric} | ${r.median} | ${r.target} | ${r.pass === undefined ? '—' : r.pass ? 'yes' : '**no**'} |`);
  return lines.join('\n');
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
export const ms = (value: number) => `${value.toFixed(1)} ms`;
export const sec = (milliseconds: number) => `${(milliseconds / 1000).toFixed(2)} s`;
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
