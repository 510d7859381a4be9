// A small least-recently-used cache keyed by byte strings (certificates by DER), for memoising work on
// immutable inputs; bounded so attacker-supplied certificates cannot grow it without limit.
import { bytesEqual } from './bytes';

interface Entry<V> {
  key: Uint8Array;
  value: V;
}

export class BytesCache<V> {
  // Map keeps insertion order, so the first entry is always the least recently used.
  private readonly map = new Map<string, Entry<V>>();
  constructor(private readonly capacity: number) {}

  get(key: Uint8Array): V | undefined {
    const h = hashKey(key);
    const e = this.map.get(h);
    if (!e || !bytesEqual(e.key, key)) return undefined; // a hash collision is just a miss
    this.map.delete(h);
    this.map.set(h, e);
    return e.value;
  }

  set(key: Uint8Array, value: V): void {
    const h = hashKey(key);
    this.map.delete(h);
    this.map.set(h, { key: key.slice(), value }); // our own copy: the caller's buffer may be reused
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as string);
  }

  get size(): number {
    return this.map.size;
  }
}

/** Length and 32-bit FNV-1a of the bytes; equality is always confirmed on the bytes themselves. */
function hashKey(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return `${bytes.length}:${h >>> 0}`;
}
