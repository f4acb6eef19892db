// A parking order's states and the words a driver reads for them (我的交易记录,
// 支付成功), decided once here: the functions store the status, the pages
// show the label the server sends.
//
// Decisions:
// - UNPAID → PAID when its payment is applied to the stay; UNPAID → CLOSED
//   when given up or expired (its coupon released). A payment that could not
//   be applied (the stay was paid since, or its coupon went elsewhere) closes
//   the order with a refund number: it reads 退款中 until WeChat Pay confirms
//   the refund, then REFUNDED 已退款.
// - When a paid order's car must have left is the gate's rule (gate.ts
//   leaveByOf), not the order's.

export const ORDER_STATUSES = ['UNPAID', 'PAID', 'CLOSED', 'REFUNDED'] as const
export type OrderStatus = (typeof ORDER_STATUSES)[number]

export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = { UNPAID: '待支付', PAID: '已支付', CLOSED: '已关闭', REFUNDED: '已退款' }

/** The label of an order: a closed one with a refund under way reads 退款中. */
export function orderStatusLabel(status: OrderStatus, refundNo: string | null): string {
  return status === 'CLOSED' && refundNo ? '退款中' : ORDER_STATUS_LABELS[status]
}
