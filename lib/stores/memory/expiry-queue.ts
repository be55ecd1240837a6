/**
 * A min-heap of keys by expiry time, one entry per key: setting, removing and taking the earliest are O(log n), so
 * a store can drop whatever expired without scanning everything it holds, and holds no entry for a key it forgot.
 */
export class ExpiryQueue {
  private readonly heap: { key: string; at: number }[] = [];
  private readonly positions = new Map<string, number>();

  get size(): number {
    return this.heap.length;
  }

  /** Sets (or moves) the expiry of `key`. */
  set(key: string, at: number): void {
    const index = this.positions.get(key);
    if (index === undefined) {
      this.heap.push({ key, at });
      this.positions.set(key, this.heap.length - 1);
      this.up(this.heap.length - 1);
      return;
    }
    const previous = this.heap[index]!.at;
    this.heap[index]!.at = at;
    if (at < previous) this.up(index);
    else this.down(index);
  }

  /** Forgets `key`. */
  delete(key: string): void {
    const index = this.positions.get(key);
    if (index === undefined) return;
    this.positions.delete(key);
    const last = this.heap.pop()!;
    if (index === this.heap.length) return;
    this.heap[index] = last;
    this.positions.set(last.key, index);
    this.up(index);
    this.down(index);
  }

  /** Removes and returns every key whose time is at or before `now`, earliest first. */
  takeDue(now: number): string[] {
    const due: string[] = [];
    while (this.heap.length > 0 && this.heap[0]!.at <= now) {
      const key = this.heap[0]!.key;
      this.delete(key);
      due.push(key);
    }
    return due;
  }

  private up(index: number): void {
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (this.heap[parent]!.at <= this.heap[index]!.at) return;
      this.swap(index, parent);
      index = parent;
    }
  }

  private down(index: number): void {
    for (;;) {
      const left = index * 2 + 1;
      const right = left + 1;
      let smallest = index;
      if (left < this.heap.length && this.heap[left]!.at < this.heap[smallest]!.at) smallest = left;
      if (right < this.heap.length && this.heap[right]!.at < this.heap[smallest]!.at) smallest = right;
      if (smallest === index) return;
      this.swap(index, smallest);
      index = smallest;
    }
  }

  private swap(a: number, b: number): void {
    const first = this.heap[a]!;
    const second = this.heap[b]!;
    this.heap[a] = second;
    this.heap[b] = first;
    this.positions.set(second.key, a);
    this.positions.set(first.key, b);
  }
}
