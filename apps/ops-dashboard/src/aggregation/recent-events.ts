// The newest N events of a kind (alerts, rejections), newest first, each once: a consumer that
// re-reads a topic after a restart must not show the same alert twice. A later occurrence of an id
// held (an unknown SKU sold again) takes the place of the earlier one: it is news.

export class RecentEvents<T> {
  private items: T[] = [];
  private readonly ids = new Set<string>();
  private seen = 0;

  constructor(
    private readonly capacity: number,
    private readonly idOf: (item: T) => string,
    private readonly timeOf: (item: T) => number,
  ) {}

  /** Returns false for an event already held (the same id, not later). */
  add(item: T): boolean {
    const id = this.idOf(item);
    if (this.ids.has(id)) {
      const held = this.items.find((other) => this.idOf(other) === id);
      if (held === undefined || this.timeOf(item) <= this.timeOf(held)) return false;
      this.items.splice(this.items.indexOf(held), 1);
    }
    this.seen += 1;
    this.ids.add(id);
    this.items.push(item);
    this.items.sort((a, b) => this.timeOf(b) - this.timeOf(a));
    for (const dropped of this.items.splice(this.capacity)) this.ids.delete(this.idOf(dropped));
    return true;
  }

  /** Replaces everything from a source that answers with its own recent list (an HTTP poll). */
  replaceAll(items: readonly T[]): void {
    this.items = [];
    this.ids.clear();
    for (const item of items) this.add(item);
  }

  list(): T[] {
    return [...this.items];
  }

  /** Distinct events added since start, including those that fell out of the list. */
  get total(): number {
    return this.seen;
  }
}

/** Counts by a category (alert type, reason code), largest first. */
export function countBy<T>(items: Iterable<T>, categoryOf: (item: T) => string): Array<{ category: string; count: number }> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(categoryOf(item), (counts.get(categoryOf(item)) ?? 0) + 1);
  return [...counts].map(([category, count]) => ({ category, count })).sort((a, b) => b.count - a.count || a.category.localeCompare(b.category));
}
