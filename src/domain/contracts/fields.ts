// Field schemas the contracts share. No string that reaches the database
// carries control characters: ids and file ids are single tokens (no spaces
// either); free text may break lines and hold tabs, nothing else below U+0020.
import * as z from '../zod'

const TOKEN = /^[^\s\u0000-\u001f\u007f]*$/
const TEXT = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/

/** A document id. */
export const Id = z.string().check(z.minLength(1), z.maxLength(64), z.regex(TOKEN))

/** A cloud storage file id (cloud://…). */
export const FileId = z.string().check(z.minLength(1), z.maxLength(256), z.regex(TOKEN))

/** For free text the user types: refuses control characters, in words the user reads. */
export const plainText = () => z.regex(TEXT, '内容包含无法识别的字符，请删除后重试')
