import { Body, Controller, Get, NotFoundException, Param, Put } from '@nestjs/common';
import { Session } from '../../../src/index.js';

/** `/kv` on this library's session. */
@Controller('kv')
export class OursKvController {
  @Get(':key')
  get(@Session() session: Session, @Param('key') key: string): { value: unknown } {
    const value = session[key];
    if (value === undefined) throw new NotFoundException();
    return { value };
  }

  @Put(':key')
  set(
    @Session() session: Session,
    @Param('key') key: string,
    @Body() body: { value?: unknown },
  ): { key: string; value: unknown } {
    session[key] = body.value;
    return { key, value: body.value };
  }
}
