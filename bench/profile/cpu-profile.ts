/** The parts of a V8 `.cpuprofile` (what `node --cpu-prof` writes) that the summary reads. */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: {
      readonly functionName: string;
      readonly url: string;
      readonly lineNumber: number;
    };
    readonly children?: readonly number[];
  }[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Time spent, in milliseconds and in percent of the profile. */
export interface Share {
  readonly name: string;
  readonly ms: number;
  readonly percent: number;
}

/** Where a script lives: an npm package, this library (`src/`), the bench, Node itself, or V8. */
export function categoryOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node (core)';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + '/node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? url);
  }
  if (/\/src\//.test(url)) return 'nestjs-dynamodb-session (src/)';
  if (/\/bench\//.test(url)) return 'bench target code';
  return url;
}

function share(entries: Map<string, number>, total: number, top: number): Share[] {
  return [...entries]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, ms]) => ({
      name,
      ms: Math.round(ms),
      percent: Math.round((ms / total) * 1000) / 10,
    }));
}

/** Self time per function and per category, and the time under frames matching `under` (inclusive). */
export function summarizeProfile(
  profile: CpuProfile,
  options: { top?: number; under?: readonly RegExp[] } = {},
): { totalMs: number; functions: Share[]; categories: Share[]; inclusive: Share[] } {
  const top = options.top ?? 25;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    const delta = (profile.timeDeltas[index + 1] ?? 0) / 1000;
    selfMs.set(id, (selfMs.get(id) ?? 0) + delta);
  });
  const totalMs = [...selfMs.values()].reduce((sum, ms) => sum + ms, 0);
  const functions = new Map<string, number>();
  const categories = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    const node = byId.get(id);
    if (node === undefined) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const where =
      url === ''
        ? ''
        : ` ${url.replace(/^file:\/\/.*?\/(node_modules|src|bench)\//, '$1/')}:${lineNumber + 1}`;
    const name = `${functionName || '(anonymous)'}${where}`;
    functions.set(name, (functions.get(name) ?? 0) + ms);
    const category = categoryOf(url, functionName);
    categories.set(category, (categories.get(category) ?? 0) + ms);
    for (const pattern of options.under ?? []) {
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const frame = byId.get(at)?.callFrame;
        if (frame !== undefined && pattern.test(`${frame.functionName} ${frame.url}`)) {
          inclusive.set(pattern.source, (inclusive.get(pattern.source) ?? 0) + ms);
          break;
        }
      }
    }
  }
  return {
    totalMs: Math.round(totalMs),
    functions: share(functions, totalMs, top),
    categories: share(categories, totalMs, top),
    inclusive: share(inclusive, totalMs, top),
  };
}
