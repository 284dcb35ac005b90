// The `ours` target as a program of its own: what the cold start bundles (with the library's built
// package in place of src/) and starts. Usage: node ours-main.js, with the environment of
// target-env.ts (it writes `listening <port>`).
import 'reflect-metadata';
import { createNestApp } from '../create-nest-app.js';
import { listenStandalone } from '../listen-standalone.js';
import { OursModule } from './ours.module.js';

await listenStandalone(await createNestApp(OursModule));
