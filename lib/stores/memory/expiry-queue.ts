/**
 * A min-heap of keys by expiry time: adding and taking the earliest are O(log n), so a store can drop whatever
 * expired without scanning everything it holds. Entries are hints: the owner checks each taken key is still due.
 */
export class ExpiryQueue {
  private readonly heap: { key: string; at: number }[] = [];

  get size(): number {
    return this.heap.length;
  }

  add(key: string, at: number): void {
    const heap = this.heap;
    heap.push({ key, at });
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (heap[parent]!.at <= heap[index]!.at) break;
      [heap[parent], heap[index]] = [heap[index]!, heap[parent]!];
      index = parent;
    }
  }

  /** Removes and returns every key whose time is at or before `now`, earliest first. */
  takeDue(now: number): string[] {
    const due: string[] = [];
    while (this.heap.length > 0 && this.heap[0]!.at <= now) due.push(this.pop()!);
    return due;
  }

  private pop(): string | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let index = 0;
      for (;;) {
        const left = index * 2 + 1;
        const right = left + 1;
        let smallest = index;
        if (left < heap.length && heap[left]!.at < heap[smallest]!.at) smallest = left;
        if (right < heap.length && heap[right]!.at < heap[smallest]!.at) smallest = right;
        if (smallest === index) break;
        [heap[smallest], heap[index]] = [heap[index]!, heap[smallest]!];
        index = smallest;
      }
    }
    return top?.key;
  }
}
