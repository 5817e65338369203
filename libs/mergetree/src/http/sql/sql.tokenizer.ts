import { syntaxError } from '../clickhouse.error';

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'punct' | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** Identifier/keyword text, the unescaped string, the number's text, or the punctuation. */
  readonly text: string;
  /** Offset of the first character in the query (0-based). */
  readonly start: number;
  readonly end: number;
}

const TWO_CHAR_PUNCTUATION = new Set(['!=', '<>', '<=', '>=', '==']);
const ONE_CHAR_PUNCTUATION = new Set([
  '(',
  ')',
  ',',
  '.',
  '=',
  ';',
  '*',
  '<',
  '>',
  '+',
  '-',
  '/',
  '%',
  '[',
  ']',
  '{',
  '}',
  ':',
]);
const ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  '0': '\0',
  a: '\x07',
  v: '\v',
};

const isDigit = (c: number) => c >= 48 && c <= 57;
const isWordStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isWordChar = (c: number) => isWordStart(c) || isDigit(c) || c === 36;

/**
 * ClickHouse's lexical rules as far as the partition statements need them: words, `quoted` and
 * "quoted" identifiers, 'strings' (backslash escapes and doubled quotes), numbers, comments.
 * A run starting with a digit that continues with letters or `_` (`201901_2_2_0`) is a word:
 * the seed writes part names unquoted that way. Scans char codes: it runs on every request.
 */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  const n = sql.length;
  let i = 0;
  while (i < n) {
    const c = sql.charCodeAt(i);
    const ch = sql[i];
    if (c <= 32) {
      i++;
    } else if ((ch === '-' && sql[i + 1] === '-') || ch === '#') {
      while (i < n && sql[i] !== '\n') i++;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      if (close < 0) throw syntaxError(`Unterminated comment at position ${i + 1}`);
      i = close + 2;
    } else if (ch === "'" || ch === '`' || ch === '"') {
      const { text, end } = readQuoted(sql, i);
      tokens.push({ kind: ch === "'" ? 'string' : 'quoted', text, start: i, end });
      i = end;
    } else if (isDigit(c) || (ch === '.' && isDigit(sql.charCodeAt(i + 1)))) {
      i = readNumberOrWord(sql, i, tokens);
    } else if (isWordStart(c)) {
      let end = i + 1;
      while (end < n && isWordChar(sql.charCodeAt(end))) end++;
      tokens.push({ kind: 'word', text: sql.slice(i, end), start: i, end });
      i = end;
    } else {
      const two = sql.slice(i, i + 2);
      const punct = TWO_CHAR_PUNCTUATION.has(two) ? two : ONE_CHAR_PUNCTUATION.has(ch) ? ch : undefined;
      if (!punct)
        throw syntaxError(`Unrecognized token at position ${i + 1} (line ${lineCol(sql, i)}): '${ch}'`);
      tokens.push({ kind: 'punct', text: punct, start: i, end: i + punct.length });
      i += punct.length;
    }
  }
  tokens.push({ kind: 'end', text: '', start: n, end: n });
  return tokens;
}

function readNumberOrWord(sql: string, start: number, tokens: Token[]): number {
  const number = /^(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)/.exec(
    sql.slice(start, start + 64),
  )![0];
  let end = start + number.length;
  const isWord = isWordChar(sql.charCodeAt(end)) && !number.includes('.');
  if (isWord) while (end < sql.length && isWordChar(sql.charCodeAt(end))) end++;
  tokens.push({ kind: isWord ? 'word' : 'number', text: sql.slice(start, end), start, end });
  return end;
}

function readQuoted(sql: string, start: number): { text: string; end: number } {
  const quote = sql[start];
  let text = '';
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i];
    if (c === '\\' && i + 1 < sql.length) {
      const next = sql[i + 1];
      text += ESCAPES[next] ?? next;
      i += 2;
    } else if (c === quote) {
      if (sql[i + 1] === quote) {
        text += quote;
        i += 2;
      } else {
        return { text, end: i + 1 };
      }
    } else {
      text += c;
      i++;
    }
  }
  throw syntaxError(
    `Unterminated quoted ${quote === "'" ? 'string' : 'identifier'} at position ${start + 1} (line ${lineCol(sql, start)})`,
  );
}

/** `line L, col C`, 1-based, as ClickHouse reports positions. */
export function lineCol(sql: string, offset: number): string {
  const before = sql.slice(0, offset);
  const line = before.split('\n').length;
  return `${line}, col ${offset - before.lastIndexOf('\n')}`;
}
