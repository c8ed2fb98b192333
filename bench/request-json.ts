/**
 * Sends a JSON request (a JSON body when `body` is given) and returns the parsed JSON answer; throws on a
 * status outside 2xx, naming the method, the URL and the status.
 */
export async function requestJson(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<Record<string, unknown>> {
  const method = options.method ?? 'GET';
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...options.headers },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}
