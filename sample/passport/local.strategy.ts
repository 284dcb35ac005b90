import { Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import { checkPassword, type DemoUser } from './demo-users.js';

/** passport-local over the demo users: `username` and `password` fields of the JSON body. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy) {
  validate(username: string, password: string): DemoUser {
    const user = checkPassword(username, password);
    if (user === undefined) throw new UnauthorizedException('Wrong username or password.');
    return user;
  }
}
