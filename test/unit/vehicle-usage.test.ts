import { describe, expect, expectTypeOf, it } from 'vitest'
import { RELATION_STATUSES, type RelationStatus } from '../../src/domain/vehicle/relation'
import {
  DEFAULT_VEHICLE_SETTINGS,
  HIDDEN_LOT_NAME,
  NOTICE_FIELDS,
  USAGE_RELATIONS,
  lotNameFor,
  lotNameVisibility,
  lockOption,
  mayEnableFrictionless,
  mayLock,
  mayPay,
  maySeeFrictionlessOrders,
  maySeeVehicleCoupons,
  shouldNotify,
  usageRelation,
  type LockOption,
  type LotNameVisibility,
  type UsageRelation,
  type VehicleEvent,
  type VehicleSettingsValue,
  type VehicleUsage,
} from '../../src/domain/vehicle/usage'
import { VehicleSettings } from '../../src/domain/contracts/vehicle'
import type * as z from '../../src/domain/zod'

const vehicle = (verified: boolean, settings: VehicleSettingsValue = DEFAULT_VEHICLE_SETTINGS): VehicleUsage => ({ verified, settings })

describe('usage relation', () => {
  // Every relation status (and no relation at all): [plate not verified, plate verified].
  const EXPECTED: Record<RelationStatus | 'NO_ROW', [UsageRelation, UsageRelation]> = {
    NO_ROW: ['NONE', 'NONE'],
    ADDED: ['HOLDER', 'NONE'],
    AWAITING_AUTH: ['NONE', 'NONE'],
    AUTHORIZED: ['NONE', 'AUTHORIZED'],
    VERIFYING: ['HOLDER', 'NONE'],
    VERIFIED: ['OWNER', 'OWNER'],
    APPEALING: ['NONE', 'NONE'],
    DISPLACED: ['NONE', 'NONE'],
    APPEAL_FAILED: ['NONE', 'NONE'],
    REMOVED: ['NONE', 'NONE'],
  }
  const rows = [null, ...RELATION_STATUSES].flatMap((status) =>
    [false, true].map((plateVerified) => [status ?? 'no relation', plateVerified, EXPECTED[status ?? 'NO_ROW'][plateVerified ? 1 : 0], status] as const),
  )

  it('When the table is built, then it has every status × plate verified or not', () => {
    expect(rows).toHaveLength(20)
  })

  it.each(rows)('When the account is %s and the plate verified is %s, then it counts as %s', (_, plateVerified, expected, status) => {
    expect(usageRelation(status, plateVerified)).toBe(expected)
  })
})

describe('vehicle notices', () => {
  type EventName = 'ENTRY' | 'EXIT_PAID' | 'EXIT_UNPAID' | 'PAYMENT' | 'COUPON_ISSUED' | 'LOCKED_EXIT'
  const EVENTS: Record<EventName, VehicleEvent> = {
    ENTRY: { kind: 'ENTRY' },
    EXIT_PAID: { kind: 'EXIT', paid: true },
    EXIT_UNPAID: { kind: 'EXIT', paid: false },
    PAYMENT: { kind: 'PAYMENT' },
    COUPON_ISSUED: { kind: 'COUPON_ISSUED' },
    LOCKED_EXIT: { kind: 'LOCKED_EXIT' },
  }
  // "Switch off" turns off the owner's switch for that event and leaves the others on;
  // a payment has no switch, so for it every notice switch is off.
  const all = { entry: true, exit: true, coupon: true }
  const SWITCH_OFF: Record<EventName, VehicleSettingsValue['notify']> = {
    ENTRY: { ...all, entry: false },
    EXIT_PAID: { ...all, exit: false },
    EXIT_UNPAID: { ...all, exit: false },
    PAYMENT: { entry: false, exit: false, coupon: false },
    COUPON_ISSUED: { ...all, coupon: false },
    // A locked car tried to leave: no switch silences it, so every switch is off.
    LOCKED_EXIT: { entry: false, exit: false, coupon: false },
  }

  // The rows that DO notify, per event and verified flag; every other row does not.
  // A row is [relation, isPayer, isLatestPayer, switch on]; '*' means either.
  type Flag = boolean | '*'
  type Row = [UsageRelation | '*', Flag, Flag, Flag]
  const NOTIFIED: Record<EventName, { verified: Row[]; unverified: Row[] }> = {
    // Entry: only the verified owner, if they want it; unverified: the latest payer.
    ENTRY: { verified: [['OWNER', '*', '*', true]], unverified: [['*', '*', true, '*']] },
    // A paid stay sends no exit notice to anyone.
    EXIT_PAID: { verified: [], unverified: [] },
    // An unpaid exit: as entry.
    EXIT_UNPAID: { verified: [['OWNER', '*', '*', true]], unverified: [['*', '*', true, '*']] },
    // A payment notice goes to the payer, whoever they are.
    PAYMENT: { verified: [['*', true, '*', '*']], unverified: [['*', true, '*', '*']] },
    // Coupons: only the verified owner sees issuing and claiming.
    COUPON_ISSUED: { verified: [['OWNER', '*', '*', true]], unverified: [] },
    // A locked car refused at an exit: the verified owner, always (only a verified vehicle can be locked).
    LOCKED_EXIT: { verified: [['OWNER', '*', '*', '*']], unverified: [] },
  }
  const fits = (pattern: Flag | UsageRelation, value: boolean | UsageRelation) => pattern === '*' || pattern === value

  const bools = [false, true]
  const cases = (Object.keys(EVENTS) as EventName[]).flatMap((event) =>
    bools.flatMap((verified) =>
      USAGE_RELATIONS.flatMap((relation) =>
        bools.flatMap((isPayer) =>
          bools.flatMap((isLatestPayer) =>
            bools.map((switchOn) => {
              const notified = NOTIFIED[event][verified ? 'verified' : 'unverified'].some(
                ([r, p, l, s]) => fits(r, relation) && fits(p, isPayer) && fits(l, isLatestPayer) && fits(s, switchOn),
              )
              return [event, verified, relation, isPayer, isLatestPayer, switchOn, notified] as const
            }),
          ),
        ),
      ),
    ),
  )

  it('When the table is built, then it has every event × verified × relation × payer × latest payer × switch', () => {
    expect(cases).toHaveLength(6 * 2 * 4 * 2 * 2 * 2)
    // How many rows notify, per event: catches a wrong row in NOTIFIED.
    const count = (event: EventName) => cases.filter((c) => c[0] === event && c[6]).length
    expect({
      ENTRY: count('ENTRY'),
      EXIT_PAID: count('EXIT_PAID'),
      EXIT_UNPAID: count('EXIT_UNPAID'),
      PAYMENT: count('PAYMENT'),
      COUPON_ISSUED: count('COUPON_ISSUED'),
      LOCKED_EXIT: count('LOCKED_EXIT'),
    }).toEqual({
      ENTRY: 4 + 16,
      EXIT_PAID: 0,
      EXIT_UNPAID: 4 + 16,
      PAYMENT: 16 + 16,
      COUPON_ISSUED: 4,
      LOCKED_EXIT: 8,
    })
  })

  it.each(cases)(
    'When %s happens to a vehicle (verified %s) and the party is %s (payer %s, latest payer %s, switch on %s), then notified is %s',
    (event, verified, relation, isPayer, isLatestPayer, switchOn, notified) => {
      const settings = { hideLotNames: false, notify: switchOn ? all : SWITCH_OFF[event] }
      expect(shouldNotify(vehicle(verified, settings), { relation, isPayer, isLatestPayer }, EVENTS[event])).toBe(notified)
    },
  )

  it('When a notice is composed, then it shows the lot and the duration, never start or end times', () => {
    expect(NOTICE_FIELDS).toEqual(['lot', 'duration'])
  })
})

describe('paying, lot names, coupons and frictionless payment', () => {
  // relation, verified, owner hides lot names → may pay, lot name, sees vehicle coupons,
  // may enable frictionless payment, sees frictionless orders.
  type Row = [UsageRelation, boolean, boolean, boolean, LotNameVisibility, boolean, boolean, boolean]
  const TABLE: Row[] = [
    // relation      verified hide   pay    lot name   coupons frictionless orders
    ['OWNER', true, false, true, 'FULL', true, true, true],
    ['OWNER', true, true, true, 'FULL', true, true, true],
    ['OWNER', false, false, true, 'FULL', true, false, false],
    ['OWNER', false, true, true, 'FULL', true, false, false],
    ['AUTHORIZED', true, false, true, 'FULL', true, false, false],
    ['AUTHORIZED', true, true, true, 'HIDDEN', true, false, false],
    ['AUTHORIZED', false, false, true, 'FULL', true, false, false],
    ['AUTHORIZED', false, true, true, 'FULL', true, false, false], // settings count only when verified
    ['HOLDER', true, false, false, 'MASKED', true, false, false],
    ['HOLDER', true, true, false, 'MASKED', true, false, false],
    ['HOLDER', false, false, true, 'MASKED', true, false, false],
    ['HOLDER', false, true, true, 'MASKED', true, false, false],
    ['NONE', true, false, false, 'HIDDEN', false, false, false],
    ['NONE', true, true, false, 'HIDDEN', false, false, false],
    ['NONE', false, false, true, 'MASKED', false, false, false], // anyone may pay for an unverified vehicle
    ['NONE', false, true, true, 'MASKED', false, false, false],
  ]

  it('When the table is built, then it has every relation × verified × privacy setting', () => {
    expect(TABLE).toHaveLength(4 * 2 * 2)
    expect(new Set(TABLE.map(([r, v, h]) => `${r}/${v}/${h}`)).size).toBe(16)
  })

  it.each(TABLE)(
    'When the party is %s on a vehicle (verified %s, hide lot names %s), then pay %s, lot name %s, coupons %s, enable frictionless %s, frictionless orders %s',
    (relation, verified, hideLotNames, pay, lot, coupons, frictionless, orders) => {
      const v = vehicle(verified, { ...DEFAULT_VEHICLE_SETTINGS, hideLotNames })
      expect(mayPay(v, relation)).toBe(pay)
      expect(lotNameVisibility(v, relation)).toBe(lot)
      expect(maySeeVehicleCoupons(v, relation)).toBe(coupons)
      expect(mayEnableFrictionless(v, relation)).toBe(frictionless)
      expect(maySeeFrictionlessOrders(v, relation)).toBe(orders)
    },
  )

  const names: Array<[boolean, UsageRelation, string, string, string]> = [
    // [verified, relation, lot name, shown, why]
    [true, 'OWNER', '东区地下停车场', '东区地下停车场', 'the verified owner sees the full name'],
    [false, 'HOLDER', '东区地下停车场', '东区***', 'a masked name keeps the first two characters'],
    [false, 'NONE', '南门', '南***', 'a name of two characters keeps only the first'],
    [false, 'HOLDER', 'A', 'A***', 'a name of one character keeps it'],
    [true, 'NONE', '东区地下停车场', HIDDEN_LOT_NAME, 'a stranger to a verified vehicle sees no name'],
  ]
  it.each(names)('When a lot of a vehicle (verified %s) is shown to %s, then %s reads %s (%s)', (verified, relation, name, shown) => {
    expect(lotNameFor(vehicle(verified), relation, name)).toBe(shown)
  })

  it('When privacy protection is on, then the authorized account reads 隐私保护车场', () => {
    expect(lotNameFor(vehicle(true, { ...DEFAULT_VEHICLE_SETTINGS, hideLotNames: true }), 'AUTHORIZED', '东区地下停车场')).toBe('隐私保护车场')
  })
})

describe('锁车: who may lock', () => {
  // [verified, relation] → what the 锁车 page offers. Every combination is listed.
  const TABLE: Array<[boolean, UsageRelation, LockOption]> = [
    [true, 'OWNER', 'MAY_LOCK'],
    [true, 'AUTHORIZED', 'MAY_LOCK'],
    [true, 'HOLDER', 'NONE'], // cannot happen (a holder's plate is unverified), and gives nothing if it did
    [true, 'NONE', 'NONE'], // a stranger, a request still waiting, a displaced owner
    [false, 'OWNER', 'NONE'], // cannot happen: an owner makes the plate verified
    [false, 'AUTHORIZED', 'NONE'], // the owner left: the authorization no longer counts
    [false, 'HOLDER', 'VERIFY_FIRST'], // added but unverified: 去认证, or anyone could lock a stranger in
    [false, 'NONE', 'NONE'],
  ]
  it('When the table is built, then it covers every verified × relation', () => {
    expect(TABLE).toHaveLength(2 * USAGE_RELATIONS.length)
  })
  it.each(TABLE)('When the vehicle is verified %s and the account is %s, then the 锁车 page offers %s', (verified, relation, option) => {
    expect(lockOption(vehicle(verified), relation)).toBe(option)
    expect(mayLock(vehicle(verified), relation)).toBe(option === 'MAY_LOCK')
  })
})

describe('default settings', () => {
  it('When a vehicle is first verified, then privacy is off and every notice is on, in the contract’s shape', () => {
    expect(DEFAULT_VEHICLE_SETTINGS).toEqual({ hideLotNames: false, notify: { entry: true, exit: true, coupon: true } })
    expect(VehicleSettings.parse(DEFAULT_VEHICLE_SETTINGS)).toEqual(DEFAULT_VEHICLE_SETTINGS)
    expectTypeOf<VehicleSettingsValue>().toEqualTypeOf<z.infer<typeof VehicleSettings>>()
  })
})
