import { Module } from '@nestjs/common';
import { DynamoSessionModule, sessionOptionsFromEnv } from 'nestjs-dynamodb-session';
import { AuthController } from './auth.controller';

@Module({
  imports: [
    // As the README's Quick start registers it, without @nestjs/config: reads SESSION_SECRET,
    // SESSION_TABLE, DYNAMODB_ENDPOINT, AWS_REGION from the environment.
    DynamoSessionModule.forRootAsync({ useFactory: () => sessionOptionsFromEnv(), isGlobal: true }),
  ],
  controllers: [AuthController],
})
export class AppModule {}
