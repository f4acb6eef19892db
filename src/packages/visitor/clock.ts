// The server's clock as the 访客预约 pages see it: the form offers dates and
// times by the server's now (the list's `now`), not the phone's, which may be
// off. Kept for the pages of this subpackage (one JS context).
let offsetMs = 0
let synced = false

/** Takes the server's `now` (as of the answer's arrival). */
export function syncServerClock(serverNow: number) {
  offsetMs = serverNow - Date.now()
  synced = true
}

/** Whether an answer has set the clock yet. */
export const clockSynced = () => synced

/** The server's now, by the last answer that carried it (the phone's own until then). */
export const serverNow = () => Date.now() + offsetMs
