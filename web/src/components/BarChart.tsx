import { BarChart as EBarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use, type EChartsType } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only what the app draws: bar charts, rendered as SVG (crisp, printable, easy to test).
use([EBarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export interface Bar {
  label: string;
  value: number;
}

interface Props {
  bars: Bar[];
  /** What the chart shows, for screen readers (the figures are also given as text). */
  label: string;
  /** Largest value of the axis (100 for percentages). */
  max?: number;
  unit?: string;
}

const fontFamily = 'system-ui, "Noto Sans", "Noto Sans CJK JP", sans-serif';

/** A horizontal bar chart drawn by ECharts with the SVG renderer. */
export function BarChart({ bars, label, max, unit = '' }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const instance = init(el, null, { renderer: 'svg' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(
      {
        animation: false,
        textStyle: { fontFamily, color: '#1f2933' },
        grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        xAxis: {
          type: 'value',
          max,
          axisLabel: { color: '#3e4c59', formatter: `{value}${unit}` },
          splitLine: { lineStyle: { color: '#d9e2ec' } },
        },
        yAxis: {
          type: 'category',
          inverse: true,
          data: bars.map((b) => b.label),
          axisLabel: { color: '#1f2933', width: 180, overflow: 'truncate' },
        },
        series: [
          {
            type: 'bar',
            data: bars.map((b) => b.value),
            itemStyle: { color: '#1d4f91' },
            label: {
              show: true,
              position: 'right',
              color: '#1f2933',
              formatter: `{c}${unit}`,
            },
            barMaxWidth: 28,
          },
        ],
      },
      true,
    );
  }, [bars, max, unit]);

  return (
    <div
      className="chart"
      role="img"
      aria-label={label}
      ref={ref}
      style={{ height: `${Math.max(120, bars.length * 44 + 40)}px` }}
    />
  );
}

export interface Series {
  name: string;
  values: (number | null)[];
}

// Series colours: distinct, each at least 3:1 against white (WCAG 1.4.11).
const palette = ['#1d4f91', '#b35900', '#2e7d32', '#7b3fa0', '#a4161a', '#00707a'];

/** Vertical bars grouped by category (one per series), e.g. compliance per party per cycle. */
export function GroupedBarChart({
  categories,
  series,
  label,
  max,
  unit = '',
}: {
  categories: string[];
  series: Series[];
  label: string;
  max?: number;
  unit?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const instance = init(el, null, { renderer: 'svg' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(
      {
        animation: false,
        textStyle: { fontFamily, color: '#1f2933' },
        legend: { top: 0, textStyle: { color: '#1f2933' } },
        grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        xAxis: { type: 'category', data: categories, axisLabel: { color: '#1f2933' } },
        yAxis: {
          type: 'value',
          max,
          axisLabel: { color: '#3e4c59', formatter: `{value}${unit}` },
          splitLine: { lineStyle: { color: '#d9e2ec' } },
        },
        series: series.map((s, i) => ({
          type: 'bar',
          name: s.name,
          data: s.values,
          itemStyle: { color: palette[i % palette.length] },
          label: { show: true, position: 'top', color: '#1f2933', formatter: `{c}${unit}` },
          barMaxWidth: 36,
        })),
      },
      true,
    );
  }, [categories, series, max, unit]);

  return (
    <div className="chart" role="img" aria-label={label} ref={ref} style={{ height: '260px' }} />
  );
}
