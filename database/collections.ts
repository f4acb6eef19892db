// Every collection the product uses, with its indexes. The emulator creates
// exactly these (unique indexes enforced); deployment creates them in the
// CloudBase console or with the CLI (see README).

export interface IndexSpec {
  name: string
  /** Field path → 1 (ascending) or -1 (descending). */
  keys: Record<string, 1 | -1>
  unique?: boolean
}

export interface CollectionSpec {
  name: string
  indexes: IndexSpec[]
}

export const collections: CollectionSpec[] = [
  { name: 'users', indexes: [{ name: 'openid_unique', keys: { openid: 1 }, unique: true }] },
  { name: 'staff', indexes: [{ name: 'openid_unique', keys: { openid: 1 }, unique: true }] },
  {
    name: 'vehicles',
    indexes: [
      // One row per (owner, plate): a plate cannot be added twice to one account.
      { name: 'owner_plate_unique', keys: { ownerOpenid: 1, plate: 1 }, unique: true },
      { name: 'plate', keys: { plate: 1 } },
    ],
  },
  // SMS verification: every send (for the limits), the live code per caller and phone,
  // and a per-phone throttle document whose conditional update enforces the countdown.
  {
    name: 'sms_sends',
    indexes: [
      { name: 'phone_at', keys: { phone: 1, at: 1 } },
      { name: 'openid_at', keys: { openid: 1, at: 1 } },
      { name: 'ip_at', keys: { ip: 1, at: 1 } },
    ],
  },
  { name: 'sms_codes', indexes: [] },
  { name: 'sms_throttle', indexes: [] },
]
