/**
 * Pages that are a form rather than an article: a sign-in page, a pricing page with its login box.
 * Readability removes the form's controls from what it extracts but keeps their labels, so such a
 * page came out as a short "article" ending in 「メール パスワード」. The rule, for every page: a
 * short text whose lines are the labels of the page's form controls — the labels of a sign-in
 * (password, e-mail, user name) among them, or a quarter of its lines or more — is no article.
 */

/** Texts shorter than this (characters, as counted for a clip) are looked at; longer ones are articles. */
export const SHORT_FORM_TEXT = 500;
/** Share of a text's lines made of form labels that makes it a form, sign-in labels or not. */
const FORM_LINE_SHARE = 0.25;
/** Controls read at most: a page with thousands of inputs is no article of 500 characters anyway. */
const MAX_CONTROLS = 300;
/** A label is a few words: a longer "label" is text a control holds (a `<button>` left open around the article). */
const MAX_LABEL_CHARS = 40;

/** Inputs that ask who the user is. */
const CREDENTIAL = /^(password|email)$/i;
const CREDENTIAL_AUTOCOMPLETE = /\b(username|email|current-password|new-password|one-time-code)\b/i;

const squash = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();

/** The words of a page's form controls (labels, placeholders, buttons), each marked when it asks for a sign-in. */
function formLabels(doc: Document): Map<string, boolean> {
  const labels = new Map<string, boolean>();
  const add = (text: string | null | undefined, credential: boolean) => {
    const label = squash(text);
    // One character is a bullet or a star, not a label; a paragraph is not one either.
    if (label.length < 2 || label.length > MAX_LABEL_CHARS) return;
    labels.set(label, (labels.get(label) ?? false) || credential);
  };
  const controls = doc.querySelectorAll('input, select, textarea, button');
  for (const control of [...controls].slice(0, MAX_CONTROLS)) {
    const type = (control.getAttribute('type') ?? '').toLowerCase();
    if (type === 'hidden') continue;
    const credential =
      control.localName === 'input' &&
      (CREDENTIAL.test(type) || CREDENTIAL_AUTOCOMPLETE.test(control.getAttribute('autocomplete') ?? ''));
    add(control.getAttribute('aria-label'), credential);
    add(control.getAttribute('placeholder'), credential);
    if (control.localName === 'button') add(control.textContent, false);
    if (/^(submit|button|reset)$/.test(type)) add(control.getAttribute('value'), false);
    const labelled = (control as HTMLInputElement).labels;
    for (const label of labelled ? [...labelled] : []) add(label.textContent, credential);
  }
  return labels;
}

/**
 * Whether `text` (extracted from `doc`, `chars` long) is the page's form rather than an article:
 * short, and made of its controls' labels as the module's comment says.
 */
export function isFormText(doc: Document, text: string, chars: number): boolean {
  if (chars >= SHORT_FORM_TEXT) return false;
  const labels = formLabels(doc);
  if (labels.size === 0) return false;
  // Longest first: 「パスワードを忘れた方」 is taken whole before 「パスワード」.
  const ordered = [...labels.keys()].sort((a, b) => b.length - a.length);
  const lines = text.split('\n').map(squash).filter(Boolean);
  let formLines = 0;
  let asksSignIn = false;
  for (const line of lines) {
    let rest = line;
    let credential = false;
    for (const label of ordered) {
      if (!rest.includes(label)) continue;
      rest = rest.split(label).join(' ');
      credential ||= labels.get(label) ?? false;
    }
    // Only the labels (and what separates them) on the line: a line of the form.
    if (/^[\s\p{P}\p{S}]*$/u.test(rest)) {
      formLines++;
      asksSignIn ||= credential;
    }
  }
  return formLines > 0 && (asksSignIn || formLines >= lines.length * FORM_LINE_SHARE);
}
