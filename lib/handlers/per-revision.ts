/**
 * A value derived from the registry, computed again only when the registry's revision changes (any definition
 * added, removed or replaced), rather than once per list request.
 */
export class PerRevision<T> {
  private cached?: { readonly revision: number; readonly value: T };

  constructor(private readonly compute: () => T) {}

  /** The value for the registry at `revision`. */
  at(revision: number): T {
    if (this.cached?.revision !== revision) this.cached = { revision, value: this.compute() };
    return this.cached.value;
  }
}
