/**
 * What a right-click in Pretty points at: the JSON value under the cursor (a key counts as its
 * value) and its path in the captures' dialect (`users.user[3].id`), read from the text as
 * shown, so a capture or "Set as variable…" names exactly that value.
 */
export interface JsonSpot {
  /** `users.user[3].id`; `$` for the whole body. */
  path: string;
  steps: Array<string | number>;
  value: unknown;
  /** Offsets of the value in the text. */
  start: number;
  end: number;
}

class Scan {
  i = 0;
  best: JsonSpot | null = null;
  constructor(
    readonly text: string,
    readonly offset: number,
  ) {}

  ws(): void {
    while (this.i < this.text.length && /\s/.test(this.text[this.i])) this.i++;
  }

  string(): string {
    const start = this.i;
    this.i++;
    while (this.i < this.text.length && this.text[this.i] !== '"')
      this.i += this.text[this.i] === '\\' ? 2 : 1;
    this.i++;
    return JSON.parse(this.text.slice(start, this.i)) as string;
  }

  /** Parses one value; records it when it holds the offset (inner values win). */
  value(steps: Array<string | number>, keyStart = -1): unknown {
    this.ws();
    const start = this.i;
    const c = this.text[this.i];
    let value: unknown;
    if (c === '{') {
      const object: Record<string, unknown> = {};
      this.i++;
      this.ws();
      while (this.text[this.i] !== '}') {
        this.ws();
        const kStart = this.i;
        const key = this.string();
        this.ws();
        this.i++; // :
        object[key] = this.value([...steps, key], kStart);
        this.ws();
        if (this.text[this.i] === ',') this.i++;
        this.ws();
        if (this.i >= this.text.length) throw new SyntaxError('unterminated object');
      }
      this.i++;
      value = object;
    } else if (c === '[') {
      const list: unknown[] = [];
      this.i++;
      this.ws();
      while (this.text[this.i] !== ']') {
        list.push(this.value([...steps, list.length]));
        this.ws();
        if (this.text[this.i] === ',') this.i++;
        this.ws();
        if (this.i >= this.text.length) throw new SyntaxError('unterminated array');
      }
      this.i++;
      value = list;
    } else if (c === '"') {
      value = this.string();
    } else {
      const literal = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(
        this.text.slice(this.i, this.i + 400),
      );
      if (!literal) throw new SyntaxError(`unexpected ${c ?? 'end'} at ${this.i}`);
      this.i += literal[0].length;
      value = JSON.parse(literal[0]);
    }
    const end = this.i;
    const from = keyStart >= 0 ? keyStart : start;
    // A value ends before its parent does: the first spot holding the offset is the innermost.
    if (!this.best && this.offset >= from && this.offset <= end)
      this.best = { path: pathText(steps), steps, value, start, end };
    return value;
  }
}

/** Steps as the captures' JSON path: names dotted, indexes in brackets, odd names quoted. */
export function pathText(steps: ReadonlyArray<string | number>): string {
  if (steps.length === 0) return '$';
  return steps
    .map((step, i) =>
      typeof step === 'number'
        ? `[${step}]`
        : /^[A-Za-z_$][\w$-]*$/.test(step)
          ? `${i === 0 ? '' : '.'}${step}`
          : `[${JSON.stringify(step)}]`,
    )
    .join('');
}

/** The value at `offset` in JSON `text`, or null when the text is not JSON. */
export function locateJson(text: string, offset: number): JsonSpot | null {
  const scan = new Scan(text, offset);
  try {
    scan.value([]);
  } catch {
    return null;
  }
  return scan.best;
}

/** A value as a person copies it: a string bare, anything else as JSON. */
export function spotText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}
