import fc from 'fast-check';
import { PersistentMap } from './persistent-map.js';

describe('PersistentMap', () => {
  it('gets what was set and counts distinct keys', () => {
    const map = PersistentMap.empty<number>().set('a', 1).set('b', 2).set('a', 3);
    expect([map.get('a'), map.get('b'), map.get('c'), map.size]).toEqual([3, 2, undefined, 2]);
    expect(map.has('b')).toBe(true);
    expect(map.has('c')).toBe(false);
  });

  it('keeps keys whose 32-bit hashes collide apart', () => {
    // costarring and liquid share one FNV-1a hash.
    const map = PersistentMap.empty<string>().set('costarring', 'x').set('liquid', 'y').set('costarring', 'z');
    expect([map.get('costarring'), map.get('liquid'), map.size]).toEqual(['z', 'y', 2]);
  });

  it('behaves like a Map and leaves every earlier version untouched', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ maxLength: 4 }), fc.integer()), { maxLength: 300 }), (writes) => {
        const versions: PersistentMap<number>[] = [PersistentMap.empty()];
        const models: Map<string, number>[] = [new Map()];
        for (const [key, value] of writes) {
          versions.push(versions[versions.length - 1].set(key, value));
          models.push(new Map(models[models.length - 1]).set(key, value));
        }
        versions.forEach((version, i) => {
          expect(version.size).toBe(models[i].size);
          expect(new Map(version.entries())).toEqual(models[i]);
        });
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('serialises to a plain object', () => {
    expect(JSON.parse(JSON.stringify(PersistentMap.of([['k', { v: 1 }]])))).toEqual({ k: { v: 1 } });
  });
});
