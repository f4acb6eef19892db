// Runs built cloud functions the way CloudBase does: each function has a pool
// of instances (child processes); an instance serves one invocation at a time;
// a new instance is a cold start. Every instance talks to this emulator through
// the real wx-server-sdk, redirected by TCB_CONTEXT_CNFG.
import { fork, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import type { Clock, EmulatorConfig, Invocation } from '../context'
import { DEFAULT_APPID, sdkEnv } from '../sdk-env'

export interface CallerIdentity {
  openid: string
  appid?: string
  unionid?: string
  clientIp?: string
}

export interface InvokeResult {
  result: unknown
  durationMs: number
  cold: boolean
  invocationId: string
}

export class FunctionError extends Error {
  constructor(message: string, readonly stackText?: string) {
    super(message)
  }
}

interface Instance {
  child: ChildProcess
  busy: boolean
  pending?: { id: string; resolve: (v: any) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }
}

const WORKER = path.join(__dirname, 'worker.cjs')
/** CloudBase's basic plan allows 20 concurrent instances per function. */
const MAX_INSTANCES = 20

export class FunctionRuntime {
  private pools = new Map<string, Instance[]>()
  private waiting = new Map<string, Array<() => void>>()
  /** Invocations in flight, so admin calls tagged `inv=ID` know who is calling. */
  readonly invocations = new Map<string, Invocation>()
  timeoutMs = 20_000

  constructor(
    private config: EmulatorConfig,
    private baseUrl: () => string,
    private clock: Clock,
  ) {}

  private target() {
    return { url: this.baseUrl(), envId: this.config.envId }
  }

  bundlePath(name: string) {
    return path.join(this.config.functionsDir, name, 'index.js')
  }

  exists(name: string) {
    return /^[A-Za-z0-9_-]{1,60}$/.test(name) && existsSync(this.bundlePath(name))
  }

  async invoke(name: string, event: unknown, caller: CallerIdentity): Promise<InvokeResult> {
    if (!this.exists(name)) throw new FunctionError(`FunctionName parameter could not be found: ${name}`)
    const { instance, cold } = await this.acquire(name)
    const invocation: Invocation = {
      id: randomUUID(),
      functionName: name,
      openid: caller.openid,
      appid: caller.appid ?? DEFAULT_APPID,
      clientIp: caller.clientIp ?? '127.0.0.1',
    }
    this.invocations.set(invocation.id, invocation)
    const started = performance.now()
    const full = sdkEnv(this.target(), { ...invocation, invocationId: invocation.id })
    const env = {
      TCB_CONTEXT_CNFG: full.TCB_CONTEXT_CNFG,
      WX_OPENID: full.WX_OPENID,
      WX_APPID: full.WX_APPID,
      WX_UNIONID: caller.unionid ?? '',
      WX_CLIENTIP: full.WX_CLIENTIP,
      // Functions read time through _shared/clock.ts; a test that moves the emulator clock moves theirs.
      CLOCK_OFFSET_MS: String(this.clock.now() - Date.now()),
    }
    const context = {
      request_id: invocation.id,
      function_name: name,
      function_version: '$LATEST',
      namespace: this.config.envId,
      memory_limit_in_mb: 256,
      time_limit_in_ms: this.timeoutMs,
      environment: JSON.stringify({ ...env, TCB_ENV: this.config.envId }),
    }
    try {
      const result = await new Promise<unknown>((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new FunctionError(`Invoking task timed out after ${this.timeoutMs / 1000} seconds`))
          instance.child.kill('SIGKILL')
        }, this.timeoutMs)
        instance.pending = { id: invocation.id, resolve, reject, timer }
        instance.child.send({ type: 'invoke', id: invocation.id, bundlePath: this.bundlePath(name), event, env, context })
      })
      return { result, durationMs: performance.now() - started, cold, invocationId: invocation.id }
    } finally {
      this.invocations.delete(invocation.id)
      this.release(name, instance)
    }
  }

  /** Drops idle instances of a function (after a rebuild), or of all functions. */
  reload(name?: string) {
    for (const [fn, pool] of this.pools) {
      if (name && fn !== name) continue
      for (const inst of pool.filter((i) => !i.busy)) inst.child.kill()
      this.pools.set(fn, pool.filter((i) => i.busy))
    }
  }

  async close() {
    for (const pool of this.pools.values()) for (const inst of pool) inst.child.kill('SIGKILL')
    this.pools.clear()
  }

  private async acquire(name: string): Promise<{ instance: Instance; cold: boolean }> {
    for (;;) {
      const pool = this.pools.get(name) ?? []
      this.pools.set(name, pool)
      const idle = pool.find((i) => !i.busy && i.child.connected)
      if (idle) {
        idle.busy = true
        return { instance: idle, cold: false }
      }
      if (pool.length < MAX_INSTANCES) {
        const instance = this.spawn(name)
        instance.busy = true
        pool.push(instance)
        return { instance, cold: true }
      }
      await new Promise<void>((resolve) => {
        const q = this.waiting.get(name) ?? []
        q.push(resolve)
        this.waiting.set(name, q)
      })
    }
  }

  private release(name: string, instance: Instance) {
    instance.busy = false
    instance.pending = undefined
    if (!instance.child.connected) this.remove(name, instance)
    this.waiting.get(name)?.shift()?.()
  }

  private remove(name: string, instance: Instance) {
    const pool = this.pools.get(name)
    if (pool) this.pools.set(name, pool.filter((i) => i !== instance))
  }

  private spawn(name: string): Instance {
    const child = fork(WORKER, [], {
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        TZ: 'Asia/Shanghai',
        ...this.config.functionEnv,
        ...sdkEnv(this.target(), { openid: '' }),
        SCF_FUNCTIONNAME: name,
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    const instance: Instance = { child, busy: false }
    child.on('message', (msg: any) => {
      const p = instance.pending
      if (!msg || msg.type !== 'result' || !p || msg.id !== p.id) return
      clearTimeout(p.timer)
      if (msg.ok) p.resolve(msg.result)
      else p.reject(new FunctionError(msg.error.message, msg.error.stack))
    })
    child.on('exit', (code) => {
      const p = instance.pending
      if (p) {
        clearTimeout(p.timer)
        p.reject(new FunctionError(`function instance exited (code ${code})`))
      }
      this.remove(name, instance)
    })
    return instance
  }
}
