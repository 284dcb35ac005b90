import { IsString, Length } from 'class-validator';
import { CsrfFormDto } from './csrf-form.dto.js';

/** The body of `POST /cart` (JSON, or the page's form). */
export class CartItemDto extends CsrfFormDto {
  /** The item to add: 1 to 100 characters. */
  @IsString({ message: 'item must be a string' })
  @Length(1, 100, { message: 'item must be 1 to 100 characters long' })
  item!: string;
}
