import { ClickHouseError, syntaxError } from '../clickhouse.error';
import { lineCol, tokenize } from './sql.tokenizer';
import type { Token } from './sql.tokenizer';
import type { Expr, PartitionExpr, SettingValue, TableName } from './sql.ast';

const MAX_DEPTH = 1000;

/**
 * The recursive-descent parsers' shared cursor over the tokens, with ClickHouse-style errors:
 * `Syntax error: failed at position N ('token') (line L, col C): rest. Expected one of: ...`.
 */
export class SqlCursor {
  private readonly tokens: Token[];
  private index = 0;
  private depth = 0;

  constructor(readonly sql: string) {
    this.tokens = tokenize(sql);
  }

  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)];
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index++;
    return token;
  }

  atEnd(): boolean {
    return this.peek().kind === 'end';
  }

  isKeyword(word: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    // Length first: most checks miss, and upper-casing every candidate costs on each request.
    return token.kind === 'word' && token.text.length === word.length && token.text.toUpperCase() === word;
  }

  /** Consumes the keywords if they all follow, in order. */
  acceptKeywords(...words: string[]): boolean {
    for (let i = 0; i < words.length; i++) if (!this.isKeyword(words[i], i)) return false;
    this.index += words.length;
    return true;
  }

  expectKeywords(...words: string[]): void {
    if (!this.acceptKeywords(...words)) this.fail([words.join(' ')]);
  }

  isPunct(text: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'punct' && token.text === text;
  }

  acceptPunct(text: string): boolean {
    if (!this.isPunct(text)) return false;
    this.index++;
    return true;
  }

  expectPunct(text: string): void {
    if (!this.acceptPunct(text)) this.fail([`'${text}'`]);
  }

  identifier(what = 'identifier'): string {
    const token = this.peek();
    if (token.kind !== 'word' && token.kind !== 'quoted') this.fail([what]);
    this.index++;
    return token.text;
  }

  stringLiteral(what = 'string literal'): string {
    const token = this.peek();
    if (token.kind !== 'string') this.fail([what]);
    this.index++;
    return token.text;
  }

  /** `[db.]table` */
  tableName(): TableName {
    const first = this.identifier('table name');
    if (!this.acceptPunct('.')) return { table: first };
    return { database: first, table: this.identifier('table name') };
  }

  /** A part name: 'quoted' or bare (`201901_2_2_0`), as the seed writes both. */
  partName(): string {
    const token = this.peek();
    if (token.kind === 'string' || token.kind === 'word' || token.kind === 'quoted') {
      this.index++;
      return token.text;
    }
    return this.fail(['part name']);
  }

  /** `ALL`, `ID 'x'` or a constant expression. */
  partitionExpr(): PartitionExpr {
    if (this.acceptKeywords('ALL')) return { kind: 'all' };
    if (this.isKeyword('ID') && this.peek(1).kind === 'string') {
      this.next();
      return { kind: 'id', id: this.stringLiteral() };
    }
    return { kind: 'value', expr: this.expression() };
  }

  /** Constants, tuples and function calls: all a partition expression may contain. */
  expression(): Expr {
    // ClickHouse's max_parser_depth: deep nesting is refused, not a stack overflow.
    if (++this.depth > MAX_DEPTH)
      throw new ClickHouseError(306, 'TOO_DEEP_RECURSION', `Maximum parse depth (${MAX_DEPTH}) exceeded`);
    try {
      return this.nestedExpression();
    } finally {
      this.depth--;
    }
  }

  private nestedExpression(): Expr {
    const token = this.peek();
    if (token.kind === 'punct' && token.text === '-' && this.peek(1).kind === 'number') {
      this.index += 2;
      return { kind: 'number', text: `-${this.tokens[this.index - 1].text}` };
    }
    if (token.kind === 'number' || token.kind === 'string') {
      this.next();
      return token.kind === 'number'
        ? { kind: 'number', text: token.text }
        : { kind: 'string', value: token.text };
    }
    if (token.kind === 'punct' && token.text === '(') {
      const items = this.list(() => this.expression());
      return items.length === 1 ? items[0] : { kind: 'tuple', items };
    }
    if (token.kind === 'word' || token.kind === 'quoted') {
      this.next();
      if (token.kind === 'word' && token.text.toUpperCase() === 'NULL') return { kind: 'null' };
      if (!this.isPunct('(')) return { kind: 'identifier', name: token.text };
      const args = this.list(() => this.expression());
      return token.text.toLowerCase() === 'tuple'
        ? { kind: 'tuple', items: args }
        : { kind: 'call', name: token.text, args };
    }
    return this.fail(['expression']);
  }

  /** `( item, item, ... )`, possibly empty. */
  list<T>(item: () => T): T[] {
    this.expectPunct('(');
    const items: T[] = [];
    if (this.acceptPunct(')')) return items;
    do items.push(item());
    while (this.acceptPunct(','));
    this.expectPunct(')');
    return items;
  }

  settingValue(): SettingValue {
    const token = this.peek();
    if (token.kind === 'string' || token.kind === 'word') return this.next().text;
    const negative = this.acceptPunct('-');
    if (this.peek().kind === 'number') return Number(this.next().text) * (negative ? -1 : 1);
    return this.fail(['setting value']);
  }

  /** `name = value [, name = value]*` */
  settingsList(): Record<string, SettingValue> {
    const settings: Record<string, SettingValue> = {};
    do {
      const name = this.identifier('setting name');
      this.expectPunct('=');
      settings[name] = this.settingValue();
    } while (this.acceptPunct(','));
    return settings;
  }

  /**
   * The source text of an expression we keep but do not evaluate (ORDER BY, WHERE, UPDATE values):
   * everything up to a stop keyword or stop punctuation at parenthesis depth 0.
   */
  rawUntil(stopKeywords: readonly string[], stopPunct: readonly string[] = []): string {
    const first = this.peek();
    let depth = 0;
    let last: Token | undefined;
    for (;;) {
      const token = this.peek();
      if (token.kind === 'end') break;
      if (depth === 0 && token.kind === 'word' && stopKeywords.includes(token.text.toUpperCase())) break;
      if (
        depth === 0 &&
        token.kind === 'punct' &&
        (stopPunct.includes(token.text) || token.text === ';' || token.text === ')')
      )
        break;
      if (this.isPunct('(')) depth++;
      if (this.isPunct(')')) depth--;
      last = this.next();
    }
    if (!last) return this.fail(['expression']);
    return this.sql.slice(first.start, last.end).replace(/\s+/g, ' ');
  }

  fail(expected: readonly string[]): never {
    const token = this.peek();
    const where =
      token.kind === 'end'
        ? `failed at position ${token.start + 1} (end of query) (line ${lineCol(this.sql, token.start)})`
        : `failed at position ${token.start + 1} ('${this.sql.slice(token.start, token.end)}') (line ${lineCol(this.sql, token.start)}): ${this.sql
            .slice(token.start, token.start + 60)
            .replace(/\s+/g, ' ')}`;
    const wanted =
      expected.length === 1 ? `Expected ${expected[0]}` : `Expected one of: ${expected.join(', ')}`;
    throw syntaxError(`Syntax error: ${where}. ${wanted}`);
  }
}
