/**
 * Shell words, the way bash reads a pasted command: single quotes, double quotes (with `\"`,
 * `\\`, `\$`, `` \` `` escapes), bash's `$'…'` ANSI-C quotes (Chrome's "Copy as cURL" writes
 * bodies that way), backslash escapes, line continuations (bash `\`, cmd `^`, PowerShell
 * `` ` ``), `#` comments, and `;`, `&&`, `||`, `|` and newlines between commands. `$NAME` and
 * `${NAME}` outside single quotes become `{{NAME}}`: a variable, not an empty string.
 *
 * Hand-written rather than `shell-quote` (MIT, small): that package reads neither `$'…'`
 * nor cmd/PowerShell continuations, and expands `$NAME` to an empty string or an object,
 * which a converter would have to undo.
 */

export interface ShellWordsResult {
  /** One list of words per command. */
  commands: string[][];
  /** An unclosed quote, with the character offset where it opened. */
  error: string | null;
}

const ANSI: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};

function ansiC(text: string, start: number): { value: string; end: number } | null {
  let value = '';
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === "'") return { value, end: i + 1 };
    if (c !== '\\') {
      value += c;
      continue;
    }
    const n = text[i + 1];
    if (n === undefined) return null;
    if (n in ANSI) {
      value += ANSI[n];
      i++;
    } else if (n === 'x') {
      const hex = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 2))?.[0] ?? '';
      value += hex ? String.fromCharCode(parseInt(hex, 16)) : '\\x';
      i += 1 + hex.length;
    } else if (n === 'u' || n === 'U') {
      const hex =
        new RegExp(`^[0-9a-fA-F]{1,${n === 'u' ? 4 : 8}}`).exec(text.slice(i + 2))?.[0] ?? '';
      value += hex ? String.fromCodePoint(parseInt(hex, 16)) : `\\${n}`;
      i += 1 + hex.length;
    } else if (/[0-7]/.test(n)) {
      const oct = /^[0-7]{1,3}/.exec(text.slice(i + 1))![0];
      value += String.fromCharCode(parseInt(oct, 8));
      i += oct.length;
    } else {
      value += `\\${n}`;
      i++;
    }
  }
  return null;
}

/** `$NAME` / `${NAME}` at `i` → `{{NAME}}` and the length read, or null. */
function variableAt(text: string, i: number): { value: string; length: number } | null {
  const m = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/.exec(
    text.slice(i, i + 300),
  );
  if (!m) return null;
  return { value: `{{${m[1] ?? m[2]}}}`, length: m[0].length };
}

export function shellWords(input: string): ShellWordsResult {
  // Continuations: a line ending in `\` (bash), `^` (cmd) or `` ` `` (PowerShell) goes on.
  const text = input.replace(/\r\n?/g, '\n').replace(/[ \t]*(?:\\|\^|`)\n[ \t]*/g, ' ');
  const commands: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    if (words.length) commands.push(words);
    words = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === ' ' || c === '\t') {
      endWord();
      continue;
    }
    if (c === '\n' || c === ';') {
      endCommand();
      continue;
    }
    if ((c === '&' || c === '|') && !inWord) {
      endCommand();
      if (text[i + 1] === c) i++;
      continue;
    }
    if (c === '#' && !inWord) {
      while (i < text.length && text[i] !== '\n') i++;
      endCommand();
      continue;
    }
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0)
        return { commands, error: `A single quote opened at character ${i + 1} is never closed.` };
      word += text.slice(i + 1, close);
      inWord = true;
      i = close;
      continue;
    }
    if (c === '$' && text[i + 1] === "'") {
      const read = ansiC(text, i + 2);
      if (!read)
        return { commands, error: `A $'…' quote opened at character ${i + 1} is never closed.` };
      word += read.value;
      inWord = true;
      i = read.end - 1;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let closed = false;
      for (; j < text.length; j++) {
        const d = text[j];
        if (d === '"') {
          closed = true;
          break;
        }
        if (d === '\\' && /["\\$`\n]/.test(text[j + 1] ?? '')) {
          word += text[j + 1];
          j++;
        } else if (d === '$') {
          const v = variableAt(text, j);
          if (v) {
            word += v.value;
            j += v.length - 1;
          } else word += d;
        } else word += d;
      }
      if (!closed)
        return { commands, error: `A double quote opened at character ${i + 1} is never closed.` };
      inWord = true;
      i = j;
      continue;
    }
    if (c === '\\') {
      if (i + 1 < text.length) word += text[++i];
      inWord = true;
      continue;
    }
    if (c === '$') {
      const v = variableAt(text, i);
      if (v) {
        word += v.value;
        inWord = true;
        i += v.length - 1;
        continue;
      }
    }
    word += c;
    inWord = true;
  }
  endCommand();
  return { commands, error: null };
}
