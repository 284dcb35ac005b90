import { Body, Controller, Get, Param, Put } from '@nestjs/common';

/** `/kv` without a session: answers as the session targets do, storing nothing. */
@Controller('kv')
export class BaselineKvController {
  @Get(':key')
  get(@Param('key') key: string): { value: unknown } {
    return { value: `value of ${key}` };
  }

  @Put(':key')
  set(
    @Param('key') key: string,
    @Body() body: { value?: unknown },
  ): { key: string; value: unknown } {
    return { key, value: body.value };
  }
}
