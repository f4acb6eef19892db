// Paying an order. On weapp: WeChat Pay's own sheet (requestPayment) with the
// parameters cloudPay.unifiedOrder returned. On H5 there is no WeChat Pay, so
// a sheet in WeChat Pay's style settles the order through the local
// emulator's payment simulator — the callback function then runs exactly as
// it does in production.
import Taro from '@tarojs/taro'
import { AppError } from '../../domain/errors'
import { formatYuan } from '../../domain/money'
import { h5Fetch } from '../transport'

export interface PaymentParams {
  timeStamp: string
  nonceStr: string
  package: string
  signType: string
  paySign: string
}

export interface PayRequest {
  payment: PaymentParams
  outTradeNo: string
  amountFen: number
  description: string
}

async function wechatPay(req: PayRequest): Promise<void> {
  try {
    await Taro.requestPayment({ ...req.payment, signType: req.payment.signType as 'MD5' })
  } catch (e) {
    const msg = String((e as { errMsg?: string })?.errMsg ?? '')
    throw new AppError(msg.includes('cancel') ? 'PAY_CANCELLED' : 'PAY_FAILED')
  }
}

function simulatorSheet(req: PayRequest): Promise<void> {
  return new Promise((resolve, reject) => {
    const root = document.createElement('div')
    root.className = 'sim-pay'
    root.setAttribute('data-testid', 'sim-pay-sheet')
    root.innerHTML = `
      <div style="position:fixed;inset:0;background:rgba(0,0,0,.5);z-index:5000"></div>
      <div style="position:fixed;left:0;right:0;bottom:0;z-index:5001;background:#fff;border-radius:12px 12px 0 0;padding:20px 20px 28px;font-family:-apple-system,'PingFang SC','Noto Sans CJK SC',sans-serif;text-align:center">
        <div style="font-size:14px;color:#888">微信支付（本地模拟）</div>
        <div style="font-size:14px;color:#333;margin-top:12px" data-role="desc"></div>
        <div style="font-size:34px;font-weight:600;margin:10px 0 20px;color:#111" data-role="amount"></div>
        <button data-testid="sim-pay-confirm" style="width:100%;height:44px;border:0;border-radius:6px;background:#07c160;color:#fff;font-size:16px">确认支付</button>
        <button data-testid="sim-pay-cancel" style="width:100%;height:40px;border:0;background:none;color:#576b95;font-size:15px;margin-top:8px">取消</button>
      </div>`
    root.querySelector('[data-role=desc]')!.textContent = req.description
    root.querySelector('[data-role=amount]')!.textContent = `¥${formatYuan(req.amountFen)}`
    document.body.appendChild(root)
    const post = (path: string) =>
      h5Fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ outTradeNo: req.outTradeNo }) })
    const confirm = root.querySelector<HTMLButtonElement>('[data-testid=sim-pay-confirm]')!
    confirm.onclick = async () => {
      confirm.disabled = true
      confirm.textContent = '支付中…'
      try {
        const r = await post('/h5/pay/confirm')
        const body = (await r.json()) as { ok: boolean; message?: string }
        root.remove()
        if (body.ok) resolve()
        else reject(new AppError('PAY_FAILED', body.message))
      } catch {
        root.remove()
        reject(new AppError('NETWORK'))
      }
    }
    root.querySelector<HTMLButtonElement>('[data-testid=sim-pay-cancel]')!.onclick = () => {
      void post('/h5/pay/cancel')
      root.remove()
      reject(new AppError('PAY_CANCELLED'))
    }
  })
}

/**
 * Resolves when paid; rejects with PAY_CANCELLED when the user backs out.
 * A constant choice, so each build keeps only its own implementation (see
 * services/transport.ts).
 */
export const requestPay: (req: PayRequest) => Promise<void> = process.env.TARO_ENV === 'weapp' ? wechatPay : simulatorSheet
