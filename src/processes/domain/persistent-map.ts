type Entry<V> = readonly [string, V];
interface Leaf<V> {
  readonly hash: number;
  readonly entries: readonly Entry<V>[];
}
type Branch<V> = readonly (Node<V> | undefined)[];
type Node<V> = Leaf<V> | Branch<V>;

const BITS = 5;
const WIDTH = 1 << BITS;
const MASK = WIDTH - 1;

function hashOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function insert<V>(node: Node<V> | undefined, shift: number, hash: number, key: string, value: V): { node: Node<V>; added: boolean } {
  if (node === undefined) return { node: { hash, entries: [[key, value]] }, added: true };
  if (Array.isArray(node)) {
    const branch = node as Branch<V>;
    const i = (hash >>> shift) & MASK;
    const child = insert(branch[i], shift + BITS, hash, key, value);
    const copy = branch.slice();
    copy[i] = child.node;
    return { node: copy, added: child.added };
  }
  const leaf = node as Leaf<V>;
  if (leaf.hash === hash) {
    const at = leaf.entries.findIndex(([k]) => k === key);
    const entries = leaf.entries.slice();
    if (at >= 0) entries[at] = [key, value];
    else entries.push([key, value]);
    return { node: { hash, entries }, added: at < 0 };
  }
  // Two different hashes always part before the bits run out (shift < 32).
  const branch: (Node<V> | undefined)[] = new Array(WIDTH);
  branch[(leaf.hash >>> shift) & MASK] = leaf;
  return insert(branch, shift, hash, key, value);
}

function* walk<V>(node: Node<V> | undefined): Generator<Entry<V>, void, undefined> {
  if (node === undefined) return;
  if (Array.isArray(node)) {
    for (const child of node as Branch<V>) yield* walk(child);
    return;
  }
  yield* (node as Leaf<V>).entries;
}

/** Hash trie with structural sharing: set copies one path, so long folds stay fast and old states stay valid. */
export class PersistentMap<V> implements Iterable<[string, V]> {
  private static readonly EMPTY = new PersistentMap<never>(undefined, 0);

  private constructor(
    private readonly root: Node<V> | undefined,
    readonly size: number,
  ) {}

  static empty<V>(): PersistentMap<V> {
    return PersistentMap.EMPTY as PersistentMap<V>;
  }

  static of<V>(entries: Iterable<readonly [string, V]>): PersistentMap<V> {
    let map = PersistentMap.empty<V>();
    for (const [k, v] of entries) map = map.set(k, v);
    return map;
  }

  get(key: string): V | undefined {
    const hash = hashOf(key);
    let node = this.root;
    let shift = 0;
    while (node !== undefined) {
      if (Array.isArray(node)) {
        node = (node as Branch<V>)[(hash >>> shift) & MASK];
        shift += BITS;
        continue;
      }
      const leaf = node as Leaf<V>;
      if (leaf.hash !== hash) return undefined;
      for (const [k, v] of leaf.entries) if (k === key) return v;
      return undefined;
    }
    return undefined;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  set(key: string, value: V): PersistentMap<V> {
    const { node, added } = insert(this.root, 0, hashOf(key), key, value);
    return new PersistentMap(node, added ? this.size + 1 : this.size);
  }

  *entries(): IterableIterator<[string, V]> {
    for (const [k, v] of walk(this.root)) yield [k, v];
  }

  *keys(): IterableIterator<string> {
    for (const [k] of walk(this.root)) yield k;
  }

  *values(): IterableIterator<V> {
    for (const [, v] of walk(this.root)) yield v;
  }

  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.entries();
  }

  toJSON(): Record<string, V> {
    return Object.fromEntries(this.entries());
  }
}
