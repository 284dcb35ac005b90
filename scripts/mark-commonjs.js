// Marks a build folder as CommonJS, so the CommonJS build inside this "type": "module" package loads as such.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const folder = process.argv[2];
if (folder === undefined) throw new Error('usage: node scripts/mark-commonjs.js <folder>');
writeFileSync(join(folder, 'package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`);
