import { Body, Controller, Get, NotFoundException, Param, Put, Req } from '@nestjs/common';
import type { Request } from 'express';

type Data = Record<string, unknown>;

/** `/kv` on express-session's `req.session` (saved, or touched, by express-session when the response ends). */
@Controller('kv')
export class PeerKvController {
  @Get(':key')
  get(@Req() request: Request, @Param('key') key: string): { value: unknown } {
    const value = (request.session as unknown as Data)[key];
    if (value === undefined) throw new NotFoundException();
    return { value };
  }

  @Put(':key')
  set(
    @Req() request: Request,
    @Param('key') key: string,
    @Body() body: { value?: unknown },
  ): { key: string; value: unknown } {
    (request.session as unknown as Data)[key] = body.value;
    return { key, value: body.value };
  }
}
