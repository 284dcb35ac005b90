/**
 * Builds a DynamoDB UpdateExpression with placeholders for every name and value, so that any attribute
 * or session key (reserved words, dots, spaces) is safe.
 */
export class UpdateExpressionBuilder {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, unknown> = {};
  private readonly sets: string[] = [];
  private readonly removes: string[] = [];
  /** The placeholder of each name used so far. */
  private readonly placeholders = new Map<string, string>();
  private valueCount = 0;
  private nameCount = 0;

  /**
   * Takes the placeholders of `names` (a condition's, sent in the same call) as this expression's own,
   * so that a name both use is sent once.
   */
  share(names: Readonly<Record<string, string>>): this {
    for (const [placeholder, name] of Object.entries(names)) {
      if (this.placeholders.has(name)) continue;
      this.placeholders.set(name, placeholder);
      this.names[placeholder] = name;
    }
    return this;
  }

  /** `SET path = value`; a path is an attribute name or a list of names into nested maps. */
  set(path: string | readonly string[], value: unknown): this {
    const placeholder = `:v${this.valueCount}`;
    this.valueCount += 1;
    this.values[placeholder] = value;
    this.sets.push(`${this.path(path)} = ${placeholder}`);
    return this;
  }

  /** `REMOVE path`. */
  remove(path: string | readonly string[]): this {
    this.removes.push(this.path(path));
    return this;
  }

  toString(): string {
    const parts = [];
    if (this.sets.length > 0) parts.push(`SET ${this.sets.join(', ')}`);
    if (this.removes.length > 0) parts.push(`REMOVE ${this.removes.join(', ')}`);
    return parts.join(' ');
  }

  private path(path: string | readonly string[]): string {
    const segments = typeof path === 'string' ? [path] : path;
    return segments.map((segment) => this.name(segment)).join('.');
  }

  /** One placeholder per distinct name. */
  private name(name: string): string {
    const existing = this.placeholders.get(name);
    if (existing !== undefined) return existing;
    const placeholder = `#n${this.nameCount}`;
    this.nameCount += 1;
    this.placeholders.set(name, placeholder);
    this.names[placeholder] = name;
    return placeholder;
  }
}
