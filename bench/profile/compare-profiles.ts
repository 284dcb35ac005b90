// Compares two targets' CPU profiles of one workload, per request:
//   npm run bench -- --targets raw,ours --workloads read --profile raw,ours --soak 0 --out /tmp/p
//   node .build/bench/bench/profile/compare-profiles.js /tmp/p read ours raw [--functions <regex>]
// prints the self time per request (µs) by category of both targets and the difference, biggest
// first; with --functions, the functions whose "name url" match instead of the categories.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { BenchResult } from '../bench-result.js';
import { summarizeProfile, type CpuProfile } from './cpu-profile.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { functions: { type: 'string' }, top: { type: 'string' } },
});
const [dir = '', workload = '', first = '', second = ''] = positionals;
if (dir === '' || workload === '' || first === '' || second === '') {
  process.stderr.write(
    'usage: compare-profiles.js <bench out dir> <workload> <target> <other target> [--functions regex]\n',
  );
  process.exit(2);
}
const result = JSON.parse(await readFile(join(dir, 'latest.json'), 'utf8')) as BenchResult;
const files = await readdir(join(dir, 'profiles'));
const functions = values.functions === undefined ? undefined : new RegExp(values.functions);

/** Self time in µs per request by category (or by matching function) of one target's rounds. */
async function perRequest(target: string): Promise<Map<string, number>> {
  const measurement = result.measurements.find(
    (m) => m.target === target && m.workload === workload,
  );
  if (measurement === undefined) throw new Error(`no measurement of ${target} on ${workload}`);
  const totals = new Map<string, number>();
  // `<target>-<workload>-<round>.cpuprofile` exactly: `ours-write-` also begins `ours-write-20k-1`.
  const round = new RegExp(`^${target}-${workload}-\\d+\\.cpuprofile$`);
  const mine = files.filter((file) => round.test(file));
  if (mine.length === 0) throw new Error(`no profile of ${target} on ${workload} in ${dir}`);
  for (const file of mine) {
    const profile = JSON.parse(await readFile(join(dir, 'profiles', file), 'utf8')) as CpuProfile;
    const summary = summarizeProfile(profile, { top: Number.MAX_SAFE_INTEGER });
    const shares =
      functions === undefined
        ? summary.categories
        : summary.functions.filter((entry) => functions.test(entry.name));
    for (const { name, ms } of shares) {
      if (name === '(idle)') continue;
      const key = name.replace(/:\d+$/, '');
      totals.set(key, (totals.get(key) ?? 0) + ms);
    }
  }
  const perRequestUs = new Map<string, number>();
  for (const [name, ms] of totals) {
    perRequestUs.set(name, (ms * 1000) / measurement.serverRequests);
  }
  return perRequestUs;
}

const a = await perRequest(first);
const b = await perRequest(second);
const rows = [...new Set([...a.keys(), ...b.keys()])]
  .map((name) => ({ name, a: a.get(name) ?? 0, b: b.get(name) ?? 0 }))
  .sort((x, y) => Math.abs(y.a - y.b) - Math.abs(x.a - x.b))
  .slice(0, Number(values.top ?? 30));
const total = (map: Map<string, number>): number =>
  [...map.values()].reduce((sum, value) => sum + value, 0);
const cell = (value: number): string => value.toFixed(1).padStart(9);
process.stdout.write(
  [
    `CPU self time per ${workload} request, in µs (profiled rounds only, idle excluded)`,
    `${'total'.padEnd(60)}${cell(total(a))}${cell(total(b))}${cell(total(a) - total(b))}`,
    `${''.padEnd(60)}${first.padStart(9)}${second.padStart(9)}${'diff'.padStart(9)}`,
    ...rows.map(
      (row) =>
        `${row.name.slice(0, 59).padEnd(60)}${cell(row.a)}${cell(row.b)}${cell(row.a - row.b)}`,
    ),
    '',
  ].join('\n'),
);
