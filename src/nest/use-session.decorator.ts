import { SetMetadata } from '@nestjs/common';
import { USES_SESSION } from '../dynamo-session.constants.js';

/**
 * Loads (and saves) the session for a handler, or for every handler of a controller, even where no
 * parameter uses `@Session()`: e.g. for code that reads it through a custom decorator, or when another
 * method decorator replaces the handler function after `@Session()` marked it.
 */
export const UseSession = (): ClassDecorator & MethodDecorator => SetMetadata(USES_SESSION, true);
