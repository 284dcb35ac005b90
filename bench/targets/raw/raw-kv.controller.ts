import { Body, Controller, Get, Headers, NotFoundException, Param, Put, Res } from '@nestjs/common';
import type { Response } from 'express';
import { RawCookie } from './raw-cookie.js';
import { RawSessionStore } from './raw-session-store.js';

/** `/kv` by hand: a read is one GetItem; a write one GetItem and one UpdateItem (a PutItem when new). */
@Controller('kv')
export class RawKvController {
  constructor(
    private readonly store: RawSessionStore,
    private readonly cookie: RawCookie,
  ) {}

  @Get(':key')
  async get(
    @Headers('cookie') header: string | undefined,
    @Param('key') key: string,
  ): Promise<{ value: unknown }> {
    const id = this.cookie.idFrom(header);
    const data = id === undefined ? undefined : await this.store.get(this.cookie.keyOf(id));
    const value = data?.[key];
    if (value === undefined) throw new NotFoundException();
    return { value };
  }

  @Put(':key')
  async set(
    @Headers('cookie') header: string | undefined,
    @Param('key') key: string,
    @Body() body: { value?: unknown },
    @Res({ passthrough: true }) response: Response,
  ): Promise<{ key: string; value: unknown }> {
    const id = this.cookie.idFrom(header);
    if (id !== undefined) {
      const sessionKey = this.cookie.keyOf(id);
      const data = await this.store.get(sessionKey);
      if (data !== undefined && (await this.store.set(sessionKey, key, body.value))) {
        return { key, value: body.value };
      }
    }
    const newId = this.cookie.newId();
    await this.store.create(this.cookie.keyOf(newId), { [key]: body.value });
    response.append('Set-Cookie', this.cookie.issue(newId));
    return { key, value: body.value };
  }
}
