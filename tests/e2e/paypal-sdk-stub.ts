import type { Page } from 'playwright-core'

/**
 * Stands in for PayPal's JS SDK (the machine has no network, and PayPal's buttons are not
 * ours to test). The stub renders one button that runs the real createOrder/onApprove
 * callbacks of @paypal/react-paypal-js; between them the buyer "approves" at the simulated
 * PayPal, as they would in PayPal's window.
 */
const SDK_STUB = `
window.paypal = {
  version: '5.0.0-stub',
  FUNDING: { PAYPAL: 'paypal' },
  Buttons: function (options) {
    var button = null
    return {
      isEligible: function () { return true },
      close: function () {
        if (button) button.remove()
        return Promise.resolve()
      },
      render: function (target) {
        var container = typeof target === 'string' ? document.querySelector(target) : target
        button = document.createElement('button')
        button.type = 'button'
        button.textContent = 'PayPal (test stub)'
        button.onclick = async function () {
          // As the SDK does: a callback's rejection goes to onError, not to the page.
          try {
            var orderID = await options.createOrder({}, {})
            await fetch('/api/dev/paypal/orders/' + encodeURIComponent(orderID) + '/approve', { method: 'POST' })
            await options.onApprove({ orderID: orderID }, { restart: function () { return Promise.resolve() } })
          } catch (error) {
            if (options.onError) options.onError(error)
          }
        }
        container.appendChild(button)
        return Promise.resolve()
      },
    }
  },
}
`

export async function stubPayPalSdk(page: Page): Promise<void> {
  await page.route('**/sdk/js**', (route) =>
    route.fulfill({ contentType: 'application/javascript', body: SDK_STUB }),
  )
}

/** A custom-credits top-up from /billing, paid through the stub (installed by stubPayPalSdk). */
export async function buyCreditsThroughStub(page: Page, baseUrl: string, amount = '$25.00') {
  await page.goto(`${baseUrl}/billing?tab=credits`)
  await page.getByRole('button', { name: amount }).click()
  await page.getByRole('button', { name: 'PayPal (test stub)' }).click()
  await page.getByTestId('checkout-success').waitFor()
}
