import { ConfigurableModuleBuilder, type Provider } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import type { DynamoSessionModuleOptions } from './options/dynamo-session.options.js';
import { SessionInterceptor } from './nest/session.interceptor.js';

/** Options of `forRoot`/`forRootAsync` that shape the module itself rather than sessions. */
export interface DynamoSessionModuleExtras {
  /** Make the module's providers (repository, guard dependencies) visible to every module. Default `false`. */
  isGlobal?: boolean;
  /**
   * Register {@link SessionInterceptor} for every route (default `true`). With `false`, add
   * `@UseInterceptors(SessionInterceptor)` where sessions are used.
   */
  globalInterceptor?: boolean;
}

const globalInterceptor: Provider = { provide: APP_INTERCEPTOR, useClass: SessionInterceptor };

export const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN, OPTIONS_TYPE, ASYNC_OPTIONS_TYPE } =
  new ConfigurableModuleBuilder<DynamoSessionModuleOptions>({ moduleName: 'DynamoSession' })
    .setClassMethodName('forRoot')
    .setFactoryMethodName('createSessionOptions')
    .setExtras<DynamoSessionModuleExtras>(
      { isGlobal: false, globalInterceptor: true },
      (definition, extras) => ({
        ...definition,
        global: extras.isGlobal,
        providers: [
          ...(definition.providers ?? []),
          ...(extras.globalInterceptor === false ? [] : [globalInterceptor]),
        ],
      }),
    )
    .build();

/** Implement it to configure the module with `forRootAsync({ useClass })` or `useExisting`. */
export interface DynamoSessionOptionsFactory {
  createSessionOptions(): DynamoSessionModuleOptions | Promise<DynamoSessionModuleOptions>;
}
