import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Row, markdownTable } from './table';

/** What a bench hands back: its table rows, its notes, and the figures for its JSON file. */
export interface BenchOutcome {
  rows: Row[];
  notes: string[];
  result: object;
}

/** Writes the bench's JSON (with the command that made it) and prints its notes and table for docs/benchmarks.md. */
export function saveAndPrint(file: string, command: string, bench: BenchOutcome): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ command, ...bench.result }, null, 2)}\n`);
  console.log(`\n${bench.notes.join('\n')}\n\n${markdownTable(bench.rows)}\n\nProduced by: \`${command}\`\nJSON: ${file}`);
}
