// The one place a function initialises wx-server-sdk. The environment is the
// one the function runs in (DYNAMIC_CURRENT_ENV), in the cloud and locally.
import cloud from 'wx-server-sdk'

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string })

export const db = cloud.database()
export const _ = db.command
export { cloud }

/** A document as the database returns it. */
export type Doc<T> = T & { _id: string }
