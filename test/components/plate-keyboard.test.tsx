import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { useState } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { PlateKeyboard } from '../../src/components/plate-keyboard'

afterEach(cleanup)

function Harness({ initial = '', onConfirm = vi.fn() }: { initial?: string; onConfirm?: (plate: string) => void }) {
  const [value, setValue] = useState(initial)
  return (
    <>
      <PlateKeyboard value={value} onChange={setValue} onConfirm={onConfirm} visible onClose={() => {}} />
      <output data-testid='value'>{value}</output>
    </>
  )
}

const tap = (id: string) => act(() => void fireEvent.click(screen.getByTestId(id)))
const type = (...keys: string[]) => keys.forEach((k) => tap(`plate-key-${k}`))
const boxes = () => [0, 1, 2, 3, 4, 5, 6, 7].map((i) => screen.queryByTestId(`plate-box-${i}`)?.textContent ?? null)
const activeBox = () => [0, 1, 2, 3, 4, 5, 6, 7].findIndex((i) => screen.queryByTestId(`plate-box-${i}`)?.className.includes('--active'))

describe('plate keyboard', () => {
  it('When a full plate is typed, then the value is the plate and 确定 confirms it', () => {
    const onConfirm = vi.fn()
    render(<Harness onConfirm={onConfirm} />)
    type('京', 'A', '1', '2', '3', '4', '5')
    expect(screen.getByTestId('value').textContent).toBe('京A12345')
    tap('plate-confirm')
    expect(onConfirm).toHaveBeenCalledWith('京A12345')
  })

  it('When the first box is active, then provinces show; after it, letters and digits do', () => {
    render(<Harness />)
    expect(screen.queryByTestId('plate-key-京')).not.toBeNull()
    expect(screen.queryByTestId('plate-key-A')).toBeNull()
    type('粤')
    expect(screen.queryByTestId('plate-key-京')).toBeNull()
    expect(screen.getByTestId('plate-key-A')).toBeTruthy()
    expect(screen.queryByTestId('plate-key-I')).toBeNull()
    expect(screen.queryByTestId('plate-key-O')).toBeNull()
    // The authority position takes letters only.
    tap('plate-key-1')
    expect(screen.getByTestId('value').textContent).toBe('粤')
  })

  it('When a middle box is tapped and retyped, then only that character changes', () => {
    render(<Harness initial='京A12345' />)
    tap('plate-box-4')
    type('9')
    expect(screen.getByTestId('value').textContent).toBe('京A12945')
    expect(activeBox()).toBe(5)
  })

  it('When new energy is switched on and off while editing, then the typed characters and the cursor stay', () => {
    render(<Harness />)
    type('粤', 'B', 'D', '1')
    expect(activeBox()).toBe(4)
    tap('plate-energy-switch')
    expect(boxes()).toHaveLength(8)
    expect(boxes().slice(0, 4)).toEqual(['粤', 'B', 'D', '1'])
    expect(activeBox()).toBe(4)
    type('2', '3', '4', '5')
    expect(screen.getByTestId('value').textContent).toBe('粤BD12345')
    tap('plate-energy-switch')
    expect(boxes()[7]).toBeNull()
    expect(screen.getByTestId('value').textContent).toBe('粤BD1234')
    expect(activeBox()).toBeLessThanOrEqual(6)
  })

  it('When the last box of an ordinary plate is active, then 警 and the other suffixes are offered and accepted', () => {
    const onConfirm = vi.fn()
    render(<Harness onConfirm={onConfirm} />)
    type('京', 'A', '1', '2', '3', '4')
    for (const s of ['学', '警', '港', '澳', '挂', '领', '试', '超']) expect(screen.getByTestId(`plate-key-${s}`)).toBeTruthy()
    type('警')
    tap('plate-confirm')
    expect(onConfirm).toHaveBeenCalledWith('京A1234警')
  })

  it('When the plate is complete but invalid, then 确定 does nothing and the Chinese reason shows', () => {
    const onConfirm = vi.fn()
    render(<Harness onConfirm={onConfirm} />)
    tap('plate-energy-switch')
    type('粤', 'B', 'X', '1', '2', '3', '4', '5')
    tap('plate-confirm')
    expect(onConfirm).not.toHaveBeenCalled()
    expect(screen.getByTestId('plate-reason').textContent).toMatch(/新能源车牌格式不正确/)
  })

  it('When an existing new-energy plate is edited, then the keyboard opens in new-energy mode with it filled', () => {
    render(<Harness initial='粤BD12345' />)
    expect(boxes()).toEqual(['粤', 'B', 'D', '1', '2', '3', '4', '5'])
    expect(screen.getByTestId('plate-energy-switch').textContent).toContain('✓')
  })

  it('When delete is pressed, then the active character goes, then the one before it', () => {
    render(<Harness initial='京A12345' />)
    tap('plate-delete')
    expect(screen.getByTestId('value').textContent).toBe('京A1234')
    tap('plate-delete')
    expect(screen.getByTestId('value').textContent).toBe('京A123')
  })
})
