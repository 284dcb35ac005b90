// The `baseline` target as a program of its own (a bare Nest app): what the cold start bundles and
// starts. Usage: node baseline-main.js (it writes `listening <port>`).
import 'reflect-metadata';
import { createNestApp } from '../create-nest-app.js';
import { listenStandalone } from '../listen-standalone.js';
import { BaselineModule } from './baseline.module.js';

await listenStandalone(await createNestApp(BaselineModule));
