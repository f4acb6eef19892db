// 寻车 按车牌 and 按车位 (seed 001 §2.2 steps 2–3): finding cars by a few
// characters of their plate, and spaces by the start of their number, through
// indexed equality lookups instead of a regex scan of every car.
//
// Decisions:
// - Every 3-character substring (gram) of a stay's normalised plate is kept in
//   an indexed array field (`plateGrams`, written by newStayDoc). CloudBase,
//   like MongoDB, matches `field: value` against each element of an array and
//   indexes each element (multikey), so any typed fragment of 3 or more
//   characters is found by one equality lookup on one of its grams, and the
//   few candidates are then filtered by the whole fragment.
// - Which gram: the rarest we can tell without statistics. A gram with the
//   province character is shared by most cars of a region (京A1…), so grams
//   without one come first; among those, one with more letters (a plate's
//   serial is mostly digits, so a letter narrows more), then the later one (it
//   lies deeper in the serial, away from the authority letter).
// - A space is found by the start of its number (B2-1 → B2-101, B2-105…): its
//   document holds every prefix of its number (`numberKeys`), again an
//   equality lookup on a multikey index; a number is short (≤ 10 characters),
//   so this costs a few index entries per space and no range index.
import { normalizePlate } from '../plate'
import * as z from '../zod'

/** Characters a fragment needs before a search runs (seed: 连续的 3 位). */
export const MIN_FRAGMENT = 3
/** A plate is at most 8 characters; a longer fragment cannot match. */
export const MAX_FRAGMENT = 8
export const GRAM = 3

const isHan = (c: string) => /\p{Script=Han}/u.test(c)

/** The distinct 3-character substrings of a plate (normalised first), in order; [] for none or a plate shorter than 3. */
export function plateGrams(plate: string | null | undefined): string[] {
  if (!plate) return []
  const chars = Array.from(normalizePlate(plate))
  const out: string[] = []
  for (let i = 0; i + GRAM <= chars.length; i++) {
    const g = chars.slice(i, i + GRAM).join('')
    if (!out.includes(g)) out.push(g)
  }
  return out
}

/** A typed fragment as plates are stored: half-width, upper case, without spaces or separators. */
export const normalizeFragment = (input: string) => normalizePlate(input)

/**
 * The gram a fragment is looked up by (plateGrams of the fragment, the
 * rarest first as the module comment says); null for fewer than 3 characters.
 */
export function lookupGram(fragment: string): string | null {
  const grams = plateGrams(fragment)
  if (!grams.length) return null
  const score = (g: string) => {
    const chars = Array.from(g)
    return chars.filter(isHan).length * 10 - chars.filter((c) => /[A-Z]/.test(c)).length
  }
  let best = grams[0]
  for (const g of grams) if (score(g) <= score(best)) best = g
  return best
}

/** A typed plate fragment: 3 to 8 characters once normalised, letters, digits and plate characters only. */
export const FragmentInput = z.string('请输入车牌中的连续 3 位').check(
  z.maxLength(40, `车牌最多 ${MAX_FRAGMENT} 位`),
  z.overwrite(normalizeFragment),
  z.refine((s) => Array.from(s).length >= MIN_FRAGMENT, `请至少输入车牌中连续的 ${MIN_FRAGMENT} 位`),
  z.refine((s) => Array.from(s).length <= MAX_FRAGMENT, `车牌最多 ${MAX_FRAGMENT} 位`),
  z.refine((s) => /^[\p{Script=Han}A-Z0-9]*$/u.test(s), '车牌号含有无效字符'),
)

/** Where the fragment lies in the plate (code points), or -1. */
export function fragmentAt(plate: string, fragment: string): number {
  const chars = Array.from(plate)
  const f = Array.from(fragment)
  outer: for (let i = 0; i + f.length <= chars.length; i++) {
    for (let j = 0; j < f.length; j++) if (chars[i + j] !== f[j]) continue outer
    return i
  }
  return -1
}

// ── Spaces ────────────────────────────────────────────────────────────────────

/** A space number as stored and typed: upper case, half-width, no spaces (b2 105 → B2105 is not a dash: keep dashes). */
export function normalizeSpaceNumber(input: string): string {
  return input
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u2010-\u2015\u2212_]/g, (c) => (/\s/.test(c) ? '' : '-'))
    .toUpperCase()
}

export const MAX_SPACE_NUMBER = 12

/** Every prefix of a space number (B2-105 → B, B2, B2-, B2-1, B2-10, B2-105): the keys 按车位 looks it up by. */
export function spaceNumberKeys(number: string): string[] {
  const chars = Array.from(normalizeSpaceNumber(number)).slice(0, MAX_SPACE_NUMBER)
  return chars.map((_, i) => chars.slice(0, i + 1).join(''))
}

/** The start of a space number as typed: 1 to 12 characters. */
export const SpacePrefixInput = z.string('请输入车位号').check(
  z.maxLength(40, `车位号最多 ${MAX_SPACE_NUMBER} 位`),
  z.overwrite(normalizeSpaceNumber),
  z.minLength(1, '请输入车位号'),
  z.maxLength(MAX_SPACE_NUMBER, `车位号最多 ${MAX_SPACE_NUMBER} 位`),
  z.regex(/^[\p{Script=Han}A-Z0-9-]+$/u, '车位号只含字母、数字和 -'),
)
