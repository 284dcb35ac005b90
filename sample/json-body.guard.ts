import {
  BadRequestException,
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request } from 'express';
import { isJsonBody } from './media-type.js';

/**
 * Lets a request through only when its body is JSON (`Content-Type: application/json`), and answers
 * 400 otherwise, before validation could accept a form-encoded body where any JSON value is expected.
 */
@Injectable()
export class JsonBodyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (!isJsonBody(context.switchToHttp().getRequest<Request>().headers)) {
      throw new BadRequestException('Send a JSON body, with Content-Type: application/json.');
    }
    return true;
  }
}
