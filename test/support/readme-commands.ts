/**
 * The `npm install` commands of the README's shell blocks under `heading` (down to the next heading of
 * its level or above), each as the arguments after `npm install`, in the README's order.
 */
export function npmInstalls(readme: string, heading: string): string[][] {
  const level = /^#+/.exec(heading)?.[0].length ?? 0;
  const [, after] = readme.split(`\n${heading}\n`);
  if (level === 0 || after === undefined) throw new Error(`The README has no "${heading}"`);
  const section = after.split(new RegExp(`\\n#{1,${level}} `))[0] as string;
  return [...section.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].flatMap((block) =>
    (block[1] as string)
      .split('\n')
      .filter((line) => line.startsWith('npm install '))
      .map((line) => line.slice('npm install '.length).trim().split(/\s+/)),
  );
}
