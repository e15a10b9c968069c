import * as Slider from "@radix-ui/react-slider";

/** Sampling for a live queue: a Radix slider for dragging and a number box for an exact value, kept in step. */
export function SamplingSlider({ value, onChange, error }: { value: number; onChange: (percent: number) => void; error?: string }) {
  return (
    <div className="flex flex-col gap-1 text-sm">
      <span id="sampling-label">
        Sampling: <span className="tabular-nums" data-testid="sampling-value">{value}%</span> of matching traces
      </span>
      <div className="flex items-center gap-3">
        <Slider.Root
          className="relative flex h-5 flex-1 touch-none select-none items-center"
          min={0}
          max={100}
          step={1}
          value={[value]}
          onValueChange={([next]) => next !== undefined && onChange(next)}
          aria-labelledby="sampling-label"
        >
          <Slider.Track className="relative h-1.5 grow rounded-full bg-slate-200">
            <Slider.Range className="absolute h-full rounded-full bg-indigo-600" />
          </Slider.Track>
          <Slider.Thumb
            aria-label="Sampling percent"
            aria-valuetext={`${value}%`}
            className="block h-4 w-4 rounded-full border-2 border-indigo-600 bg-white shadow focus:outline-none focus:ring-2 focus:ring-indigo-500"
          />
        </Slider.Root>
        <label className="flex items-center gap-1">
          <span className="sr-only">Sampling percent (exact)</span>
          <input
            type="number"
            min={0}
            max={100}
            step={1}
            value={value}
            onChange={(e) => onChange(Math.min(100, Math.max(0, Number(e.target.value) || 0)))}
            className="w-16 rounded border border-slate-300 px-1.5 py-1 text-right tabular-nums"
          />
          %
        </label>
      </div>
      <span className="text-xs text-slate-500">New traces enter as they complete: filter first, then sampling.</span>
      {error && <span className="text-xs text-red-700">{error}</span>}
    </div>
  );
}
