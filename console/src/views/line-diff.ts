export interface DiffLine {
  kind: 'add' | 'del';
  text: string;
}

/** Most lines a diff compares with the exact (quadratic) method; beyond, a multiset comparison. */
const EXACT_LIMIT = 2000;

/** Lines removed from `before` and added in `after` (LCS on small inputs, multiset otherwise). */
export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length > EXACT_LIMIT || b.length > EXACT_LIMIT) return multisetDiff(a, b);
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
    } else if (j < b.length && (i === a.length || lcs[i][j + 1] >= lcs[i + 1][j]))
      out.push({ kind: 'add', text: b[j++] });
    else out.push({ kind: 'del', text: a[i++] });
  }
  return out;
}

function multisetDiff(a: string[], b: string[]): DiffLine[] {
  const count = new Map<string, number>();
  for (const line of a) count.set(line, (count.get(line) ?? 0) + 1);
  const added: DiffLine[] = [];
  for (const line of b) {
    const n = count.get(line) ?? 0;
    if (n > 0) count.set(line, n - 1);
    else added.push({ kind: 'add', text: line });
  }
  const removed: DiffLine[] = [];
  for (const [line, n] of count) for (let k = 0; k < n; k++) removed.push({ kind: 'del', text: line });
  return [...removed, ...added];
}
