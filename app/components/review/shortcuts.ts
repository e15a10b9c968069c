// Every key of the review screen, in one place: the buttons show these beside their labels, the help overlay
// lists them, and the screen binds them. One action per key.

export const keys = {
  next: "j",
  previous: "k",
  complete: "d",
  annotateConversation: "a",
  annotateMessage: "m",
  annotateSelection: "x",
  nextMessage: "n",
  previousMessage: "p",
  nextScore: "v",
  comment: "c",
  issue: "i",
  save: "s",
  accept: "y",
  edit: "e",
  reject: "r",
  dataset: "t",
  help: "?",
} as const;

export const helpSections: { title: string; rows: [string, string][] }[] = [
  {
    title: "Queue",
    rows: [
      [keys.next, "Next item"],
      [keys.previous, "Previous item"],
      [keys.complete, "Fully Annotated (and on to the next)"],
      [keys.dataset, "Add the trace to a dataset"],
    ],
  },
  {
    title: "Conversation",
    rows: [
      [keys.nextMessage, "Focus the next message"],
      [keys.previousMessage, "Focus the previous message"],
      [keys.annotateConversation, "Annotate the whole conversation"],
      [keys.annotateMessage, "Annotate the focused message"],
      [keys.annotateSelection, "Annotate the selected text"],
    ],
  },
  {
    title: "Annotation",
    rows: [
      ["1–9", "Choose a score option (opens a conversation annotation if none is open)"],
      [keys.nextScore, "Switch to the next score"],
      [keys.comment, "Write a comment"],
      [keys.issue, "Link an issue (pick or create)"],
      [keys.save, "Save (also Ctrl/⌘ + Enter in a field)"],
      ["Esc", "Close without saving"],
    ],
  },
  {
    title: "Drafts and annotations (the focused card, else the first draft)",
    rows: [
      [keys.accept, "Accept the draft"],
      [keys.edit, "Edit (a draft is accepted with your edits)"],
      [keys.reject, "Reject the draft"],
    ],
  },
  { title: "Help", rows: [[keys.help, "Show this list"]] },
];
