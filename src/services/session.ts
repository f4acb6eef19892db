// The signed-in user: one login per app start, shared by every page.
import { useSyncExternalStore } from 'react'
import type { Profile } from '../domain/contracts/user'
import { call } from './call'

type State = { status: 'loading' } | { status: 'ready'; profile: Profile } | { status: 'error'; message: string }

let state: State = { status: 'loading' }
let pending: Promise<void> | null = null
const listeners = new Set<() => void>()

function set(next: State) {
  state = next
  listeners.forEach((l) => l())
}

/** Signs in (once; again after a failure). */
export function signIn(): Promise<void> {
  if (!pending || state.status === 'error') {
    if (state.status === 'error') set({ status: 'loading' })
    pending = call('user', 'login', {}, { silent: true })
      .then(({ profile }) => set({ status: 'ready', profile }))
      .catch((e: Error) => set({ status: 'error', message: e.message }))
  }
  return pending
}

export function useSession(): State {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l)
      return () => listeners.delete(l)
    },
    () => state,
    () => state,
  )
}

/** The signed-in user's profile, or null while signing in or after a failure. */
export function useProfile(): Profile | null {
  const session = useSession()
  return session.status === 'ready' ? session.profile : null
}
