// The `raw` target as a program of its own: what the cold start bundles and starts. Usage: node
// raw-main.js, with the environment of target-env.ts (it writes `listening <port>`).
import 'reflect-metadata';
import { createNestApp } from '../create-nest-app.js';
import { listenStandalone } from '../listen-standalone.js';
import { RawModule } from './raw.module.js';

await listenStandalone(await createNestApp(RawModule));
