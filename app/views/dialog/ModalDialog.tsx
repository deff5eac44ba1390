import { useEffect, useId, useRef, type ReactNode } from 'react';
import './ModalDialog.css';

/**
 * A modal dialog on the browser's own `<dialog>`: it traps focus, the rest of the page is inert
 * while it is open, Escape closes it (`onClose`), and focus returns to where it was.
 */
export function ModalDialog({ open, title, onClose, children, className }: { open: boolean; title: string; onClose: () => void; children: ReactNode; className?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (open && !el.open) el.showModal();
    if (!open && el.open) el.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className={`modal-dialog${className ? ` ${className}` : ''}`}
      aria-labelledby={headingId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      {open && (
        <>
          <div className="modal-top">
            <h2 id={headingId} className="modal-heading">
              {title}
            </h2>
            <button type="button" className="modal-close" onClick={onClose} aria-label="Close">
              ×
            </button>
          </div>
          {children}
        </>
      )}
    </dialog>
  );
}
