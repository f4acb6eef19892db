// One cloud-function instance: a child process that loads one built function
// and runs one invocation at a time, as a CloudBase instance does. Because
// wx-server-sdk reads the caller's identity from process.env, identity is set
// per invocation here, and never shared with a concurrent one.
'use strict'

let main = null
let loadedFrom = null

process.on('message', async (msg) => {
  if (!msg || msg.type !== 'invoke') return
  const { id, bundlePath, event, env, context } = msg
  try {
    for (const [k, v] of Object.entries(env)) process.env[k] = v
    if (loadedFrom !== bundlePath) {
      const mod = require(bundlePath)
      main = mod.main || (mod.default && mod.default.main)
      loadedFrom = bundlePath
      if (typeof main !== 'function') throw new Error(`${bundlePath} exports no main`)
    }
    const result = await main(event, context)
    process.send({ type: 'result', id, ok: true, result: result === undefined ? null : result })
  } catch (err) {
    process.send({
      type: 'result',
      id,
      ok: false,
      error: { message: err && err.message ? err.message : String(err), stack: err && err.stack },
    })
  }
})

// An unhandled rejection in user code fails the instance, as in the cloud.
process.on('unhandledRejection', (err) => {
  console.error('[function] unhandled rejection', err)
  process.exit(1)
})
