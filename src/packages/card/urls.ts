// Where the 校园卡 pages live, for links between them and from 首页.
const ROOT = '/packages/card/pages'

export const CARD_URLS = {
  home: `${ROOT}/index/index`,
  /** 微信充值 of the bound card. */
  topUpMine: `${ROOT}/topup/index?card=mine`,
  /** 充值 of another card: a remembered one or 新卡充值. */
  topUpOthers: `${ROOT}/topup/index?card=others`,
  records: `${ROOT}/records/index`,
  statements: `${ROOT}/statements/index`,
  lost: `${ROOT}/lost/index`,
}
