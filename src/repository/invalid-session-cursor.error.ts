/** A `cursor` passed to `listByUser` that it did not hand out for that user (forged, cut, or another user's). */
export class InvalidSessionCursorError extends Error {
  override readonly name = 'InvalidSessionCursorError';

  constructor(reason: string) {
    super(
      `Invalid session list cursor: ${reason}. Pass the cursor of the previous page unchanged.`,
    );
  }
}
