import { z } from '../zod'
import { PlateInput } from '../plate'

export const MAX_VEHICLES_PER_USER = 5

export const Vehicle = z.object({
  id: z.string(),
  plate: z.string(),
  isDefault: z.boolean(),
  createdAt: z.number().int(),
})
export type Vehicle = z.infer<typeof Vehicle>

const VehicleList = z.object({ vehicles: z.array(Vehicle) })
const ById = z.object({ id: z.string().min(1).max(64) }).strict()

export const vehicleContract = {
  list: { input: z.object({}).strict(), output: VehicleList },
  add: { input: z.object({ plate: PlateInput }).strict(), output: VehicleList },
  setDefault: { input: ById, output: VehicleList },
  remove: { input: ById, output: VehicleList },
}
