// `spaceChanged` from a lot's space-sensor gateway: a space became occupied or
// free, with the plate its camera read when it read one. This is where each
// car stands (寻车) and what the live free-space counts are made of.
//
// Decisions:
// - The space is named by its number within the sensor's lot (B2-105); an
//   unknown number is refused (400) and changes nothing.
// - Occupied with a plate: the space shows that plate, and the plate's open
//   stay in this lot moves there; any other open stay still placed in this
//   space is no longer (its car has moved, or was read wrong).
// - Occupied without a plate: the space is taken; where the car is stays
//   unknown, and a stay placed there keeps its place (the camera may read it
//   next time).
// - Freed: the space is free and no open stay is placed in it any more.
import * as z from '../../src/domain/zod'
import { PlateInput } from '../../src/domain/plate'
import { _ } from '../_shared/cloud'
import { now as clockNow } from '../_shared/clock'
import { freeSpaces } from '../_shared/parking-context'
import { spaces, stays } from '../_shared/parking-records'
import { EventRefusal, readData, type DeviceEvent } from './event'

const SpaceChanged = z.strictObject({
  number: z.string('车位号应为字符串').check(z.trim(), z.minLength(1, '请提供车位号'), z.maxLength(20, '车位号过长'), z.regex(/^[A-Za-z0-9-]+$/, '车位号只能包含字母、数字和 -')),
  occupied: z.boolean('occupied 应为 true 或 false'),
  plate: z.optional(z.nullable(PlateInput)),
})

export const spaceChanged: DeviceEvent = {
  async prepare(device, data) {
    if (device.kind !== 'sensor') throw new EventRefusal('wrong_device', '只有车位传感器可以上报车位状态')
    const change = readData(SpaceChanged, data, '车位事件')
    const spaceId = `${device.lotId}:${change.number}`
    const space = await spaces.findOne({ _id: spaceId })
    if (!space) throw new EventRefusal('unknown_space', `车位不存在：${change.number}`)
    return async () => {
      const now = clockNow()
      const plate = change.occupied ? (change.plate ?? null) : null
      await spaces.update({ _id: spaceId }, { occupied: change.occupied, plate, changedAt: now })
      if (!change.occupied) {
        await stays.update({ lotId: device.lotId, status: 'IN', spaceId }, { spaceId: null, updatedAt: now })
      } else if (plate !== null) {
        await stays.update({ lotId: device.lotId, status: 'IN', spaceId, plate: _.neq(plate) }, { spaceId: null, updatedAt: now })
        await stays.update({ lotId: device.lotId, status: 'IN', plate }, { spaceId, updatedAt: now })
      }
      return { ok: true, space: { number: space.number, floor: space.floor, occupied: change.occupied, plate }, free: await freeSpaces(device.lotId) }
    }
  },
}
