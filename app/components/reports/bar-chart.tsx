import { useId } from 'react'

/**
 * A small stacked bar chart drawn as SVG (no chart library). Values are integer cents; the
 * geometry is plain pixel math and never feeds back into money. The chart is an image with
 * a title and a description for assistive technology; the exact figures belong in the data
 * table that goes with it.
 */

export type BarSeries = {
  key: string
  label: string
  /** Tailwind fill and background classes, e.g. "fill-indigo-500" and "bg-indigo-500". */
  fillClass: string
  swatchClass: string
}

export type BarDatum = {
  /** Full label (tooltip), e.g. "2026-01-31". */
  label: string
  /** Short axis label, e.g. "01-31". */
  shortLabel: string
  values: Record<string, number>
}

const WIDTH = 720
const HEIGHT = 260
const MARGIN = { top: 12, right: 8, bottom: 28, left: 72 }
const TICKS = 4
const MAX_X_LABELS = 8

/** A round axis maximum (1, 2 or 5 × 10^k per tick) at or above `max`, and its tick step. */
export function niceScale(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 100 * TICKS, step: 100 }
  const rough = Math.max(1, Math.ceil(max / TICKS))
  const magnitude = 10 ** Math.floor(Math.log10(rough))
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((candidate) => candidate >= rough)!
  return { top: step * TICKS, step }
}

export function BarChart({
  title,
  description,
  series,
  data,
  formatValue,
  testId,
}: {
  title: string
  description: string
  series: readonly BarSeries[]
  data: readonly BarDatum[]
  formatValue: (value: number) => string
  testId?: string
}) {
  const id = useId()
  const titleId = `${id}-title`
  const descId = `${id}-desc`
  const totals = data.map((datum) => series.reduce((sum, s) => sum + (datum.values[s.key] ?? 0), 0))
  const { top, step } = niceScale(Math.max(0, ...totals))
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom
  const band = data.length > 0 ? plotWidth / data.length : plotWidth
  const barWidth = Math.max(1, band * 0.75)
  const y = (value: number) => MARGIN.top + plotHeight - (value / top) * plotHeight
  const labelEvery = Math.max(1, Math.ceil(data.length / MAX_X_LABELS))

  return (
    <figure className="space-y-2">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        className="h-auto w-full"
        data-testid={testId}
      >
        <title id={titleId}>{title}</title>
        <desc id={descId}>{description}</desc>
        {Array.from({ length: TICKS + 1 }, (_, i) => {
          const value = step * i
          return (
            <g key={value}>
              <line
                x1={MARGIN.left}
                x2={WIDTH - MARGIN.right}
                y1={y(value)}
                y2={y(value)}
                className={i === 0 ? 'stroke-slate-400' : 'stroke-slate-200'}
                strokeWidth={1}
              />
              <text
                x={MARGIN.left - 6}
                y={y(value)}
                textAnchor="end"
                dominantBaseline="middle"
                className="fill-slate-500"
                fontSize={11}
              >
                {formatValue(value)}
              </text>
            </g>
          )
        })}
        {data.map((datum, index) => {
          const x = MARGIN.left + index * band + (band - barWidth) / 2
          let stacked = 0
          const tooltip = `${datum.label}: ${series
            .map((s) => `${s.label} ${formatValue(datum.values[s.key] ?? 0)}`)
            .join(', ')}`
          return (
            <g key={datum.label}>
              <title>{tooltip}</title>
              {/* An invisible full-height target so empty days still show their tooltip. */}
              <rect
                x={MARGIN.left + index * band}
                y={MARGIN.top}
                width={band}
                height={plotHeight}
                fill="transparent"
              />
              {series.map((s) => {
                const value = datum.values[s.key] ?? 0
                if (value <= 0) return null
                const base = stacked
                stacked += value
                return (
                  <rect
                    key={s.key}
                    x={x}
                    y={y(stacked)}
                    width={barWidth}
                    height={Math.max(0, y(base) - y(stacked))}
                    className={s.fillClass}
                  />
                )
              })}
              {index % labelEvery === 0 ? (
                <text
                  x={MARGIN.left + index * band + band / 2}
                  y={HEIGHT - MARGIN.bottom + 16}
                  textAnchor="middle"
                  className="fill-slate-500"
                  fontSize={11}
                >
                  {datum.shortLabel}
                </text>
              ) : null}
            </g>
          )
        })}
      </svg>
      {series.length > 1 ? (
        <figcaption className="flex flex-wrap gap-4 text-xs text-slate-600">
          {series.map((s) => (
            <span key={s.key} className="inline-flex items-center gap-1.5">
              <span
                aria-hidden="true"
                className={`inline-block h-3 w-3 rounded-sm ${s.swatchClass}`}
              />
              {s.label}
            </span>
          ))}
        </figcaption>
      ) : null}
    </figure>
  )
}
