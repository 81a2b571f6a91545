// A modal dialog and a confirmation built on it. Escape closes; focus starts inside.
import type { ComponentChildren } from "preact";
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
