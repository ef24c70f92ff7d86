interface ToastProps {
  message: string;
  actionLabel?: string;
  onAction?: () => void;
}

/** A short notice at the bottom of the panel, with one optional action (Undo). */
export function Toast({ message, actionLabel, onAction }: ToastProps) {
  return (
    <div class="toast" role="status">
      <span>{message}</span>
      {actionLabel && onAction && (
        <button type="button" class="toast-action" onClick={onAction}>
          {actionLabel}
        </button>
      )}
    </div>
  );
}
