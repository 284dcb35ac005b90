import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Post,
  UseGuards,
} from '@nestjs/common';
import { Session, SessionGuard } from 'nestjs-dynamodb-session';

@Controller('auth')
export class AuthController {
  @Post('login')
  @HttpCode(200)
  login(@Session() session: Session, @Body() body: { username?: unknown }) {
    if (typeof body.username !== 'string' || body.username === '')
      throw new BadRequestException('username is required');
    session.logIn(body.username);
    return { username: body.username };
  }

  @Get('me')
  @UseGuards(SessionGuard)
  me(@Session('userId') userId: string) {
    return { username: userId };
  }

  @Post('logout')
  @HttpCode(204)
  logout(@Session() session: Session) {
    session.destroy();
  }
}
