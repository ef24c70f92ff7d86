/**
 * True when an Enter key press is a real submit, not the Enter that confirms an IME conversion
 * (Japanese input): `isComposing` is set during composition, and some browsers report the
 * confirming keydown as keyCode 229 after composition has just ended.
 */
export function isSubmitEnter(event: Pick<KeyboardEvent, 'key' | 'isComposing' | 'keyCode'>): boolean {
  return event.key === 'Enter' && !event.isComposing && event.keyCode !== 229;
}
