// The errors CloudBase's database returns, with the codes wx-server-sdk 4.0.2
// maps (node_modules/wx-server-sdk/index.js, TCB_ERR_CODE):
//   DATABASE_REQUEST_FAILED       → errCode -502001 (also duplicate keys: "E11000 duplicate key …")
//   DATABASE_INVALID_OPERRATOR    → -502002 (sic: CloudBase's spelling)
//   DATABASE_PERMISSION_DENIED    → -502003
//   DATABASE_COLLECTION_NOT_EXIST → -502005
//   INVALID_PARAM                 → -501007
//   DATABASE_TRANSACTION_CONFLICT → not mapped (-501001), but @cloudbase/database's
//     runTransaction retries on exactly this `code` when commit() throws it.
//   DATABASE_TRANSACTION_FAIL     → not mapped (-501001): the transaction does not exist on the
//     server (never started, already committed or aborted, or not ended within 30 s);
//     docs.cloudbase.net/error-code/DATABASE_TRANSACTION_FAIL.
// Code names and meanings: docs.cloudbase.net/error-code/basic (INVALID_PARAM "request
// parameter error", INVALID_ACTION "invalid API call name") and its DATABASE_* pages
// (DATABASE_INVALID_OPERRATOR: an operator the database does not support). The admin API
// answers them as HTTP 200 `{code, message, requestId}` (TencentCloudBase/tcb-admin-node#12).
import { CloudError } from '../context'

export const notExist = (name: string) =>
  new CloudError('DATABASE_COLLECTION_NOT_EXIST', `Db or Table not exist: ${name}. 集合不存在`)

export const duplicateKey = (collection: string, index: string, key: string) =>
  new CloudError('DATABASE_REQUEST_FAILED', `E11000 duplicate key error collection: ${collection} index: ${index} dup key: ${key}`)

export const invalidParam = (message: string) => new CloudError('INVALID_PARAM', message)

export const invalidOperator = (message: string) => new CloudError('DATABASE_INVALID_OPERRATOR', message)

export const requestFailed = (message: string) => new CloudError('DATABASE_REQUEST_FAILED', message)

export const permissionDenied = (message = 'permission denied') => new CloudError('DATABASE_PERMISSION_DENIED', message)

export const conflict = (message = 'database transaction conflict: 事务冲突，请重试') =>
  new CloudError('DATABASE_TRANSACTION_CONFLICT', message)

export const transactionFailed = (message: string) => new CloudError('DATABASE_TRANSACTION_FAIL', message)
