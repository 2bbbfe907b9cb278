/** A small seeded generator (Mulberry32) and the helpers built on it, for repeatable corpora and benchmarks. */
export interface SeededRandom {
  /** A float in [0, 1). */
  random(): number;
  /** One item of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** The list shuffled in place (Fisher-Yates), returned for convenience. */
  shuffled<T>(items: T[]): T[];
}

export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 0x1_0000_0000;
  };
  return {
    random,
    pick<T>(items: readonly T[]): T {
      const item = items[Math.floor(random() * items.length)];
      if (item === undefined) throw new Error("pick from an empty list");
      return item;
    },
    shuffled<T>(items: T[]): T[] {
      for (let index = items.length - 1; index > 0; index--) {
        const other = Math.floor(random() * (index + 1));
        [items[index], items[other]] = [items[other] as T, items[index] as T];
      }
      return items;
    },
  };
}
