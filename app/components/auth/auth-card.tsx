import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import { Card } from '#app/components/ui/card.tsx'

/** The frame of the signed-out pages: a heading, the form's card, a link to the other page. */
export function AuthCard({
  title,
  children,
  prompt,
  link,
}: {
  title: string
  children: ReactNode
  prompt: string
  link: { to: string; label: string }
}) {
  return (
    <div className="mx-auto max-w-sm">
      <h1 className="mb-6 text-2xl font-bold">{title}</h1>
      <Card>{children}</Card>
      <p className="mt-4 text-center text-sm text-slate-600">
        {prompt}{' '}
        <Link to={link.to} className="font-semibold text-indigo-700">
          {link.label}
        </Link>
      </p>
    </div>
  )
}
