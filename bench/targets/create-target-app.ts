import type { NestExpressApplication } from '@nestjs/platform-express';
import { BaselineModule } from './baseline/baseline.module.js';
import { createNestApp } from './create-nest-app.js';
import { OursModule } from './ours/ours.module.js';
import { createPeerSessionMiddleware } from './peer/peer-session.js';
import { PeerModule } from './peer/peer.module.js';
import { RawModule } from './raw/raw.module.js';
import type { TargetName } from './target-name.js';

const MODULES = {
  baseline: BaselineModule,
  raw: RawModule,
  // The same app again, in a process of its own: the control of the speed targets.
  'raw-twin': RawModule,
  ours: OursModule,
  // The same app: the environment turns compression or encryption on, or sets the read mode
  // (target-session-env.ts).
  'ours-compressed': OursModule,
  'ours-encrypted': OursModule,
  'ours-consistent': OursModule,
  'ours-eventual': OursModule,
  // The same app again: only its load differs, carrying the session as a header token.
  'ours-header': OursModule,
  peer: PeerModule,
} as const;

/** Creates one target app on the Express platform (not listening yet). */
export async function createTargetApp(name: TargetName): Promise<NestExpressApplication> {
  return createNestApp(
    MODULES[name],
    name === 'peer' ? await createPeerSessionMiddleware() : undefined,
  );
}
