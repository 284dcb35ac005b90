import { Inject } from '@nestjs/common';
import { SessionRepository } from './session-repository.js';

/** Injects the module's {@link SessionRepository}: `constructor(@InjectSessionRepository() repo: SessionRepository)`. */
export const InjectSessionRepository = (): PropertyDecorator & ParameterDecorator =>
  Inject(SessionRepository);
