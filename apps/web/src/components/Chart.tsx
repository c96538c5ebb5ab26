/**
 * ECharts through `echarts/core` with only what the viewer draws (line, bar and custom series; grid,
 * tooltip, legend, mark lines; the SVG renderer, crisp for Chinese text and in print). The chart
 * follows its container's width.
 */
import { BarChart, CustomChart, LineChart } from "echarts/charts";
import {
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TooltipComponent,
} from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";

echarts.use([
  BarChart,
  CustomChart,
  LineChart,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TooltipComponent,
  SVGRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

export function Chart({
  option,
  height,
  label,
  onClick,
}: {
  option: ChartOption;
  height: number;
  label: string;
  /** Called with the clicked item's data index. */
  onClick?: (dataIndex: number) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts>(undefined);
  const click = useRef(onClick);
  click.current = onClick;
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const c = echarts.init(el, undefined, { renderer: "svg" });
    chart.current = c;
    c.on("click", (e) => {
      if (typeof e.dataIndex === "number") click.current?.(e.dataIndex);
    });
    const resize = new ResizeObserver(() => c.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      c.dispose();
      chart.current = undefined;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);
  return <div ref={box} className="chart" role="img" aria-label={label} style={{ height }} />;
}

export { echarts };
