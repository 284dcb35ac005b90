import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { DynamoSessionModule } from 'nestjs-dynamodb-session';
import { dynamoSessionConfig } from 'nestjs-dynamodb-session/config';
import { AuthController } from './auth.controller.js';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true }),
    // As the README registers it with @nestjs/config: reads SESSION_SECRET, SESSION_TABLE,
    // DYNAMODB_ENDPOINT, AWS_REGION from the environment.
    DynamoSessionModule.forRootAsync({ ...dynamoSessionConfig.asProvider(), isGlobal: true }),
  ],
  controllers: [AuthController],
})
export class AppModule {}
