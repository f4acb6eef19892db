// 锁车 as the lanes read it: whether a plate is locked. The lock lives on the
// plate's document in `plates` (vehicle/records.ts PlateDoc.lock, _id = the
// plate), beside the verified owner it was set under, so the exit camera reads
// it by key in parallel with the stay and the rule (no extra round trip), and
// a change of owner — which rewrites that document — ends it by construction.
import { plates } from '../vehicle/records'

/** Whether `plate` (normalised) is locked now. A plate with no document, no owner or no lock is not. */
export async function isLocked(plate: string | null | undefined): Promise<boolean> {
  if (!plate) return false
  const doc = await plates.findOne({ _id: plate })
  return !!doc?.ownerOpenid && !!doc.lock
}
