// The `peer` target as a program of its own: what the cold start bundles and starts. Usage: node
// peer-main.js, with the environment of target-env.ts (it writes `listening <port>`).
import 'reflect-metadata';
import { createNestApp } from '../create-nest-app.js';
import { listenStandalone } from '../listen-standalone.js';
import { createPeerSessionMiddleware } from './peer-session.js';
import { PeerModule } from './peer.module.js';

await listenStandalone(await createNestApp(PeerModule, await createPeerSessionMiddleware()));
