import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { useState } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { PlateKeyboard } from '../../src/components/plate-keyboard'

afterEach(cleanup)

function Harness({ initial = '', onConfirm = vi.fn(), onClose = vi.fn() }: { initial?: string; onConfirm?: (plate: string) => void; onClose?: () => void }) {
  const [value, setValue] = useState(initial)
  const [visible, setVisible] = useState(true)
  return (
    <>
      <PlateKeyboard
        value={value}
        onChange={setValue}
        onConfirm={onConfirm}
        visible={visible}
        onClose={() => {
          onClose()
          setVisible(false)
        }}
      />
      <output data-testid='value'>{value}</output>
      {/* What a page does: refill from history, reopen the keyboard. */}
      <button data-testid='history' onClick={() => setValue('粤BF54321')} />
      <button data-testid='open' onClick={() => setVisible(true)} />
    </>
  )
}

const tap = (id: string) => act(() => void fireEvent.click(screen.getByTestId(id)))
const type = (...keys: string[]) => keys.forEach((k) => tap(`plate-key-${k}`))
const boxes = () => [0, 1, 2, 3, 4, 5, 6, 7].map((i) => screen.queryByTestId(`plate-box-${i}`)?.textContent ?? null)
const value = () => screen.getByTestId('value').textContent
const activeBox = () => [0, 1, 2, 3, 4, 5, 6, 7].findIndex((i) => screen.queryByTestId(`plate-box-${i}`)?.className.includes('--active'))

describe('plate keyboard', () => {
  it('When a full plate is typed, then the value is the plate and 确定 confirms it', () => {
    const onConfirm = vi.fn()
    render(<Harness onConfirm={onConfirm} />)
    type('京', 'A', '1', '2', '3', '4', '5')
    expect(value()).toBe('京A12345')
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
    expect(value()).toBe('粤')
  })

  it('When a middle box is tapped and retyped, then only that character changes', () => {
    render(<Harness initial='京A12345' />)
    tap('plate-box-4')
    type('9')
    expect(value()).toBe('京A12945')
    expect(activeBox()).toBe(5)
  })

  it('When new energy is switched on and off while editing, then the typed characters and the cursor stay', () => {
    render(<Harness />)
    type('粤', 'B', 'D', '1')
    expect(activeBox()).toBe(4)
    tap('plate-energy-switch')
    expect(boxes()[7]).not.toBeNull()
    expect(boxes().slice(0, 4)).toEqual(['粤', 'B', 'D', '1'])
    expect(activeBox()).toBe(4)
    type('2', '3', '4', '5')
    expect(value()).toBe('粤BD12345')
    tap('plate-energy-switch')
    expect(boxes()[7]).toBeNull()
    expect(value()).toBe('粤BD1234')
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
    expect(value()).toBe('京A1234')
    tap('plate-delete')
    expect(value()).toBe('京A123')
  })

  it('When new energy is switched on after a complete 7-character plate, then the cursor moves to the new 8th box', () => {
    render(<Harness />)
    type('粤', 'B', 'D', '1', '2', '3', '4')
    expect(activeBox()).toBe(6)
    tap('plate-energy-switch')
    expect(activeBox()).toBe(7)
    type('5')
    expect(value()).toBe('粤BD12345')
    expect(screen.getByTestId('plate-confirm').getAttribute('data-disabled')).toBeNull()
  })

  it('When new energy is switched on while the province box is active, then the cursor stays on the province and nothing is lost', () => {
    render(<Harness initial='京A12345' />)
    tap('plate-box-0')
    tap('plate-energy-switch')
    expect(activeBox()).toBe(0)
    expect(boxes()).toEqual(['京', 'A', '1', '2', '3', '4', '5', '新'])
    type('沪')
    expect(value()).toBe('沪A12345')
    expect(activeBox()).toBe(1)
  })

  it('When new energy is switched off and on again, then the 8th character comes back', () => {
    render(<Harness initial='粤BD12345' />)
    tap('plate-energy-switch')
    expect(value()).toBe('粤BD1234')
    tap('plate-energy-switch')
    expect(value()).toBe('粤BD12345')
  })

  it('When a middle box of a new-energy plate is edited, then the mode and the other characters stay', () => {
    render(<Harness initial='粤BD12345' />)
    tap('plate-box-3')
    type('A')
    expect(value()).toBe('粤BDA2345')
    expect(boxes()[7]).not.toBeNull()
    expect(activeBox()).toBe(4)
  })

  it('When the authority box is active, then the digit keys are marked disabled and I and O are absent', () => {
    render(<Harness initial='京' />)
    expect(activeBox()).toBe(1)
    expect(screen.getByTestId('plate-key-1').getAttribute('data-disabled')).toBe('true')
    expect(screen.getByTestId('plate-key-1').className).toContain('plate-keyboard__key--disabled')
    expect(screen.getByTestId('plate-key-A').getAttribute('data-disabled')).toBeNull()
    expect(screen.queryByTestId('plate-key-I')).toBeNull()
    expect(screen.queryByTestId('plate-key-O')).toBeNull()
  })

  it('When the active box is not the last, or the plate is new energy, then the suffix keys are not offered', () => {
    render(<Harness initial='京A12' />)
    expect(screen.queryByTestId('plate-key-警')).toBeNull()
    tap('plate-box-6')
    expect(screen.getByTestId('plate-key-警')).toBeTruthy()
    tap('plate-energy-switch')
    expect(screen.queryByTestId('plate-key-警')).toBeNull()
  })

  it('When 确定 is tapped on an unfinished plate, then nothing is confirmed and the length reason shows in Chinese', () => {
    const onConfirm = vi.fn()
    render(<Harness onConfirm={onConfirm} />)
    type('京', 'A', '1')
    expect(screen.getByTestId('plate-confirm').getAttribute('data-disabled')).toBe('true')
    tap('plate-confirm')
    expect(onConfirm).not.toHaveBeenCalled()
    expect(screen.getByTestId('plate-reason').textContent).toMatch(/车牌号长度不正确/)
    type('2')
    expect(screen.getByTestId('plate-reason').textContent).not.toMatch(/长度不正确/)
  })

  it('When an embassy plate is typed, then 使 is on the province grid and digits are allowed after it', () => {
    const onConfirm = vi.fn()
    render(<Harness onConfirm={onConfirm} />)
    type('使')
    expect(screen.getByTestId('plate-key-0').getAttribute('data-disabled')).toBeNull()
    expect(screen.getByTestId('plate-key-A').getAttribute('data-disabled')).toBe('true')
    type('0', '1', '4', '5', '7', '8')
    tap('plate-confirm')
    expect(onConfirm).toHaveBeenCalledWith('使014578')
  })

  it('When the page refills the value while the keyboard is open, then the boxes and the mode follow it', () => {
    render(<Harness initial='京A1' />)
    expect(boxes()[7]).toBeNull()
    act(() => void fireEvent.click(screen.getByTestId('history')))
    expect(boxes()).toEqual(['粤', 'B', 'F', '5', '4', '3', '2', '1'])
    expect(screen.getByTestId('plate-energy-switch').getAttribute('data-on')).toBe('true')
  })

  it('When the keyboard is closed and reopened on an ordinary plate, then it refills in ordinary mode', () => {
    const onClose = vi.fn()
    render(<Harness initial='粤BD12345' onClose={onClose} />)
    tap('plate-energy-switch')
    tap('plate-cancel')
    expect(onClose).toHaveBeenCalled()
    expect(screen.queryByTestId('plate-keyboard')).toBeNull()
    act(() => void fireEvent.click(screen.getByTestId('open')))
    expect(boxes()).toEqual(['粤', 'B', 'D', '1', '2', '3', '4', null])
    expect(screen.getByTestId('plate-energy-switch').getAttribute('data-on')).toBe('false')
    expect(activeBox()).toBe(6)
  })

  it('When a middle box of a new-energy plate is deleted, then 确定 stays disabled and names the empty box', () => {
    const onConfirm = vi.fn()
    render(<Harness initial='粤BD12345' onConfirm={onConfirm} />)
    tap('plate-box-3')
    tap('plate-delete')
    expect(boxes()).toEqual(['粤', 'B', 'D', '', '2', '3', '4', '5'])
    // The joined text 粤BD2345 is a valid ordinary plate: it must not be confirmable.
    expect(screen.getByTestId('plate-confirm').getAttribute('data-disabled')).toBe('true')
    tap('plate-confirm')
    expect(onConfirm).not.toHaveBeenCalled()
    expect(screen.getByTestId('plate-reason').textContent).toBe('第 4 位未填写')
    type('7')
    tap('plate-confirm')
    expect(onConfirm).toHaveBeenCalledWith('粤BD72345')
  })
})
