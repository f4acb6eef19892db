// The server's clock as the reservation pages see it. Arrival times are
// offered and 待支付 counts down by the server's now (车位查询's `lots` sends
// it), not the phone's, which may be off: a slot the phone thinks is ahead
// could already be past for the server. The offset is kept for the pages of
// this subpackage (one JS context) until the next `lots` answer.
let offsetMs = 0

/** Takes the server's `now` (as of the answer's arrival). */
export function syncServerClock(serverNow: number) {
  offsetMs = serverNow - Date.now()
}

/** The server's now, by the last answer that carried it (the phone's own until then). */
export const serverNow = () => Date.now() + offsetMs
