// Summarizes a CPU profile of a target (`npm run bench -- --profile ours` writes them):
//   node .build/bench/bench/profile/summarize-profile.js <file.cpuprofile> [--top 25] [--under <regex>]...
// prints self time per category (npm package, src/, node core, GC, idle) and per function, and the
// inclusive time under frames whose "functionName url" matches each --under pattern.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { summarizeProfile, type CpuProfile, type Share } from './cpu-profile.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string' }, under: { type: 'string', multiple: true } },
});
const file = positionals[0];
if (file === undefined) {
  process.stderr.write(
    'usage: summarize-profile.js <file.cpuprofile> [--top n] [--under regex]...\n',
  );
  process.exit(2);
}
const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
const summary = summarizeProfile(profile, {
  top: Number(values.top ?? 25),
  under: (values.under ?? []).map((pattern) => new RegExp(pattern)),
});
const lines = (title: string, shares: Share[]): string[] => [
  title,
  ...shares.map(
    (entry) =>
      `${String(entry.ms).padStart(8)} ms ${entry.percent.toFixed(1).padStart(5)}%  ${entry.name}`,
  ),
  '',
];
process.stdout.write(
  [
    `${file}: ${summary.totalMs} ms sampled`,
    '',
    ...lines('Self time by category:', summary.categories),
    ...(summary.inclusive.length > 0 ? lines('Inclusive time under:', summary.inclusive) : []),
    ...lines('Self time by function:', summary.functions),
  ].join('\n'),
);
