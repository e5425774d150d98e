/**
 * State every list-and-editor screen keeps: a write with busy/error, which editor is open
 * (focus back to its opener when it closes), and the line announcing what was just saved.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError } from '../../api/client.ts';
import { toApiError } from '../../api/hooks.tsx';

/** A write to the API: busy while it runs, the API's error if it fails. */
export function useWrite() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = useCallback(async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await fn();
    } catch (err) {
      setError(toApiError(err));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, clear: () => setError(null) };
}

export type Write = ReturnType<typeof useWrite>;

/**
 * Which editor is open. Opening remembers the control that opened it; closing (saved or
 * cancelled) gives focus back to it, so keyboard users continue where they were.
 */
export function useEditorState<T>() {
  const [state, setState] = useState<T | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const restore = useRef(false);
  useEffect(() => {
    if (state === null && restore.current) {
      restore.current = false;
      const el = opener.current;
      if (el && el.isConnected) el.focus();
    }
  }, [state]);
  const open = useCallback((next: T) => {
    const active = document.activeElement;
    if (active instanceof HTMLElement && active !== document.body) opener.current = active;
    setState(next);
  }, []);
  const close = useCallback(() => {
    restore.current = true;
    setState(null);
  }, []);
  return { state, open, close };
}

/**
 * A list screen's editor and its saved line together: opening an editor clears the last
 * "saved" line (unless `keepSaved`, e.g. moving on from a just-created item to editing it),
 * `done(text)` announces the save and closes the editor.
 */
export function useListScreen<T>() {
  const editor = useEditorState<T>();
  const [saved, setSaved] = useState<string | null>(null);
  const { open: openEditor, close } = editor;
  const open = useCallback(
    (next: T, keepSaved = false) => {
      if (!keepSaved) setSaved(null);
      openEditor(next);
    },
    [openEditor],
  );
  const done = useCallback(
    (text: string) => {
      setSaved(text);
      close();
    },
    [close],
  );
  return { editing: editor.state, open, close, done, saved, setSaved };
}
