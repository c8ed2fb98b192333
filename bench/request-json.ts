/** A JSON request: a JSON body when `body` is given. */
export interface JsonRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/** Sends a JSON request to a path of the server under test and returns the parsed JSON answer. */
export type SendJson = (path: string, request?: JsonRequest) => Promise<Record<string, unknown>>;

/** What `fetch` is given for a JSON request. */
export function jsonInit(request: JsonRequest): RequestInit {
  return {
    method: request.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...request.headers },
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
  };
}

/**
 * Sends a JSON request and returns the parsed JSON answer; throws on a status outside 2xx, naming the
 * method, the URL and the status.
 */
export async function requestJson(url: string, request: JsonRequest = {}): Promise<Record<string, unknown>> {
  const response = await fetch(url, jsonInit(request));
  if (!response.ok) throw new Error(`${request.method ?? 'GET'} ${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}
