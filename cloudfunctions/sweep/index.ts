// The one sweep: a timer trigger (config.json) runs it every minute, and it
// runs every job that drives durable work to its end — today the payment
// intents of every domain. Each job does only what is due, so an extra run
// (or a call from anyone) changes nothing that was not already owed.
import { sweepPayments } from '../_shared/payments'

const jobs = { payments: () => sweepPayments() }

export async function main() {
  const report: Record<string, unknown> = {}
  for (const [name, job] of Object.entries(jobs)) {
    try {
      report[name] = await job()
    } catch (e) {
      console.error(`[sweep] ${name} failed`, e)
      report[name] = { error: (e as Error)?.message ?? String(e) }
    }
  }
  return report
}
