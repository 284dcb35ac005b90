import {
  HttpStatus,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { map, type Observable } from 'rxjs';
import { isFormSubmit } from './media-type.js';

/**
 * Answers an HTML form submit with `303 See Other` to the page (`/`), so that reloading the page
 * does not post the form again; JSON clients get the handler's own answer.
 *
 * It only sets the status and `Location`: Nest sends the response after every interceptor is done,
 * so the session is saved (and its cookie set) first. Calling `response.redirect()` here would send
 * the response before the session interceptor saves the session.
 */
@Injectable()
export class FormRedirectInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    if (!isFormSubmit(http.getRequest<{ headers: IncomingHttpHeaders }>().headers)) {
      return next.handle();
    }
    // `status` and `header` exist with this meaning on Express responses and Fastify replies alike.
    const response = http.getResponse<{
      status(code: number): unknown;
      header(name: string, value: string): unknown;
    }>();
    return next.handle().pipe(
      map(() => {
        response.status(HttpStatus.SEE_OTHER);
        response.header('Location', '/');
        return undefined;
      }),
    );
  }
}
