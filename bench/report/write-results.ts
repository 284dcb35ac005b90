import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import type { BenchResult } from '../bench-result.js';
import { renderMarkdown } from './markdown-report.js';
import { renderChart } from './svg-chart.js';

/** The files a run writes. */
export interface WrittenResults {
  readonly json: string;
  readonly markdown: string;
  readonly chart: string;
}

/**
 * Writes `latest.json` (formatted as the repository's Prettier settings want, so the committed file
 * passes `npm run lint`), `latest.md` and `latest.svg` into `outDir`.
 */
export async function writeResults(result: BenchResult, outDir: string): Promise<WrittenResults> {
  await mkdir(outDir, { recursive: true });
  const files = {
    json: join(outDir, 'latest.json'),
    markdown: join(outDir, 'latest.md'),
    chart: join(outDir, 'latest.svg'),
  };
  const config = (await resolveConfig(files.json)) ?? {};
  await writeFile(
    files.json,
    await format(JSON.stringify(result), { ...config, filepath: files.json }),
  );
  await writeFile(files.markdown, renderMarkdown(result));
  await writeFile(files.chart, renderChart(result));
  return files;
}
