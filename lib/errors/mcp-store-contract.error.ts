/**
 * A store given to `McpModule` that does not implement its contract: it lacks methods the abstract class requires
 * (typically a store written against an earlier version, before those methods existed). Thrown at bootstrap, naming
 * the store, the missing methods and where the contract is documented; never sent to a client.
 */
export class McpStoreContractError extends Error {
  constructor(
    /** The store's class name. */
    readonly store: string,
    /** The methods it lacks. */
    readonly missing: readonly string[],
    /** What the methods are for, how to implement them, and where it is documented. */
    explanation: string,
  ) {
    super(`The store "${store}" does not implement ${missing.map((name) => `${name}()`).join(', ')}. ${explanation}`);
    this.name = 'McpStoreContractError';
  }
}
