import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Put,
  UseGuards,
} from '@nestjs/common';
import { Session } from '../src/index.js';
import { KvKeyDto } from './dto/kv-key.dto.js';
import { KvValueDto } from './dto/kv-value.dto.js';
import { JsonBodyGuard } from './json-body.guard.js';
import type { SampleSession } from './sample-session.js';

/** Reads and writes top-level session keys, to watch what the library stores. */
@Controller('kv')
export class KvController {
  /** All the session's data. */
  @Get()
  all(@Session() session: SampleSession): Record<string, unknown> {
    return { ...session };
  }

  /** One value, or 404 when the session has no such key. */
  @Get(':key')
  get(@Session() session: SampleSession, @Param() params: KvKeyDto): { value: unknown } {
    if (!Object.keys(session).includes(params.key)) {
      throw new NotFoundException(`The session has no value under "${params.key}".`);
    }
    return { value: session[params.key] };
  }

  /** Sets a value: any JSON that DynamoDB can store, sent as `{"value": ...}`. */
  @Put(':key')
  @UseGuards(JsonBodyGuard)
  set(
    @Session() session: SampleSession,
    @Param() params: KvKeyDto,
    @Body() body: KvValueDto,
  ): { key: string; value: unknown } {
    session[params.key] = body.value;
    return { key: params.key, value: body.value };
  }

  /** Removes a value (204 whether or not it was there). */
  @Delete(':key')
  @HttpCode(204)
  remove(@Session() session: SampleSession, @Param() params: KvKeyDto): void {
    delete session[params.key];
  }
}
