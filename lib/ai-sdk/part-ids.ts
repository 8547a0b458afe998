/**
 * Returns `base`, or the first of `base-2`, `base-3`… that is neither in `taken` nor `reserved`, and
 * adds it to `taken`. The ids of one message's parts must differ: the AI SDK's client replaces the
 * data of a data part whose type and id it has already seen, and a page keys its list by them.
 */
export function claimPartId(taken: Set<string>, base: string, reserved?: (id: string) => boolean): string {
  let id = base
  for (let copy = 2; taken.has(id) || reserved?.(id); copy++) id = `${base}-${copy}`
  taken.add(id)
  return id
}
