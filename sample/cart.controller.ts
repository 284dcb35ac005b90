import { Body, Controller, HttpCode, Post, UseGuards, UseInterceptors } from '@nestjs/common';
import { Session } from '../src/index.js';
import { CartItemDto } from './dto/cart-item.dto.js';
import { CsrfUnlessJsonGuard } from './csrf-unless-json.guard.js';
import { FormRedirectInterceptor } from './form-redirect.interceptor.js';
import { cartOf, type SampleSession } from './sample-session.js';

/** `POST /cart`: adds an item to the session's cart (also from the page's form). No login needed. */
@Controller('cart')
export class CartController {
  @Post()
  @HttpCode(200)
  @UseGuards(CsrfUnlessJsonGuard)
  @UseInterceptors(FormRedirectInterceptor)
  add(@Session() session: SampleSession, @Body() body: CartItemDto): { cart: string[] } {
    const cart = [...cartOf(session), body.item];
    session.cart = cart;
    return { cart };
  }
}
