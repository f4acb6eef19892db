// The nonces lot devices have used (`device_nonces`, `_id` = `${deviceId}:${nonce}`):
// the device function inserts one per accepted request, and a duplicate insert
// is a replay. The sweep deletes the ones no replay could use any more.
import { MAX_CLOCK_SKEW_MS } from '../../src/domain/parking/device-signature'
import { _ } from './cloud'
import { now } from './clock'
import { collection } from './collection'

export interface DeviceNonce {
  deviceId: string
  /** When the request was accepted (server time). */
  at: number
}

export const deviceNonces = collection<DeviceNonce>('device_nonces')

/**
 * A request accepted at `at` carried a timestamp within MAX_CLOCK_SKEW_MS of
 * it, and the same request is accepted again only while its timestamp is
 * within MAX_CLOCK_SKEW_MS of the clock: so after `at` + 2 × MAX_CLOCK_SKEW_MS
 * the clock check refuses any replay by itself, and the nonce can go.
 */
export const NONCE_KEEP_MS = 2 * MAX_CLOCK_SKEW_MS

/** Deletes the nonces older than NONCE_KEEP_MS; returns how many. */
export async function sweepDeviceNonces(): Promise<{ deleted: number }> {
  return { deleted: await deviceNonces.remove({ at: _.lt(now() - NONCE_KEEP_MS) }) }
}
