import { withinUnits, type DraftCondition, type ScoreKind, type ValueShape, type WithinUnit } from "./draft";
import { ListInput } from "./list-input";
import { inputClass } from "./labels";

interface Props {
  shape: ValueShape;
  condition: DraftCondition;
  statusValues: readonly string[];
  /** Accessible name prefix, e.g. "Filter 2", so each row's inputs are told apart by screen readers and tests. */
  label: string;
  describedBy?: string;
  onChange: (patch: Partial<DraftCondition>) => void;
}

/** The value inputs for one condition, typed by the field and operator (number, date and time, list, status...). */
export function ValueInput({ shape, condition, statusValues, label, describedBy, onChange }: Props) {
  const common = { "aria-describedby": describedBy, className: inputClass };
  switch (shape) {
    case "none":
      return null;
    case "text":
      return <input {...common} aria-label={`${label} value`} value={condition.value} onChange={(e) => onChange({ value: e.target.value })} />;
    case "list":
      return <ListInput label={`${label} values`} values={condition.list} describedBy={describedBy} onChange={(list) => onChange({ list })} />;
    case "number":
      return (
        <input {...common} aria-label={`${label} value`} inputMode="decimal" className={`${inputClass} w-28`} value={condition.value}
          onChange={(e) => onChange({ value: e.target.value })} />
      );
    case "score":
      return (
        <span className="flex items-center gap-1">
          <select {...common} aria-label={`${label} score kind`} value={condition.scoreKind}
            onChange={(e) => onChange({ scoreKind: e.target.value as ScoreKind, value: "" })}>
            <option value="boolean">pass/fail</option>
            <option value="number">number</option>
            <option value="label">label</option>
          </select>
          {condition.scoreKind === "boolean" ? (
            <select {...common} aria-label={`${label} value`} value={condition.value} onChange={(e) => onChange({ value: e.target.value })}>
              <option value="" disabled>choose…</option>
              <option value="true">pass</option>
              <option value="false">fail</option>
            </select>
          ) : (
            <input {...common} aria-label={`${label} value`} inputMode={condition.scoreKind === "number" ? "decimal" : undefined}
              className={`${inputClass} w-32`} value={condition.value} onChange={(e) => onChange({ value: e.target.value })} />
          )}
        </span>
      );
    case "range":
      return (
        <span className="flex items-center gap-1">
          <input {...common} aria-label={`${label} minimum`} inputMode="decimal" className={`${inputClass} w-24`} value={condition.value}
            onChange={(e) => onChange({ value: e.target.value })} />
          <span className="text-slate-500">and</span>
          <input {...common} aria-label={`${label} maximum`} inputMode="decimal" className={`${inputClass} w-24`} value={condition.upper}
            onChange={(e) => onChange({ upper: e.target.value })} />
        </span>
      );
    case "time":
      return <input {...common} type="datetime-local" aria-label={`${label} time`} value={condition.value} onChange={(e) => onChange({ value: e.target.value })} />;
    case "timeRange":
      return (
        <span className="flex items-center gap-1">
          <input {...common} type="datetime-local" aria-label={`${label} from`} value={condition.value} onChange={(e) => onChange({ value: e.target.value })} />
          <span className="text-slate-500">and</span>
          <input {...common} type="datetime-local" aria-label={`${label} to`} value={condition.upper} onChange={(e) => onChange({ upper: e.target.value })} />
        </span>
      );
    case "within":
      return (
        <span className="flex items-center gap-1">
          <input {...common} aria-label={`${label} amount`} inputMode="decimal" className={`${inputClass} w-20`} value={condition.value}
            onChange={(e) => onChange({ value: e.target.value })} />
          <select {...common} aria-label={`${label} unit`} value={condition.unit} onChange={(e) => onChange({ unit: e.target.value as WithinUnit })}>
            {Object.keys(withinUnits).map((unit) => <option key={unit} value={unit}>{unit}</option>)}
          </select>
        </span>
      );
    case "status":
      return (
        <select {...common} aria-label={`${label} value`} value={condition.value} onChange={(e) => onChange({ value: e.target.value })}>
          <option value="" disabled>choose…</option>
          {statusValues.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
      );
    case "statusList": {
      const chosen = new Set(condition.list);
      const toggle = (status: string, on: boolean) => onChange({ list: statusValues.filter((s) => (s === status ? on : chosen.has(s))) });
      return (
        <fieldset className="flex items-center gap-2" aria-describedby={describedBy}>
          <legend className="sr-only">{`${label} statuses`}</legend>
          {statusValues.map((s) => (
            <label key={s} className="flex items-center gap-1 text-sm">
              <input type="checkbox" checked={chosen.has(s)} onChange={(e) => toggle(s, e.target.checked)} /> {s}
            </label>
          ))}
        </fieldset>
      );
    }
  }
}
