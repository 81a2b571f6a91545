// A modal dialog, a confirmation built on it, and inline field errors. Escape closes; focus starts inside.
import type { ComponentChildren } from "preact";
import type { ApiError } from "../lib/bindings";
import { useEffect, useRef } from "preact/hooks";

export function Modal(props: { title: string; testId: string; onClose: () => void; children: ComponentChildren; wide?: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") props.onClose();
    };
    window.addEventListener("keydown", onKey);
    ref.current?.querySelector<HTMLElement>("input, select, textarea, button")?.focus();
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  return (
    <div class="overlay" onClick={(e) => e.target === e.currentTarget && props.onClose()}>
      <div class={props.wide ? "modal wide" : "modal"} role="dialog" aria-modal="true" aria-label={props.title} data-testid={props.testId} ref={ref}>
        <h2>{props.title}</h2>
        {props.children}
      </div>
    </div>
  );
}

/** The inline message under a form field, when the error is about that field. */
export function FieldError(props: { error: ApiError | null; field: string }) {
  const { error, field } = props;
  if (error?.field !== field) return null;
  return (
    <p class="field-error" role="alert" data-testid={`error-${field}`}>
      {error.message}
    </p>
  );
}

export function Confirm(props: {
  title: string;
  text: string;
  confirm: string;
  cancel: string;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <Modal title={props.title} testId="confirm" onClose={props.onCancel}>
      <p class="lead">{props.text}</p>
      <div class="actions">
        <button type="button" class="secondary" data-testid="confirm-cancel" onClick={props.onCancel}>
          {props.cancel}
        </button>
        <button type="button" class={props.danger ? "danger" : "primary"} data-testid="confirm-ok" onClick={props.onConfirm}>
          {props.confirm}
        </button>
      </div>
    </Modal>
  );
}
