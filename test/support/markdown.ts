import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository's root. */
export const root = join(import.meta.dirname, '..', '..');

/** A markdown file of the repository, by its path from the root. */
export const readMarkdown = (path: string): string => readFileSync(join(root, path), 'utf8');

/** The markdown files a reader navigates: README.md, CONTRIBUTING.md and docs/*.md (paths from the root). */
export function documentationFiles(): string[] {
  const guides = readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`);
  return ['README.md', 'CONTRIBUTING.md', ...guides];
}

/** The text under a `## heading` that starts with `heading`, up to the next `## `; throws when absent. */
export function sectionUnder(markdown: string, heading: string): string {
  const section = markdown.split('\n## ').find((part) => part.startsWith(heading));
  if (section === undefined) throw new Error(`no "## ${heading}" section`);
  return section;
}

/** A fenced code block: its info string's language, its code, and where it is. */
export interface FencedBlock {
  language: string;
  code: string;
  /** 1-based line of the code's first line (the one after the opening fence). */
  line: number;
  /** The lines right above the opening fence, up to a blank line (an HTML comment may sit there). */
  above: string;
}

/** The opening fence of a line (three or more backticks, then the language), or null. */
const openingFence = (line: string): RegExpExecArray | null => /^(`{3,})(\S*)/.exec(line);

/** Whether `line` closes a block opened by `fence`: as many backticks or more, and nothing else. */
const closes = (line: string, fence: string): boolean =>
  line.trimEnd().startsWith(fence) && /^`+$/.test(line.trimEnd());

/** Every fenced block of a markdown file, in order (a block inside a longer fence is its text). */
export function fencedBlocks(markdown: string): FencedBlock[] {
  const lines = markdown.split('\n');
  const blocks: FencedBlock[] = [];
  for (let index = 0; index < lines.length; index++) {
    const opening = openingFence(lines[index] ?? '');
    if (opening === null) continue;
    const fence = opening[1] as string;
    const end = lines.findIndex((line, at) => at > index && closes(line, fence));
    if (end === -1) throw new Error(`unclosed code fence at line ${index + 1}`);
    let start = index;
    while (start > 0 && (lines[start - 1] ?? '').trim() !== '') start--;
    blocks.push({
      language: opening[2] ?? '',
      code: lines.slice(index + 1, end).join('\n') + '\n',
      line: index + 2,
      above: lines.slice(start, index).join('\n'),
    });
    index = end;
  }
  return blocks;
}

/** The markdown with its fenced blocks and code spans blanked (line numbers kept). */
export function proseOf(markdown: string): string {
  const lines = markdown.split('\n');
  for (const block of fencedBlocks(markdown)) {
    // The fences and the code between them.
    const last = block.line + block.code.split('\n').length - 1;
    for (let line = block.line - 1; line <= last; line++) lines[line - 1] = '';
  }
  return lines.map((line) => line.replace(/`[^`]*`/g, '``')).join('\n');
}

/** A link's target as written (`file.md#anchor`, `#anchor`, `https://...`), and its line. */
export interface MarkdownLink {
  target: string;
  line: number;
}

/** The inline links and images of a markdown file, outside code. */
export function linksOf(markdown: string): MarkdownLink[] {
  return proseOf(markdown)
    .split('\n')
    .flatMap((text, index) =>
      [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => ({
        target: match[1] as string,
        line: index + 1,
      })),
    );
}

/**
 * The anchor GitHub gives a heading: its text as rendered, lower-cased, without punctuation (but `-`
 * and `_`), spaces as `-` (github-slugger's rule).
 */
export function githubSlug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a markdown file's headings, a repeated one suffixed `-1`, `-2`... as GitHub does. */
export function anchorsOf(markdown: string): Set<string> {
  const lines = markdown.split('\n');
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  proseOf(markdown)
    .split('\n')
    .forEach((prose, index) => {
      if (!/^#{1,6} /.test(prose)) return;
      // The heading as written: GitHub keeps the text of its code spans.
      const slug = githubSlug((lines[index] ?? '').replace(/^#{1,6} /, ''));
      const count = seen.get(slug) ?? 0;
      anchors.add(count === 0 ? slug : `${slug}-${count}`);
      seen.set(slug, count + 1);
    });
  return anchors;
}
