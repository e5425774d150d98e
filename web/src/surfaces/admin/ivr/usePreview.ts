import { useState } from 'react';
import type { ApiError } from '../../../api/client.ts';
import { toApiError } from '../../../api/hooks.tsx';
import { adminApi } from '../api.ts';

/** Plays a text as callers will hear it (rendered by the server, 8 kHz). */
export function usePreview() {
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  async function play(text: string, voice: string) {
    setBusy(true);
    setError(null);
    try {
      // A new address each time: the player below starts it (autoPlay) after the click.
      setUrl(await adminApi.ivrPreview(text, voice, Date.now()));
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }
  return { url, error, busy, play };
}
