/** A table of text cells, rendered for the terminal or as Markdown. */
export interface Table {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Per column: `right` for figures; `left` otherwise. */
  readonly align: readonly ('left' | 'right')[];
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  return align === 'right' ? text.padStart(width) : text.padEnd(width);
}

/** Fixed-width columns separated by two spaces, with a dashed line under the headers. */
export function tableToText(table: Table): string {
  const widths = table.headers.map((header, column) =>
    Math.max(header.length, ...table.rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => pad(cell, widths[column] ?? 0, table.align[column] ?? 'left'))
      .join('  ')
      .trimEnd();
  return [
    line(table.headers),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...table.rows.map(line),
  ].join('\n');
}

/** A GitHub-flavoured Markdown table. */
export function tableToMarkdown(table: Table): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  const rule = table.align.map((align) => (align === 'right' ? '---:' : '---'));
  return [line(table.headers), line(rule), ...table.rows.map(line)].join('\n');
}
