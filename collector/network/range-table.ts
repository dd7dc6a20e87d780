/**
 * Address ranges → a value, as sorted boundaries searched by bisection. Keys are one 32-bit word
 * (IPv4) or four (IPv6). Overlapping source ranges (the public data has a few) are flattened at
 * build time: where ranges overlap, the one that starts later (the nested, more specific one) wins.
 */

/** Value 0 means "no value": AS number 0 is reserved, and a country code is never 0. */
export const NONE = 0;

export class RangeTable {
  /** boundaries[i*width …] starts segment i, which runs to the next boundary; values[i] is its value. */
  constructor(
    readonly width: 1 | 4,
    private readonly boundaries: Uint32Array,
    private readonly values: Uint32Array,
  ) {}

  get segments(): number {
    return this.values.length;
  }

  get bytes(): number {
    return this.boundaries.byteLength + this.values.byteLength;
  }

  /** The value of the segment holding `key` (width words), or NONE. */
  find(key: Uint32Array): number {
    const { width, boundaries, values } = this;
    let lo = 0;
    let hi = values.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (compareAt(boundaries, mid * width, key, 0, width) <= 0) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found < 0 ? NONE : values[found]!;
  }
}

/** Collects inclusive ranges in any order, then builds the table. */
export class RangeTableBuilder {
  private starts: Uint32Array;
  private ends: Uint32Array;
  private vals: Uint32Array;
  private count = 0;

  constructor(
    readonly width: 1 | 4,
    capacity = 1024,
  ) {
    this.starts = new Uint32Array(capacity * width);
    this.ends = new Uint32Array(capacity * width);
    this.vals = new Uint32Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** A slot for one more range: write its start at starts[at …] and end at ends[at …] (width words each). */
  next(value: number): { starts: Uint32Array; ends: Uint32Array; at: number } {
    if (this.count === this.vals.length) this.grow();
    this.vals[this.count] = value;
    return { starts: this.starts, ends: this.ends, at: this.count++ * this.width };
  }

  /** Drops the range just added by `next` (its key did not parse). */
  undo(): void {
    this.count--;
  }

  add(start: ArrayLike<number>, end: ArrayLike<number>, value: number): void {
    const slot = this.next(value);
    for (let w = 0; w < this.width; w++) {
      slot.starts[slot.at + w] = start[w]!;
      slot.ends[slot.at + w] = end[w]!;
    }
  }

  build(): RangeTable {
    const { width, starts, ends, vals, count } = this;
    const order = sortedOrder(starts, ends, count, width);
    const out = new Output(width, count * 2 + 1);
    // Ranges still open at the current point, innermost (latest start) on top.
    const stack: number[] = [];
    const endAfter = new Uint32Array(width);
    const closeUntil = (limit: Uint32Array | null) => {
      while (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        // The top ends at its end + 1, unless its end is the last address (nothing comes after it).
        if (!afterEnd(ends, top * width, width, endAfter)) return;
        if (limit !== null && compareAt(endAfter, 0, limit, 0, width) > 0) return;
        stack.pop();
        // Ranges under it that ended inside it are over too.
        while (stack.length > 0 && !endsAfter(ends, stack[stack.length - 1]! * width, endAfter, width)) stack.pop();
        out.emit(endAfter, 0, stack.length > 0 ? vals[stack[stack.length - 1]!]! : NONE);
      }
    };
    const start = new Uint32Array(width);
    for (const i of order) {
      for (let w = 0; w < width; w++) start[w] = starts[i * width + w]!;
      closeUntil(start);
      out.emit(starts, i * width, vals[i]!);
      stack.push(i);
    }
    closeUntil(null);
    return out.table();
  }

  private grow(): void {
    const capacity = this.vals.length * 2;
    const grown = (a: Uint32Array, n: number) => {
      const b = new Uint32Array(n);
      b.set(a);
      return b;
    };
    this.starts = grown(this.starts, capacity * this.width);
    this.ends = grown(this.ends, capacity * this.width);
    this.vals = grown(this.vals, capacity);
  }
}

/** Boundaries in order; a boundary equal to the last one replaces its value, a repeated value is merged away. */
class Output {
  private boundaries: Uint32Array;
  private values: Uint32Array;
  private count = 0;

  constructor(
    private readonly width: 1 | 4,
    capacity: number,
  ) {
    this.boundaries = new Uint32Array(capacity * width);
    this.values = new Uint32Array(capacity);
  }

  emit(source: Uint32Array, at: number, value: number): void {
    const { width } = this;
    if (this.count > 0 && compareAt(this.boundaries, (this.count - 1) * width, source, at, width) === 0) {
      this.count--;
    }
    if (this.count > 0 && this.values[this.count - 1] === value) return;
    if (this.count === 0 && value === NONE) return;
    if (this.count === this.values.length) {
      const b = new Uint32Array(this.boundaries.length * 2);
      b.set(this.boundaries);
      this.boundaries = b;
      const v = new Uint32Array(this.values.length * 2);
      v.set(this.values);
      this.values = v;
    }
    for (let w = 0; w < width; w++) this.boundaries[this.count * width + w] = source[at + w]!;
    this.values[this.count++] = value;
  }

  table(): RangeTable {
    // Copies, so the spare capacity of the growing arrays is given back.
    return new RangeTable(this.width, this.boundaries.slice(0, this.count * this.width), this.values.slice(0, this.count));
  }
}

function compareAt(a: Uint32Array, ai: number, b: Uint32Array, bi: number, width: number): number {
  for (let w = 0; w < width; w++) {
    const x = a[ai + w]!;
    const y = b[bi + w]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** end + 1 into `out`; false when the end is the very last address. */
function afterEnd(ends: Uint32Array, at: number, width: number, out: Uint32Array): boolean {
  let carry = 1;
  for (let w = width - 1; w >= 0; w--) {
    const sum = ends[at + w]! + carry;
    out[w] = sum >>> 0;
    carry = sum > 0xffffffff ? 1 : 0;
  }
  return carry === 0;
}

/** Whether the range ending at ends[at …] still covers `point` (its end is at or after it). */
function endsAfter(ends: Uint32Array, at: number, point: Uint32Array, width: number): boolean {
  return compareAt(ends, at, point, 0, width) >= 0;
}

/** Indices by start, and for equal starts the wider range first so the narrower one wins. Already sorted input (the usual case) is not sorted again. */
function sortedOrder(starts: Uint32Array, ends: Uint32Array, count: number, width: number): Uint32Array {
  const order = new Uint32Array(count);
  let sorted = true;
  for (let i = 0; i < count; i++) {
    order[i] = i;
    if (sorted && i > 0 && compareRanges(starts, ends, i - 1, i, width) > 0) sorted = false;
  }
  if (sorted) return order;
  return Uint32Array.from([...order].sort((a, b) => compareRanges(starts, ends, a, b, width)));
}

function compareRanges(starts: Uint32Array, ends: Uint32Array, a: number, b: number, width: number): number {
  return compareAt(starts, a * width, starts, b * width, width) || compareAt(ends, b * width, ends, a * width, width);
}
