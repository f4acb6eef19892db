// The app's one bottom sheet: its × and the mask close it, and on H5 back
// closes it first (its own history entry) without leaving the page; a sheet
// closed by its × does not cost the driver an extra back.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { useState } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Sheet } from '../../src/components/sheet'

afterEach(cleanup)

function Page({ onClose = vi.fn() }: { onClose?: () => void }) {
  const [open, setOpen] = useState(false)
  return (
    <>
      <button data-testid='open' onClick={() => setOpen(true)} />
      {open && (
        <Sheet
          title='车主手机号'
          testId='phone'
          onClose={() => {
            onClose()
            setOpen(false)
          }}
        >
          <span>内容</span>
        </Sheet>
      )}
    </>
  )
}

const tap = (id: string) => act(() => void fireEvent.click(screen.getByTestId(id)))
const sheetShown = () => screen.queryByTestId('phone') !== null
const depth = () => (window.history.state as { sheet?: { depth: number } } | null)?.sheet?.depth ?? null

describe('sheet', () => {
  it('When its × (关闭) is tapped, then it closes', () => {
    const onClose = vi.fn()
    render(<Page onClose={onClose} />)
    tap('open')
    expect(screen.getByText('车主手机号')).toBeTruthy()
    expect(screen.getByTestId('phone-close').getAttribute('aria-label')).toBe('关闭')
    expect(screen.getByTestId('phone-close').textContent).toBe('×')
    tap('phone-close')
    expect(onClose).toHaveBeenCalledTimes(1)
    expect(sheetShown()).toBe(false)
  })

  it('When the dimmed area is tapped, then it closes', () => {
    render(<Page />)
    tap('open')
    act(() => void fireEvent.click(document.querySelector('.sheet__mask')!))
    expect(sheetShown()).toBe(false)
  })

  it('When back is pressed with the sheet open (H5), then the sheet closes and the page keeps its place in history', async () => {
    window.history.pushState({ page: 'previous' }, '')
    window.history.pushState({ page: 'this' }, '')
    const url = location.href
    const onClose = vi.fn()
    render(<Page onClose={onClose} />)
    tap('open')
    expect(depth()).toBe(1)

    act(() => window.history.back())
    await vi.waitFor(() => expect(sheetShown()).toBe(false))
    expect(onClose).toHaveBeenCalledTimes(1)
    expect(depth()).toBe(0)
    expect((window.history.state as { page: string }).page).toBe('this')
    expect(location.href).toBe(url)
  })

  it('When the sheet was closed by its ×, then one back leaves the page as if it had never opened', async () => {
    window.history.pushState({ page: 'previous' }, '')
    window.history.pushState({ page: 'this' }, '')
    render(<Page />)
    tap('open')
    tap('phone-close')
    expect(depth()).toBe(1) // the sheet's entry stays, spent

    const landed: unknown[] = []
    const seen = (e: PopStateEvent) => landed.push(e.state)
    window.addEventListener('popstate', seen)
    act(() => window.history.back())
    await vi.waitFor(() => expect((window.history.state as { page?: string } | null)?.page).toBe('previous'))
    window.removeEventListener('popstate', seen)
    // Only the move to the previous page reached the app's own listeners.
    expect(landed).toEqual([{ page: 'previous' }])
  })
})
