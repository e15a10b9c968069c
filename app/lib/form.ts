/** What an action returns when the server rejects a form: a summary and messages per field. */
export interface FormFailure {
  error: string;
  fields: Record<string, string>;
}
