import { useEffect, useId, useState } from "react";
import type { FieldInfo } from "../../../worker/filters/fields";
import { LIMITS } from "../../../worker/filters/limits";
import {
  appendChild,
  emptyGroup,
  namedBy,
  newCondition,
  removeNode,
  updateNode,
  valueShape,
  withField,
  withOp,
  type DraftCondition,
  type DraftGroup,
  type GroupMode,
} from "./draft";
import { inputClass, nameLabels, operatorLabels } from "./labels";
import { ValueInput } from "./value-input";

export interface FilterSuggestions {
  classifiers?: readonly string[];
  evaluations?: readonly string[];
}

interface Props {
  fields: readonly FieldInfo[];
  value: DraftGroup;
  onChange: (next: DraftGroup) => void;
  issues: Record<string, string[]>;
  suggestions?: FilterSuggestions;
}

interface Shared extends Props {
  prefix: string;
  focus: (id: string) => void;
}

/** The shared filter builder: nested all/any groups of typed conditions over the field registry. */
export function FilterBuilder(props: Props) {
  const prefix = useId();
  const [focusTarget, setFocusTarget] = useState<string | null>(null);
  // Focus follows the action: a new row's field select, or the group's "Add filter" after a removal.
  useEffect(() => {
    if (!focusTarget) return;
    document.getElementById(focusTarget)?.focus();
    setFocusTarget(null);
  }, [focusTarget]);
  const { suggestions } = props;
  return (
    <div className="flex flex-col gap-2 text-sm" data-testid="filter-builder">
      <Group {...props} prefix={prefix} focus={setFocusTarget} group={props.value} depth={1} label="" />
      <datalist id={`${prefix}-classifiers`}>{suggestions?.classifiers?.map((c) => <option key={c} value={c} />)}</datalist>
      <datalist id={`${prefix}-evaluations`}>{suggestions?.evaluations?.map((e) => <option key={e} value={e} />)}</datalist>
    </div>
  );
}

const domId = (prefix: string, id: string, part: string) => `${prefix}-${id.replace(/[^a-zA-Z0-9_-]/g, "_")}-${part}`;

function Group(props: Shared & { group: DraftGroup; depth: number; label: string; onRemove?: () => void }) {
  const { group, depth, label, fields, value: root, onChange, issues, prefix, focus } = props;
  const first = fields[0];
  const addLabel = depth === 1 ? "Add filter" : `Add filter to group ${label}`;
  const setMode = (mode: GroupMode) => onChange(updateNode(root, group.id, (node) => ({ ...node, mode }) as DraftGroup));
  const add = (node: DraftCondition | DraftGroup, focusId: string) => {
    onChange(appendChild(root, group.id, node));
    focus(focusId);
  };
  const addCondition = () => {
    if (!first) return;
    const condition = newCondition(first);
    add(condition, domId(prefix, condition.id, "field"));
  };
  const addGroup = () => {
    const nested = emptyGroup(group.mode === "all" ? "any" : "all");
    add(nested, domId(prefix, nested.id, "add"));
  };
  const groupIssues = issues[group.id];
  return (
    <div
      role="group"
      aria-label={depth === 1 ? "Filters" : `Group ${label}`}
      className={depth === 1 ? "flex flex-col gap-2" : "flex flex-col gap-2 rounded border border-dashed border-slate-300 bg-slate-50 p-2"}
    >
      <div className="flex items-center gap-2">
        <label className="flex items-center gap-1 text-slate-600">
          Match
          <select className={inputClass} value={group.mode} onChange={(e) => setMode(e.target.value as GroupMode)}
            aria-label={depth === 1 ? "Match" : `Group ${label} match`}>
            <option value="all">all</option>
            <option value="any">any</option>
          </select>
          of these
        </label>
        {props.onRemove && (
          <button type="button" onClick={props.onRemove} className="ml-auto text-xs text-slate-600 underline hover:text-red-700">
            Remove group {label}
          </button>
        )}
      </div>
      {group.children.length === 0 && (
        <p className="text-xs text-slate-500">{depth === 1 ? "No filters: every trace matches." : "Empty group."}</p>
      )}
      <ol className="flex flex-col gap-2">
        {group.children.map((child, i) => {
          const childLabel = label ? `${label}.${i + 1}` : String(i + 1);
          const remove = () => {
            onChange(removeNode(root, child.id));
            focus(domId(prefix, group.id, "add"));
          };
          return (
            <li key={child.id}>
              {child.kind === "group" ? (
                <Group {...props} group={child} depth={depth + 1} label={childLabel} onRemove={remove} />
              ) : (
                <ConditionRow {...props} condition={child} label={childLabel} onRemove={remove} />
              )}
            </li>
          );
        })}
      </ol>
      {groupIssues && <Issues id={domId(prefix, group.id, "issues")} messages={groupIssues} />}
      <div className="flex gap-3">
        <button type="button" id={domId(prefix, group.id, "add")} onClick={addCondition}
          className="rounded border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-slate-700 hover:bg-slate-100">
          + {addLabel}
        </button>
        {depth < LIMITS.depth && (
          <button type="button" onClick={addGroup} className="rounded px-2 py-1 text-xs text-slate-600 hover:bg-slate-100">
            + Add group{depth === 1 ? "" : ` to group ${label}`}
          </button>
        )}
      </div>
    </div>
  );
}

function ConditionRow(props: Shared & { condition: DraftCondition; label: string; onRemove: () => void }) {
  const { condition, label, fields, value: root, onChange, issues, prefix } = props;
  const field = fields.find((f) => f.field === condition.field);
  const rowLabel = `Filter ${label}`;
  const messages = issues[condition.id];
  const issuesId = domId(prefix, condition.id, "issues");
  const describedBy = messages ? issuesId : undefined;
  const replace = (next: DraftCondition) => onChange(updateNode(root, condition.id, () => next));
  const named = field ? namedBy[field.type] : undefined;
  const list = named === "classifier" ? `${prefix}-classifiers` : named === "evaluation" ? `${prefix}-evaluations` : undefined;
  return (
    <div className="flex flex-col gap-1" data-testid="filter-condition">
      <div className="flex flex-wrap items-center gap-1.5">
        <select id={domId(prefix, condition.id, "field")} aria-label={`${rowLabel} field`} className={inputClass} value={condition.field}
          aria-invalid={messages ? true : undefined} aria-describedby={describedBy}
          onChange={(e) => {
            const to = fields.find((f) => f.field === e.target.value);
            if (to) replace(withField(condition, field, to));
          }}>
          {fields.map((f) => <option key={f.field} value={f.field}>{f.label}</option>)}
        </select>
        {named && (
          <input aria-label={`${rowLabel} ${nameLabels[named].toLowerCase()}`} placeholder={nameLabels[named]} list={list}
            className={`${inputClass} w-36`} value={condition.name} aria-describedby={describedBy}
            onChange={(e) => replace({ ...condition, name: e.target.value })} />
        )}
        <select aria-label={`${rowLabel} operator`} className={inputClass} value={condition.op} aria-describedby={describedBy}
          onChange={(e) => field && replace(withOp(condition, field, e.target.value))}>
          {(field?.operators ?? []).map((op) => <option key={op} value={op}>{operatorLabels[op] ?? op}</option>)}
        </select>
        {field && (
          <ValueInput shape={valueShape(field.type, condition.op)} condition={condition} statusValues={field.values ?? []} label={rowLabel}
            describedBy={describedBy} onChange={(patch) => replace({ ...condition, ...patch })} />
        )}
        <button type="button" onClick={props.onRemove} aria-label={`Remove filter ${label}`}
          className="ml-1 rounded px-1.5 text-slate-500 hover:bg-red-50 hover:text-red-700">
          ×
        </button>
      </div>
      {messages && <Issues id={issuesId} messages={messages} />}
    </div>
  );
}

function Issues({ id, messages }: { id: string; messages: string[] }) {
  return (
    <ul id={id} className="text-xs text-red-700" data-testid="filter-issue">
      {[...new Set(messages)].map((message) => <li key={message}>{message}</li>)}
    </ul>
  );
}
