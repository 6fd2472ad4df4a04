import { authHeaders } from './api.js';

export type LiveState = 'connecting' | 'connected' | 'offline';

/**
 * Follows GET /api/processes/:id/live. EventSource cannot send the Authorization header, and a
 * token must never travel in a URL, so this reads the Server-Sent Events stream through fetch.
 */
export function followProcess(processId: string, onEvent: (type: string) => void, onState: (state: LiveState) => void): () => void {
  const controller = new AbortController();
  let lastEventId: string | undefined;
  let retryMs = 1000;

  const connect = async () => {
    while (!controller.signal.aborted) {
      onState('connecting');
      try {
        const headers: Record<string, string> = { Accept: 'text/event-stream', ...authHeaders() };
        if (lastEventId) headers['Last-Event-ID'] = lastEventId;
        const response = await fetch(`/api/processes/${processId}/live`, { headers, signal: controller.signal, cache: 'no-store' });
        if (!response.ok || !response.body) throw new Error(`live feed answered ${response.status}`);
        onState('connected');
        retryMs = 1000;
        await readEvents(response.body, (id, type) => {
          if (id) lastEventId = id;
          onEvent(type);
        });
      } catch {
        if (controller.signal.aborted) return;
      }
      onState('offline');
      await new Promise((resolve) => setTimeout(resolve, retryMs));
      retryMs = Math.min(retryMs * 2, 30_000);
    }
  };
  void connect();
  return () => controller.abort();
}

async function readEvents(body: ReadableStream<Uint8Array>, dispatch: (id: string | undefined, type: string) => void): Promise<void> {
  const reader = body.pipeThrough(new TextDecoderStream() as unknown as ReadableWritablePair<string, Uint8Array>).getReader();
  let buffer = '';
  let id: string | undefined;
  let type = 'message';
  let hasData = false;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    const lines = buffer.split(/\r\n|\r|\n/);
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (line === '') {
        if (hasData) dispatch(id, type);
        type = 'message';
        hasData = false;
      } else if (line.startsWith('id:')) id = line.slice(3).trim();
      else if (line.startsWith('event:')) type = line.slice(6).trim();
      else if (line.startsWith('data:')) hasData = true;
    }
  }
}
