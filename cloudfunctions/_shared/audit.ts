// The audit log: who did what to which record, when and why. Keyed, so a
// retried action writes one entry.
import { now } from './clock'
import { collection } from './collection'
import { isDuplicateKey } from './db-errors'

interface AuditDoc {
  at: number
  by: string
  action: string
  target: string
  reason: string
}

const log = collection<AuditDoc>('audit_log')

export async function audit(key: string, entry: Omit<AuditDoc, 'at'>): Promise<void> {
  try {
    await log.insert(key, { ...entry, at: now() })
  } catch (e) {
    if (!isDuplicateKey(e)) throw e
  }
}
