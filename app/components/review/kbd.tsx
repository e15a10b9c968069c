/** A shortcut shown beside the control it triggers. */
export function Kbd({ k, className }: { k: string; className?: string }) {
  return <kbd className={`ml-1 ${className ?? ""}`}>{k}</kbd>;
}
