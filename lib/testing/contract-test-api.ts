/** The matchers the contract suites use: a subset Jest and Vitest share. */
export interface ContractMatchers {
  toBe(expected: unknown): void;
  toEqual(expected: unknown): void;
  toBeUndefined(): void;
  toBeDefined(): void;
  toHaveLength(length: number): void;
  toMatch(pattern: RegExp): void;
  toBeGreaterThan(value: number): void;
  toBeGreaterThanOrEqual(value: number): void;
  not: Omit<ContractMatchers, 'not' | 'rejects'>;
  rejects: { toThrow(expected?: string | RegExp): Promise<void> };
}

/** The test-runner globals the contract suites use. */
export interface ContractTestApi {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => Promise<unknown> | void, timeoutMs?: number): void;
  afterEach(body: () => Promise<unknown> | void): void;
  expect(actual: unknown): ContractMatchers;
}

/** Jest's or Vitest's globals (`describe`, `it`, `afterEach`, `expect`), checked when a suite is defined. */
export function contractTestApi(suite: string): ContractTestApi {
  const api = globalThis as unknown as Partial<ContractTestApi>;
  for (const name of ['describe', 'it', 'afterEach', 'expect'] as const) {
    if (typeof api[name] !== 'function') {
      throw new Error(
        `${suite} needs the test runner's global "${name}". Call it from a Jest spec, or from Vitest with "globals: true".`,
      );
    }
  }
  return api as ContractTestApi;
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it returns true, or fails after `timeoutMs` with `message`. */
export async function eventually(check: () => boolean, message: string, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${message} (waited ${timeoutMs} ms)`);
    await sleep(5);
  }
}

/**
 * How a suite obtains a fresh, empty store: a function, or an object that also says how to release a store.
 * For a shared backend, each store must live under a key prefix no other test uses.
 */
export type StoreContractFactory<TStore, TOptions = void> =
  | ((options: TOptions) => TStore | Promise<TStore>)
  | {
      create(options: TOptions): TStore | Promise<TStore>;
      /**
       * Releases a store after its test (timers, connections it opened).
       * @default calls the store's `onModuleDestroy()` when it has one
       */
      dispose?(store: TStore): unknown;
    };

/**
 * Returns a function that creates stores for the current test; registers an `afterEach` (call it inside a
 * `describe`) that releases them.
 */
export function storeMaker<TStore, TOptions>(
  api: ContractTestApi,
  factory: StoreContractFactory<TStore, TOptions>,
): (options: TOptions) => Promise<TStore> {
  const create = typeof factory === 'function' ? factory : (options: TOptions) => factory.create(options);
  const dispose =
    typeof factory === 'function' || !factory.dispose
      ? (store: TStore) => (store as { onModuleDestroy?: () => unknown }).onModuleDestroy?.()
      : (store: TStore) => factory.dispose!(store);
  const created: TStore[] = [];
  api.afterEach(async () => {
    for (const store of created.splice(0)) await dispose(store);
  });
  return async (options) => {
    const store = await create(options);
    created.push(store);
    return store;
  };
}
