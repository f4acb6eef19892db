// Demo data for `npm run dev` (and the e2e suite): the people the dev console
// can act as, and the documents they start with.

export interface Person {
  openid: string
  name: string
  label: string
}

export const people: Person[] = [
  { openid: 'o-driver-zhang', name: '张伟', label: '车主' },
  { openid: 'o-driver-li', name: '李娜', label: '车主' },
  { openid: 'o-host-wang', name: '王老师', label: '访客邀请人' },
  { openid: 'o-reviewer-zhao', name: '赵敏', label: '停车办审核员' },
]

const t0 = Date.UTC(2026, 8, 1, 0, 0, 0)

export const documents: Record<string, Array<Record<string, unknown>>> = {
  staff: [{ _id: 'staff-zhao', openid: 'o-reviewer-zhao', name: '赵敏', roles: ['reviewer'], active: true }],
  users: [
    { _id: 'user-zhang', openid: 'o-driver-zhang', nickname: '张伟', createdAt: t0, vehicleCount: 1, defaultVehicleId: 'vehicle-zhang-1' },
    { _id: 'user-li', openid: 'o-driver-li', nickname: '李娜', createdAt: t0, vehicleCount: 0, defaultVehicleId: '' },
    { _id: 'user-wang', openid: 'o-host-wang', nickname: '王老师', createdAt: t0, vehicleCount: 0, defaultVehicleId: '' },
    { _id: 'user-zhao', openid: 'o-reviewer-zhao', nickname: '赵敏', createdAt: t0, vehicleCount: 0, defaultVehicleId: '' },
  ],
  vehicles: [{ _id: 'vehicle-zhang-1', ownerOpenid: 'o-driver-zhang', plate: '京A12345', createdAt: t0 }],
}
