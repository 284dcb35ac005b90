/**
 * The page's whole stylesheet, inlined in a `<style>` element (the page loads nothing else: its
 * Content-Security-Policy allows inline styles and nothing more).
 */
export const PAGE_STYLE = `
  :root { color-scheme: light; }
  body { font: 16px/1.5 system-ui, sans-serif; color: #1f2328; background: #f6f8fa; max-width: 36rem; margin: 2rem auto; padding: 0 1rem; }
  h1 { font-size: 1.35rem; margin: 0 0 0.25rem; }
  h2 { font-size: 1rem; margin: 0 0 0.5rem; }
  header p { margin: 0; }
  section { background: #fff; border: 1px solid #d0d7de; border-radius: 8px; padding: 0.75rem 1rem; margin: 1rem 0; }
  section p { margin: 0.25rem 0; }
  form { display: flex; gap: 0.5rem; margin: 0.5rem 0 0; }
  input { flex: 1; min-width: 0; padding: 0.3rem 0.5rem; border: 1px solid #d0d7de; border-radius: 6px; font: inherit; }
  button { padding: 0.3rem 0.9rem; border: 1px solid #d0d7de; border-radius: 6px; background: #f6f8fa; font: inherit; cursor: pointer; }
  button.primary { background: #1f883d; border-color: #1a7f37; color: #fff; }
  button.danger { color: #cf222e; }
  ul { margin: 0; padding-left: 1.25rem; }
  .muted { color: #656d76; }
  .note { color: #656d76; font-size: 0.875rem; }
  .sessions { list-style: none; padding: 0; }
  .sessions li { padding: 0.4rem 0; border-top: 1px solid #eaeef2; }
  .sessions li:first-child { border-top: 0; }
  .badge { display: inline-block; margin-left: 0.4rem; padding: 0 0.45rem; border-radius: 999px; background: #ddf4ff; color: #0969da; font-size: 0.8rem; }
  code { font: 0.875rem ui-monospace, monospace; }
`;
