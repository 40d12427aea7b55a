import type * as ReactEmailComponents from '@react-email/components'
import { createElement, type ComponentProps, type ComponentType, type ReactElement } from 'react'

type ReactEmail = typeof ReactEmailComponents

/**
 * The React Email components the templates use. `@react-email/components` brings Tailwind,
 * Markdown and Prism with it and costs ~36 MB resident, and a web process that never renders
 * a mail (only the delivery job does) should not pay that. So the templates import these
 * stand-ins, which render the real component by name once `loadMailComponents()` has loaded
 * the package (`renderMail` does, before it renders). They add no markup of their own.
 */
let loaded: ReactEmail | undefined

export async function loadMailComponents(): Promise<void> {
  loaded ??= await import('@react-email/components')
}

type Name =
  | 'Body'
  | 'Container'
  | 'Head'
  | 'Heading'
  | 'Hr'
  | 'Html'
  | 'Img'
  | 'Link'
  | 'Preview'
  | 'Section'
  | 'Text'

function deferred<N extends Name>(name: N) {
  type Props = ComponentProps<ReactEmail[N]>
  function Component(props: Props): ReactElement {
    if (!loaded) {
      throw new Error(`${name}: await loadMailComponents() before rendering a mail template`)
    }
    return createElement(loaded[name] as ComponentType<Props>, props)
  }
  Component.displayName = name
  return Component
}

export const Body = deferred('Body')
export const Container = deferred('Container')
export const Head = deferred('Head')
export const Heading = deferred('Heading')
export const Hr = deferred('Hr')
export const Html = deferred('Html')
export const Img = deferred('Img')
export const Link = deferred('Link')
export const Preview = deferred('Preview')
export const Section = deferred('Section')
export const Text = deferred('Text')
