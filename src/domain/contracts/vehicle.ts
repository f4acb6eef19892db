import * as z from '../zod'
import { PlateInput } from '../plate'

export const MAX_VEHICLES_PER_USER = 5

export const Vehicle = z.object({
  id: z.string(),
  plate: z.string(),
  isDefault: z.boolean(),
  createdAt: z.int(),
})
export type Vehicle = z.infer<typeof Vehicle>

const VehicleList = z.object({ vehicles: z.array(Vehicle) })
const ById = z.strictObject({ id: z.string().check(z.minLength(1), z.maxLength(64)) })

export const vehicleContract = {
  list: { input: z.strictObject({}), output: VehicleList },
  add: { input: z.strictObject({ plate: PlateInput }), output: VehicleList },
  setDefault: { input: ById, output: VehicleList },
  remove: { input: ById, output: VehicleList },
}
