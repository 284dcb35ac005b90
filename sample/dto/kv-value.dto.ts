import { ValidateBy } from 'class-validator';
import { sessionValueProblem } from '../../src/index.js';

/** Any JSON value a session can store (`null` included); required. */
export function IsSessionValue(): PropertyDecorator {
  return ValidateBy({
    name: 'isStorableInSession',
    validator: {
      validate: (value: unknown) => value !== undefined && sessionValueProblem(value) === undefined,
      defaultMessage: (args) =>
        args?.value === undefined
          ? 'value is required: send {"value": <any JSON value>}'
          : `value cannot be stored: ${sessionValueProblem(args.value) ?? 'unknown reason'}`,
    },
  });
}

/** The body of `PUT /kv/:key`. */
export class KvValueDto {
  /** Any JSON value a session can store (`null` included); required. */
  @IsSessionValue()
  value!: unknown;
}
