// A number for an object, the same for the object's lifetime and never reused: a key part for
// things known by identity (a function argument, a reduce op that a user's kernel made), held
// weakly so that keying an object does not keep it alive.
const ids = new WeakMap<object, number>();
let nextId = 1;

export function objectId(x: object): number {
  let id = ids.get(x);
  if (id === undefined) ids.set(x, (id = nextId++));
  return id;
}
