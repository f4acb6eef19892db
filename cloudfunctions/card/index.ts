// The card function (校园一卡通, issue 14): the holder's bound card — 绑定,
// 主界面, 交易明细, 卡挂失 (holder.ts) —, 微信充值 of the bound card or anyone's
// with 充值记录 and remembered cards (topup.ts), and the office's daily
// reconciliation (office.ts). Money after payment: _shared/card-payments.ts;
// the platform: _shared/campus-card.ts.
import { contracts } from '../../src/domain/contracts'
import { route } from '../_shared/route'
import { bind, config, home, mine, reportLost, statements, unbind } from './holder'
import { reconciliation } from './office'
import { cards, forgetCard, topUp, topUpDetail, topUpsList } from './topup'

export const main = route(contracts.card, {
  config,
  mine,
  bind,
  unbind,
  home,
  statements,
  reportLost,
  topUp,
  topUpDetail,
  topUps: topUpsList,
  cards,
  forgetCard,
  reconciliation,
})
