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
  // 我的车辆 (seed 002): `vehicles` holds each account's relation to a plate (one row of
  // its list, with the relation's status); `plates` holds, per plate (_id = the plate),
  // its one verified owner and the owner's settings; `appeals` the 我的车辆申诉.
  {
    name: 'vehicles',
    indexes: [
      // One row per (account, plate): a plate cannot be added twice to one account.
      { name: 'openid_plate_unique', keys: { openid: 1, plate: 1 }, unique: true },
      { name: 'plate_status', keys: { plate: 1, status: 1 } },
      { name: 'status_submitted', keys: { status: 1, submittedAt: 1 } },
    ],
  },
  { name: 'plates', indexes: [] },
  {
    name: 'appeals',
    indexes: [
      { name: 'status_created', keys: { status: 1, createdAt: 1 } },
      { name: 'relation', keys: { relationId: 1 } },
    ],
  },
  // Settings the office changes without a release: the 联系客服 number and the proof 去认证 asks for.
  { name: 'settings', indexes: [] },
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
  // Permit renewal (seed 000): lots with their products and consent text, the permits
  // issued at each lot, the renewal applications, and the audit log of staff actions.
  { name: 'lots', indexes: [] },
  { name: 'permits', indexes: [{ name: 'lot_plate', keys: { lotId: 1, plate: 1 } }] },
  {
    name: 'applications',
    indexes: [
      { name: 'openid_created', keys: { openid: 1, createdAt: -1 } },
      { name: 'status_created', keys: { status: 1, createdAt: 1 } },
      { name: 'permit_status', keys: { permitId: 1, status: 1 } },
    ],
  },
  // Money (every domain): charges (`_id` = WeChat Pay out_trade_no) and refunds (`_id` =
  // out_refund_no) as durable intents; the sweep finds what is due by status and nextAt,
  // staff see what is overdue by status and createdAt.
  {
    name: 'payments',
    indexes: [
      { name: 'status_next', keys: { status: 1, nextAt: 1 } },
      { name: 'status_created', keys: { status: 1, createdAt: 1 } },
    ],
  },
  {
    name: 'refunds',
    indexes: [
      { name: 'status_next', keys: { status: 1, nextAt: 1 } },
      { name: 'status_created', keys: { status: 1, createdAt: 1 } },
      // A domain's refunds completed in a day (the parking 日报).
      { name: 'domain_refunded', keys: { domain: 1, refundedAt: 1 } },
    ],
  },
  { name: 'audit_log', indexes: [{ name: 'target_at', keys: { target: 1, at: 1 } }] },
  // The lot's devices (issue 10): one document per device (`_id` = device id; lot, lane,
  // kind, its signing secret set by the office at install, active); the nonces each has
  // used (`_id` = deviceId:nonce, so a replay fails the insert; `at` for sweeping those
  // older than the clock window); every refused request; and the commands waiting for a
  // lane (e.g. open), delivered once by a heartbeat. The sweep deletes refusals, lane commands
  // and gate events past their retention by age (_shared/device-retention.ts): `at` / `createdAt`.
  { name: 'devices', indexes: [{ name: 'lot_lane', keys: { lotId: 1, laneId: 1 } }] },
  { name: 'device_nonces', indexes: [{ name: 'at', keys: { at: 1 } }] },
  {
    name: 'device_log',
    indexes: [
      { name: 'device_at', keys: { deviceId: 1, at: -1 } },
      { name: 'at', keys: { at: 1 } },
    ],
  },
  {
    name: 'lane_commands',
    indexes: [
      { name: 'lane_status_created', keys: { lotId: 1, laneId: 1, status: 1, createdAt: 1 } },
      { name: 'created', keys: { createdAt: 1 } },
    ],
  },
  // Parking (issue 10, cloudfunctions/_shared/parking-records.ts): fee rule versions per lot
  // (billed by the version in force at entry); spaces (`_id` = lotId:number) as their sensors
  // report them; stays from entry to exit; every plate seen at a lane with the gate's
  // decision; the parking orders a driver pays (`_id` = out_trade_no); coupons (`_id` = code)
  // and the batches the office issued.
  { name: 'fee_rules', indexes: [{ name: 'lot_from', keys: { lotId: 1, from: -1 } }] },
  {
    name: 'spaces',
    indexes: [
      { name: 'lot_occupied', keys: { lotId: 1, occupied: 1 } },
      { name: 'plate', keys: { plate: 1 } },
      // 按车位: every prefix of the number (B2-1 → B2-101, B2-105…), one equality on a multikey index.
      { name: 'number_keys', keys: { numberKeys: 1 } },
    ],
  },
  {
    name: 'stays',
    indexes: [
      // exitAt last: the exit gate's "just left" read (a plate's stay that ended minutes ago) is a range on it.
      { name: 'plate_status_exit', keys: { plate: 1, status: 1, exitAt: -1 } },
      { name: 'lot_status_entry', keys: { lotId: 1, status: 1, entryAt: -1 } },
      { name: 'openid_status', keys: { openid: 1, status: 1 } },
      // A temporary plate (临时车牌) is unique by the stay's `_id` (tmp-<its six characters>), not by this index:
      // a unique index would also count the null of every stay with a real plate.
      { name: 'temp_plate', keys: { tempPlate: 1 } },
      // 寻车 按车牌: every 3-character substring of the plate (multikey), so 3 typed characters are one equality lookup.
      { name: 'grams_status', keys: { plateGrams: 1, status: 1 } },
    ],
  },
  // 扫码入场 without a plate: which stay an account has in a lot (`_id` = lotId:openid), so two scans at once make one.
  { name: 'plateless_stays', indexes: [] },
  // 寻车 (issue 11): each lot's layout (`_id` = lotId), read whole by the map and the router.
  { name: 'lot_layouts', indexes: [] },
  {
    name: 'gate_events',
    indexes: [
      { name: 'lane_at', keys: { lotId: 1, laneId: 1, at: -1 } },
      { name: 'at', keys: { at: 1 } },
    ],
  },
  {
    name: 'parking_orders',
    indexes: [
      { name: 'stay_status', keys: { stayId: 1, status: 1 } },
      { name: 'openid_created', keys: { openid: 1, createdAt: -1 } },
      { name: 'plate_created', keys: { plate: 1, createdAt: -1 } },
      { name: 'status_paid', keys: { status: 1, paidAt: 1 } },
      // The sweep's unpaid orders without a charge (oldest first).
      { name: 'status_created', keys: { status: 1, createdAt: 1 } },
    ],
  },
  { name: 'coupons', indexes: [{ name: 'batch_status', keys: { batchId: 1, status: 1 } }] },
  { name: 'coupon_batches', indexes: [{ name: 'at', keys: { at: -1 } }] },
  // 车位预定 (issue 12, cloudfunctions/_shared/reservations.ts): reservations; per lot its
  // settings and the reservations holding its places (`_id` = lotId); per account and per
  // plate the reservations they hold (`_id` = account:<openid> / plate:<plate>).
  {
    name: 'reservations',
    indexes: [
      { name: 'openid_created', keys: { openid: 1, createdAt: -1 } },
      { name: 'openid_noshow', keys: { openid: 1, noShowAt: 1 } },
      { name: 'openid_cancelled', keys: { openid: 1, cancelledAt: 1 } },
      { name: 'openid_status', keys: { openid: 1, status: 1 } },
      // The gate: a plate's reservation to use at its entry.
      { name: 'plate_status', keys: { plate: 1, status: 1 } },
      // The lot's reservations whose window is open now (free counts), and the day's list.
      { name: 'lot_status_window', keys: { lotId: 1, status: 1, windowFrom: 1 } },
      { name: 'lot_arrival', keys: { lotId: 1, arrivalAt: 1 } },
      // The sweep: unpaid ones past payBy, booked ones past their window, refunds not yet recorded.
      { name: 'status_payby', keys: { status: 1, payBy: 1 } },
      { name: 'status_window_until', keys: { status: 1, windowUntil: 1 } },
      { name: 'refund_asked', keys: { refundAskedAt: 1, refundFen: 1, updatedAt: 1 } },
    ],
  },
  { name: 'reservation_lots', indexes: [] },
  { name: 'reservation_holds', indexes: [{ name: 'checked', keys: { checkedAt: 1 } }] },
  // 访客预约 (issue 13, cloudfunctions/_shared/visitor-passes.ts): host accounts (`_id` =
  // host:<account>), which host account each WeChat account is bound to (`_id` = openid; with
  // the host's conditional `boundOpenid` this makes binding one-to-one), visitor passes, the
  // claim of a live pass on its 6-digit code (`_id` = the code, so two live passes never share
  // one), each guard's wrong-code state (`_id` = the guard's openid), and 账号绑定's other try
  // states (`_id` = wechat:<openid> / account:<account>).
  { name: 'visitor_hosts', indexes: [{ name: 'account_unique', keys: { account: 1 }, unique: true }, { name: 'created', keys: { createdAt: -1 } }] },
  { name: 'visitor_bindings', indexes: [{ name: 'host', keys: { hostId: 1 } }] },
  {
    name: 'visitor_passes',
    indexes: [
      // The host's list: upcoming by start, past by start.
      { name: 'host_status_end', keys: { hostId: 1, status: 1, end: 1 } },
      { name: 'host_start', keys: { hostId: 1, start: -1 } },
      // The gate: a plate's pass to enter with.
      { name: 'plate_status', keys: { plate: 1, status: 1 } },
      // The sweep: booked passes past their window.
      { name: 'status_end', keys: { status: 1, end: 1 } },
    ],
  },
  { name: 'visitor_codes', indexes: [{ name: 'until', keys: { until: 1 } }] },
  { name: 'visitor_guards', indexes: [] },
  { name: 'visitor_attempts', indexes: [] },
  // 校园一卡通 (issue 14, cloudfunctions/_shared/card-payments.ts): each WeChat account's bound
  // card (`_id` = openid), the 查询密码 tries per card number and per account (`_id` =
  // card:<number> / account:<openid>), top-ups (`_id` = the order number, also WeChat Pay's
  // out_trade_no and the platform transfer's serial), and the cards a payer tops up for others
  // (`_id` = <openid>:<number>). The office's settings are the `card` document of `settings`.
  { name: 'card_bindings', indexes: [{ name: 'card', keys: { cardNo: 1 } }] },
  { name: 'card_attempts', indexes: [] },
  {
    name: 'card_topups',
    indexes: [
      // 充值记录, newest first.
      { name: 'openid_created', keys: { openid: 1, createdAt: -1 } },
      // The sweep: paid top-ups whose transfer is due; refunds a crash left unrecorded.
      { name: 'status_next', keys: { status: 1, nextAt: 1 } },
      { name: 'status_refund_asked', keys: { status: 1, refundAskedAt: 1, updatedAt: 1 } },
      // 已领取: a card's 待圈存 top-ups, newest transfer first.
      { name: 'card_status_at', keys: { cardNo: 1, status: 1, platformAt: -1 } },
      // The day's reconciliation.
      { name: 'paid', keys: { paidAt: 1 } },
    ],
  },
  { name: 'card_cards', indexes: [{ name: 'openid_last', keys: { openid: 1, lastAt: -1 } }] },
]
