// Typed errors that cross the wire. The domain raises them with a code; the
// message is the Chinese sentence the user reads, decided once, here.

export const ERROR_MESSAGES = {
  BAD_INPUT: '输入有误，请检查后重试',
  UNAUTHENTICATED: '请先登录',
  FORBIDDEN: '没有权限进行此操作',
  NOT_FOUND: '记录不存在或已被删除',
  CONFLICT: '数据已被修改，请刷新后重试',
  UNKNOWN_ACTION: '不支持的操作',
  INTERNAL: '服务暂时不可用，请稍后重试',
  NETWORK: '网络异常，请检查网络后重试',
  PAY_CANCELLED: '已取消支付',
  PAY_FAILED: '支付未完成，请稍后重试',
  SCAN_CANCELLED: '已取消扫码',
  UPLOAD_CANCELLED: '已取消选择图片',
  UPLOAD_FAILED: '图片上传失败，请重试',
  PLATE_INVALID: '车牌号格式不正确',
  VEHICLE_DUPLICATE: '该车辆已在您的车辆列表中',
  VEHICLE_LIMIT: '最多可添加 5 辆车',
  VEHICLE_NOT_FOUND: '车辆不存在或已被移除',
  VEHICLE_STATE: '当前车辆状态不能进行此操作',
  PROOF_MISSING: '请补充认证资料',
  NOT_VEHICLE_OWNER: '仅认证车主可以进行此操作',
  VERIFICATION_NOT_FOUND: '认证申请不存在或已处理',
  APPEAL_NOT_FOUND: '申诉不存在或已处理',
  PLATE_NOT_VERIFIED: '该车辆暂无认证车主',
  SMS_TOO_FREQUENT: '验证码发送过于频繁，请稍后再试',
  SMS_HOURLY_LIMIT: '该手机号一小时内获取验证码次数过多，请稍后再试',
  SMS_PHONE_LOCKED: '该手机号今日获取验证码次数过多，已被锁定，请明天再试',
  SMS_CALLER_LIMIT: '您今日获取验证码次数过多，请明天再试',
  SMS_IP_LIMIT: '当前网络今日获取验证码次数过多，请明天再试',
  SMS_PROVIDER: '短信发送失败，请稍后重试（本次不计入次数）',
  CODE_WRONG: '验证码不正确',
  CODE_EXPIRED: '验证码已过期，请重新获取',
  CODE_VOID: '验证码已失效，请重新获取',
  PHONE_NOT_VERIFIED: '请先验证车主手机号',
  LOT_NOT_FOUND: '停车场不存在',
  PERMIT_NOT_FOUND: '未找到该车辆在此停车场的车证',
  PRODUCT_NOT_FOUND: '该长租产品不存在或已下架',
  CAMPUS_CARD_REQUIRED: '请上传校园一卡通照片',
  PERMIT_BLOCKED_REFUND_FIRST: '该车证审核失败后尚未退款，请先申请退款后再续费',
  PERMIT_BLOCKED_IN_PROGRESS: '该车证已有办理中的申请，请勿重复办理',
  PERMIT_NOT_DUE: '该车证尚未到续费时间',
  APPLICATION_NOT_FOUND: '申请不存在',
  APPLICATION_STATE: '当前状态不能进行此操作',
  PAY_ORDER_FAILED: '下单失败，请稍后重试',
  STAY_NOT_FOUND: '未查询到该车辆的在场停车记录',
  LANE_NOT_FOUND: '无法识别该车道码，请扫描车道上的二维码',
  NOT_YOUR_STAY: '该车辆已认证，仅车主及其授权的用户可以缴费',
  NOTHING_DUE: '当前无需缴费',
  ALREADY_IN_LOT: '该车辆已在场内',
  LOT_FULL: '车位已满，暂时无法入场',
  COUPON_NOT_FOUND: '优惠券不存在，请核对后重新输入',
  COUPON_USED: '该优惠券已被使用',
  COUPON_WITHDRAWN: '该优惠券已被停车场撤回',
  COUPON_EXPIRED: '该优惠券已过期',
  COUPON_NOT_YET_VALID: '该优惠券尚未生效',
  COUPON_WRONG_LOT: '该优惠券不适用于本停车场',
  COUPON_WRONG_PLATE: '该优惠券仅限指定车辆使用',
  COUPON_HELD: '该优惠券正被其他订单占用，请稍后再试',
  ORDER_NOT_FOUND: '订单不存在',
  FEE_RULE_INVALID: '收费规则有误，请检查后重试',
  NOT_YOUR_VEHICLE: '请先在 我的车辆 中添加该车辆，再扫码入场',
  CAR_NOT_AT_LANE: '出口道闸前未检测到您的车辆，请驶至道闸前再扫码',
  FEE_DUE: '请先缴清停车费再出场',
  LOCK_NOT_ALLOWED: '仅认证车主及其授权的用户可以锁车',
  VEHICLE_LOCKED: '车辆已锁定，请联系车主',
  RESERVATION_CLOSED: '该停车场暂未开放车位预定',
  RESERVATION_TIME: '预计到场时间有误',
  RESERVATION_LIMIT: '待入场的预定数已达上限',
  RESERVATION_BLOCKED: '本月爽约次数过多，暂不能预定车位',
  RESERVATION_FULL: '该停车场的可预定车位已约满，请稍后再试或选择其他停车场',
  RESERVATION_NOT_FOUND: '预定不存在',
  RESERVATION_STATE: '当前预定状态不能进行此操作',
  RESERVATION_PAY_EXPIRED: '预定已超时未支付，车位已释放，请重新预定',
  HOST_NOT_BOUND: '请先绑定访客邀请账号',
  HOST_PASSWORD_WRONG: '密码错误',
  HOST_LOCKED: '密码错误次数过多，请稍后再试',
  HOST_INACTIVE: '该账号已停用，请联系停车办公室',
  HOST_TAKEN: '该账号已绑定其他微信，请先在原微信上解除绑定',
  HOST_ALREADY_BOUND: '您的微信已绑定其他账号，请先解除绑定',
  HOST_ACCOUNT_EXISTS: '该账号已存在',
  HOST_NOT_FOUND: '账号不存在',
  VISITOR_FORM_INVALID: '预约信息有误，请检查后重试',
  VISITOR_PASS_NOT_FOUND: '预约不存在',
  VISITOR_PASS_STATE: '当前预约状态不能进行此操作',
  VISITOR_PASS_INVALID: '无效的访客凭证',
  VISITOR_PASS_VOID: '此凭证已失效',
  VISITOR_CODE_WRONG: '验证码错误',
  VISITOR_CODE_LOCKED: '验证码错误次数过多，请稍后再试',
  VISITOR_CHECKIN_REFUSED: '当前不能登记到访',
  VISITOR_CODE_BUSY: '生成验证码失败，请重试',
  VISITOR_PASS_LIMIT: '待到访的预约数已达上限，请先取消不需要的预约',
  CARD_NOT_BOUND: '请先绑定校园卡',
  CARD_ALREADY_BOUND: '您已绑定校园卡，如需绑定其他卡请先解除绑定',
  CARD_NUMBER_INVALID: '卡号格式不正确，请核对后重新输入',
  CARD_NAME_INVALID: '姓名格式不正确，请输入校园卡登记的姓名',
  CARD_PASSWORD_WRONG: '查询密码不正确',
  CARD_BIND_LOCKED: '查询密码错误次数过多，请稍后再试',
  CARD_CHECK_LOCKED: '姓名与卡号核对失败次数过多，请稍后再试',
  CARD_HOLDER_MISMATCH: '姓名与卡号不匹配，请核对后重新输入',
  CARD_REFUSED: '校园卡系统拒绝了该操作',
  CARD_UNAVAILABLE: '校园卡系统暂时无法访问，请稍后再试',
  CARD_SCHOOL_UNSUPPORTED: '该学校暂未开通校园卡微信充值',
  CARD_AMOUNT_INVALID: '充值金额不正确',
  CARD_NOT_REMEMBERED: '该卡不在您的充值卡片中，请重新输入',
  TOPUP_NOT_FOUND: '充值记录不存在',
} as const

export type ErrorCode = keyof typeof ERROR_MESSAGES

export interface AppErrorJSON {
  code: ErrorCode
  message: string
  details?: unknown
}

export class AppError extends Error {
  readonly code: ErrorCode
  readonly details?: unknown

  constructor(code: ErrorCode, message?: string, details?: unknown) {
    super(message ?? ERROR_MESSAGES[code])
    this.name = 'AppError'
    this.code = code
    this.details = details
  }

  toJSON(): AppErrorJSON {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details }
  }

  static fromJSON(json: unknown): AppError {
    const j = json as Partial<AppErrorJSON> | null
    const code = j && typeof j.code === 'string' && j.code in ERROR_MESSAGES ? (j.code as ErrorCode) : 'INTERNAL'
    const message = j && typeof j.message === 'string' && j.message ? j.message : ERROR_MESSAGES[code]
    return new AppError(code, message, j?.details)
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError
